package io.crosstrust.sinks.oracle;

/** A JSON-RPC call of the oracle poster failed; {@link #kind()} says what it means. */
public final class OracleRpcException extends RuntimeException {
    /** Why a call failed. */
    public enum Kind {
        /** The node could not be reached or did not answer in time: retry. */
        TRANSPORT(true),
        /** The node answered an error that may pass (busy, not synced, bad reply): retry. */
        NODE_ERROR(true),
        /** The call or the transaction would revert: {@link #revertData()} says why. */
        REVERTED(false),
        /** The nonce is already used (by a mined transaction). */
        NONCE_TOO_LOW(false),
        /** The node already has exactly this transaction. */
        ALREADY_KNOWN(false),
        /** A transaction with this nonce is pending and this one does not pay enough more. */
        UNDERPRICED(false),
        /** The node refused the request for good (invalid, insufficient funds, ...). */
        REJECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String revertData;

    public OracleRpcException(Kind kind, String message, String revertData, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.revertData = revertData;
    }

    public OracleRpcException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /** 0x-hex revert data for REVERTED (may be null when the node gives none). */
    public String revertData() {
        return revertData;
    }
}
