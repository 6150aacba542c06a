package io.crosstrust.ingest.normalise;

/** A decodable event whose content breaks a rule; the message says which, for the producer. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message);
    }
}
