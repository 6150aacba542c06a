package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlignedSourceEventTimeTest {
    @Test
    void aZeroIdlenessIsRefusedWithTheOptionToFix() {
        assertThatThrownBy(
                        () ->
                                ScoringJob.alignedSourceEventTime(
                                        Duration.ofMinutes(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crosstrust.scoring.source-idleness must be positive");
    }

    @Test
    void alignsTradeEventsWithinTheLag() {
        var alignment =
                ScoringJob.alignedSourceEventTime(Duration.ofMinutes(10), Duration.ofSeconds(30))
                        .getAlignmentParameters();
        assertThat(alignment.getWatermarkGroup()).isEqualTo("trade-events");
        assertThat(alignment.getMaxAllowedWatermarkDrift()).isEqualTo(600_000L);
    }
}
