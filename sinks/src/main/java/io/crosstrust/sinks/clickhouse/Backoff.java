package io.crosstrust.sinks.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/** How often and how long to wait between retries: exponential, doubling, capped. */
final class Backoff implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxRetries;
    private final long initialMillis;
    private final long maxMillis;

    Backoff(int maxRetries, Duration initial, Duration max) {
        this.maxRetries = maxRetries;
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    int maxRetries() {
        return maxRetries;
    }

    /** Wait before retry number {@code retry} (1-based). */
    long delayMillis(int retry) {
        long delay = initialMillis;
        for (int i = 1; i < retry && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }
}
