package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {
    /** A clock that only moves when the pacer sleeps (or the test advances it). */
    static final class FakeClock implements RatePacer.Clock {
        long now = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void pacesToTheTargetRate() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(1000, 1, clock);
        long start = clock.now;
        for (int i = 0; i < 5001; i++) {
            pacer.acquire();
        }
        double seconds = (clock.now - start) / 1e9;
        assertThat(seconds).isBetween(4.99, 5.01);
    }

    @Test
    void allowsABurstAfterIdlingButNoMore() throws InterruptedException {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(100, 5, clock);
        clock.now += 10_000_000_000L; // idle 10 s
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }
        assertThat(clock.slept).isZero();
        pacer.acquire();
        assertThat(clock.slept).isBetween(9_000_000L, 11_000_000L); // one event at 100/s = 10 ms
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RatePacer(0, 1, new FakeClock()))
                .hasMessage("ratePerSecond must be > 0, got 0.0");
        assertThatThrownBy(() -> new RatePacer(10, 0.5, new FakeClock()))
                .hasMessage("burst must be >= 1, got 0.5");
    }
}
