package io.crosstrust.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.bench.WarningLatency.Figures;
import io.crosstrust.bench.WarningLatency.Observed;
import io.crosstrust.bench.WarningLatency.Percentiles;
import io.crosstrust.bench.WarningLatency.Published;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the credit-risk bench counts as a warning's latency, on hand-made windows. */
class WarningLatencyTest {
    private static final long MINUTE = 60_000;

    @Test
    void nearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i; // 1..100, unsorted
        }
        assertThat(Percentiles.of(hundred)).isEqualTo(new Percentiles(50, 99, 100));
        assertThat(Percentiles.of(new long[] {7})).isEqualTo(new Percentiles(7, 7, 7));
        assertThat(Percentiles.of(new long[0])).isEqualTo(new Percentiles(0, 0, 0));
    }

    @Test
    void aWarningIsMeasuredFromItsNewestEvidenceEventOfTheWindow() {
        Map<String, Published> window =
                Map.of(
                        "a", new Published(0, 1_000, 10 * MINUTE),
                        "b", new Published(1, 1_040, 11 * MINUTE));
        // cites an event from before the window ("old"), a and b: measured from b
        Observed w = new Observed(1_100, 1_600, 11 * MINUTE, List.of("old", "a", "b"));

        Figures f = WarningLatency.measure(window, List.of(w), 10 * MINUTE);

        assertThat(f.measured()).isEqualTo(1);
        assertThat(f.skipped()).isZero();
        assertThat(f.eventTriggered()).isEqualTo(1);
        assertThat(f.append()).isEqualTo(new Percentiles(60, 60, 60));
        assertThat(f.visible()).isEqualTo(new Percentiles(560, 560, 560));
        assertThat(f.causes()).isEqualTo(1);
        assertThat(f.causeAppend()).isEqualTo(f.append());
        assertThat(f.causeVisible()).isEqualTo(f.visible());
    }

    @Test
    void warningsWithoutEvidenceFromTheWindowAreSkipped() {
        Map<String, Published> window = Map.of("a", new Published(0, 1_000, MINUTE));
        List<Observed> warnings =
                List.of(
                        new Observed(2_000, 2_100, MINUTE, List.of("backlog-1", "backlog-2")),
                        new Observed(2_000, 2_100, MINUTE, List.of())); // a clear

        Figures f = WarningLatency.measure(window, warnings, 10 * MINUTE);

        assertThat(f.measured()).isZero();
        assertThat(f.skipped()).isEqualTo(2);
        assertThat(f.withoutEvidence()).isEqualTo(1);
        assertThat(f.append()).isEqualTo(new Percentiles(0, 0, 0));
    }

    @Test
    void aTimerWarningIsCausedWhenEveryPartitionPassedItsTimePlusTheOutOfOrderness() {
        long due = 100 * MINUTE;
        Map<String, Published> window =
                Map.of(
                        "due", new Published(0, 1_000, due),
                        // partition 0 passes due + 10 min at 5,000, partition 1 only at 6,000
                        "p0-early", new Published(0, 4_000, due + 10 * MINUTE),
                        "p0-late", new Published(0, 5_000, due + 35 * MINUTE),
                        "p1-early", new Published(1, 5_500, due + 5 * MINUTE),
                        "p1-late", new Published(1, 6_000, due + 40 * MINUTE),
                        "p1-later", new Published(1, 7_000, due + 50 * MINUTE));
        // an overdue check at due + 20 min, citing the payment-due event
        Observed overdue = new Observed(6_100, 6_400, due + 20 * MINUTE, List.of("due"));

        Figures f = WarningLatency.measure(window, List.of(overdue), 10 * MINUTE);

        assertThat(f.eventTriggered()).isZero();
        assertThat(f.append().p50()).isEqualTo(5_100); // from the evidence, as defined
        assertThat(f.causes()).isEqualTo(1);
        // the watermark needs an event later than due + 30 min on both partitions: 5,000 and 6,000
        assertThat(f.causeAppend().p50()).isEqualTo(100);
        assertThat(f.causeVisible().p50()).isEqualTo(400);
    }

    @Test
    void aTimerWarningWhoseCauseIsAfterTheWindowCountsInTheEvidenceFiguresOnly() {
        Map<String, Published> window =
                Map.of(
                        "due", new Published(0, 1_000, 0),
                        "next", new Published(1, 1_200, MINUTE));
        Observed overdue = new Observed(9_000, 9_100, 60 * MINUTE, List.of("due"));

        Figures f = WarningLatency.measure(window, List.of(overdue), 10 * MINUTE);

        assertThat(f.measured()).isEqualTo(1);
        assertThat(f.causes()).isZero();
        assertThat(f.causeAppend()).isEqualTo(new Percentiles(0, 0, 0));
    }
}
