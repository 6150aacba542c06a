package io.crosstrust.ingest.chain;

/** A JSON-RPC call failed; {@link #kind()} says whether retrying (or a smaller range) can help. */
public final class ChainRpcException extends RuntimeException {
    /** Why a call failed. */
    public enum Kind {
        /** The node could not be reached or did not answer in time: retry, fail over. */
        TRANSPORT(true),
        /** The node answered with an error that may pass (overloaded, not synced): retry. */
        NODE_ERROR(true),
        /** The node answered something that is not a valid reply: retry elsewhere. */
        BAD_REPLY(true),
        /** eth_getLogs refused the block range or its result size: ask for a smaller range. */
        RANGE_TOO_LARGE(false),
        /** The request itself is wrong (invalid params): retrying will not help. */
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

    public ChainRpcException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ChainRpcException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
