package io.crosstrust.ingest.chain;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FailoverChainRpc} retries a failed call: exponential backoff from {@code
 * initialBackoff}, doubling up to {@code maxBackoff}, with every attempt on the next endpoint,
 * until {@code giveUpAfter} has passed since the first failure. A node restart of ~10 s is ridden
 * out with the defaults; a node gone for longer than {@code giveUpAfter} fails the listener, which
 * a supervisor restarts from its persisted cursor.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(5));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be > 0, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("giveUpAfter must be >= 0, got " + giveUpAfter);
        }
    }

    /** The pause before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < retry && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
