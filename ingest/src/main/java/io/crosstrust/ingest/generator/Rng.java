package io.crosstrust.ingest.generator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The world's single source of randomness. Uses StrictMath so a seed gives the same draws on every
 * JVM and CPU (Math.log/exp may differ in the last bit between platforms).
 */
final class Rng {
    private static final double TWO_PI = 2 * StrictMath.PI;
    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return random.nextDouble();
    }

    /** Uniform in [a, b). */
    double uniform(double a, double b) {
        return a + (b - a) * random.nextDouble();
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [min, max]. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    long nextLong() {
        return random.nextLong();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    /**
     * Standard normal (Box-Muller; one of the pair is dropped to keep the draw sequence simple).
     */
    double gaussian() {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(TWO_PI * u2);
    }

    /** Log-normal with median {@code median}. */
    double logNormal(double median, double sigma) {
        return sigma == 0 ? median : median * StrictMath.exp(sigma * gaussian());
    }

    /** Log-normal with mean 1. */
    double logNormalMeanOne(double sigma) {
        return sigma == 0 ? 1 : StrictMath.exp(sigma * gaussian() - sigma * sigma / 2);
    }

    /** An index drawn from cumulative weights (last element = total). */
    int pick(double[] cumulative) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    /** Fisher-Yates shuffle in place. */
    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }

    static double[] cumulative(double[] weights) {
        double[] out = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            out[i] = sum;
        }
        return out;
    }
}
