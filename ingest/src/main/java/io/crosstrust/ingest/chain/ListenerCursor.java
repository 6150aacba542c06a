package io.crosstrust.ingest.chain;

import java.util.Objects;

/**
 * The last block whose logs are committed: the listener resumes at {@code number + 1}, and checks
 * that {@code hash} is still on the chain before it does.
 */
public record ListenerCursor(long number, String hash) {
    public ListenerCursor {
        Objects.requireNonNull(hash, "hash");
    }
}
