package io.crosstrust.ingest.wire;

/** A Kafka value that is not a message this project can read, and why. */
public final class WireFormatException extends Exception {
    /** What kind of failure, mapped one to one onto the dead-letter failure kinds. */
    public enum Kind {
        /** Not single-object encoded, truncated, or not decodable with its writer schema. */
        UNDECODABLE,
        /** A well-formed header whose fingerprint names no schema this project published. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;

    public WireFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
