package io.crosstrust.deploy.api;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key name: {@code perSecond} requests per second on average, bursts up to
 * {@code burst}. A request over the limit gets HTTP 429 with Retry-After.
 */
final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code key}; false when its bucket is empty. */
    boolean tryAcquire(String key) {
        long now = System.nanoTime();
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        synchronized (b) {
            double tokens = Math.min(burst, b[0] + (now - (long) b[1]) / 1e9 * perSecond);
            b[1] = now;
            if (tokens < 1) {
                b[0] = tokens;
                return false;
            }
            b[0] = tokens - 1;
            return true;
        }
    }
}
