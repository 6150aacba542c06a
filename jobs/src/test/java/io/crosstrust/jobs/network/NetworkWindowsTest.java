package io.crosstrust.jobs.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkWindowsTest {
    private static final long DAY = 86_400_000L;

    @Test
    void theDefaultsAreDailyTumblingAndThirtyDaysSlidingByADay() {
        NetworkWindows w = NetworkWindows.defaults();
        assertThat(w.kinds())
                .extracting(NetworkWindows.Kind::name)
                .containsExactly("tumbling-1d", "sliding-30d");
        assertThat(w.paneMs()).isEqualTo(DAY);
        // a day's pane is in its own tumbling window and in 30 sliding windows ending the next
        // 30 midnights
        assertThat(w.windowEnds(10 * DAY)).hasSize(30).startsWith(11 * DAY).endsWith(40 * DAY);
        assertThat(w.paneStart(10 * DAY + 5)).isEqualTo(10 * DAY);
        assertThat(w.paneStart(-1)).isEqualTo(-DAY);
        assertThat(w.paneExpired(10 * DAY, 39 * DAY)).isFalse();
        assertThat(w.paneExpired(10 * DAY, 40 * DAY)).isTrue();
    }

    @Test
    void panesAreTheGreatestCommonDivisor() {
        NetworkWindows w =
                new NetworkWindows(Duration.ofHours(6), Duration.ofHours(4), Duration.ofHours(2));
        assertThat(w.paneMs()).isEqualTo(2 * 3_600_000L);
        assertThat(w.kinds())
                .extracting(NetworkWindows.Kind::name)
                .containsExactly("tumbling-6h", "sliding-4h-by-2h");
        // pane [6h, 8h): tumbling [6h, 12h) ends 12h; sliding [4h, 8h) and [6h, 10h)
        assertThat(w.windowEnds(6 * 3_600_000L))
                .containsExactly(8 * 3_600_000L, 10 * 3_600_000L, 12 * 3_600_000L);
    }

    @Test
    void withoutASlidingWindowOnlyTheTumblingOne() {
        NetworkWindows w = new NetworkWindows(Duration.ofDays(1), Duration.ZERO, Duration.ZERO);
        assertThat(w.kinds()).hasSize(1);
        assertThat(w.windowEnds(0)).containsExactly(DAY);
        assertThat(w.paneExpired(0, DAY)).isTrue();
    }

    @Test
    void badWindowsAreRefused() {
        assertThatThrownBy(() -> new NetworkWindows(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("tumbling window must be > 0");
        assertThatThrownBy(
                        () ->
                                new NetworkWindows(
                                        Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(2)))
                .hasMessageContaining("longer than the sliding window");
    }
}
