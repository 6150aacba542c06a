package io.crosstrust.sinks.oracle;

/**
 * The oracle sink cannot go on: wrong chain, wrong key, a refused transaction, a node gone for
 * longer than the retry policy allows. The message says what to fix; it never carries the signing
 * key.
 */
public final class OracleSinkException extends RuntimeException {
    public OracleSinkException(String message) {
        super(message);
    }

    public OracleSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
