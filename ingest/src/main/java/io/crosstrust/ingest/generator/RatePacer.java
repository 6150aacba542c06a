package io.crosstrust.ingest.generator;

/**
 * A token bucket that paces a loop to a target rate: {@link #acquire()} returns at once while
 * tokens remain and otherwise sleeps until the next one is due. The bucket holds at most {@code
 * burst} tokens, so after a stall the loop catches up by at most that many events. Not thread-safe.
 */
public final class RatePacer {
    /** Time source and sleeper (a seam for tests). */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        /** The system clock. */
        Clock SYSTEM =
                new Clock() {
                    @Override
                    public long nanoTime() {
                        return System.nanoTime();
                    }

                    @Override
                    public void sleepNanos(long nanos) throws InterruptedException {
                        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    }
                };
    }

    private final double ratePerNano;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long last;

    /**
     * @param ratePerSecond target rate, > 0
     * @param burst bucket capacity in events, >= 1
     * @param clock time source
     */
    public RatePacer(double ratePerSecond, double burst, Clock clock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be > 0, got " + ratePerSecond);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("burst must be >= 1, got " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.tokens = 1;
        this.last = clock.nanoTime();
    }

    /** A pacer on the system clock with a burst of 10 ms worth of events (at least 1). */
    public static RatePacer perSecond(double ratePerSecond) {
        return new RatePacer(ratePerSecond, Math.max(1, ratePerSecond / 100), Clock.SYSTEM);
    }

    /** Takes one token, sleeping until one is available. */
    public void acquire() throws InterruptedException {
        refill();
        while (tokens < 1) {
            long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
            clock.sleepNanos(Math.max(1, wait));
            refill();
        }
        tokens -= 1;
    }

    private void refill() {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
