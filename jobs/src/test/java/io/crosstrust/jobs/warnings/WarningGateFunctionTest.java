package io.crosstrust.jobs.warnings;

import static io.crosstrust.jobs.scoring.ScoringFixtures.DAY;
import static io.crosstrust.jobs.scoring.ScoringFixtures.day;
import static io.crosstrust.jobs.warnings.WarningFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class WarningGateFunctionTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static KeyedBroadcastOperatorTestHarness<
                    String, WarningCandidate, RawRecord, RiskWarning>
            harness() throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new WarningGateFunction(
                                RiskRules.defaults(), 60 * DAY, Clock.fixed(NOW, ZoneOffset.UTC)),
                        WarningCandidate::entityId,
                        Types.STRING,
                        WarningDescriptors.RULES);
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        return h;
    }

    private static WarningCandidate raise(Severity sev, double d) {
        return WarningCandidate.raise(
                "B1",
                "DE",
                WarningType.DISPUTE_SPIKE,
                sev,
                "disputes",
                List.of("e" + d),
                1,
                "1.0.0",
                day(d).toEpochMilli());
    }

    private static WarningCandidate clear(double d) {
        return WarningCandidate.clear(
                "B1",
                null,
                WarningType.DISPUTE_SPIKE,
                "back",
                List.of(),
                1,
                null,
                day(d).toEpochMilli());
    }

    private static void offer(
            KeyedBroadcastOperatorTestHarness<String, WarningCandidate, RawRecord, RiskWarning> h,
            WarningCandidate c)
            throws Exception {
        h.processElement(c, c.eventTimeMillis);
    }

    @Test
    void repeatsAreSuppressedWithinTheCoolDownUnlessSeverityRises() throws Exception {
        try (var h = harness()) {
            offer(h, raise(Severity.MEDIUM, 0));
            offer(h, raise(Severity.MEDIUM, 1)); // same severity, within 14 days: suppressed
            offer(h, raise(Severity.HIGH, 2)); // escalation: raised again
            offer(h, raise(Severity.MEDIUM, 3)); // lower: suppressed
            offer(h, raise(Severity.HIGH, 17)); // cool-down over: a reminder
            offer(h, clear(18));
            offer(h, clear(19)); // nothing active: nothing to clear
            offer(h, raise(Severity.HIGH, 20)); // back within the cool-down of the last raise
            List<RiskWarning> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(w -> w.getStatus() + "/" + w.getSeverity() + "/" + w.getEventId())
                    .containsExactly(
                            "RAISED/MEDIUM/B1:DISPUTE_SPIKE:1",
                            "RAISED/HIGH/B1:DISPUTE_SPIKE:2",
                            "RAISED/HIGH/B1:DISPUTE_SPIKE:3",
                            "CLEARED/HIGH/B1:DISPUTE_SPIKE:4");
            RiskWarning first = out.get(0);
            assertThat(first.getRegion()).isEqualTo("DE");
            assertThat(first.getRuleId()).isEqualTo("DISPUTE_SPIKE");
            assertThat(first.getRuleVersion()).isEqualTo(1);
            assertThat(first.getModelVersion()).isEqualTo("1.0.0");
            assertThat(first.getRaisedAt()).isEqualTo(NOW);
            assertThat(first.getEventTime()).isEqualTo(day(0));
            assertThat(first.getEvidenceEventIds()).containsExactly("e0.0");
            assertThat(out.get(3).getRegion()).as("remembered").isEqualTo("DE");
        }
    }

    @Test
    void aDisabledRuleDropsItsCandidatesAndIdleStateIsCleared() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(
                    rules(
                            "{\"version\": 2, \"rules\": {\"DISPUTE_SPIKE\": {\"enabled\": false}}}",
                            0),
                    0);
            offer(h, raise(Severity.HIGH, 0));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            assertThat(
                            ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                                    .numKeyValueStateEntries())
                    .isEqualTo(1);
            h.processWatermark(new Watermark(day(60).toEpochMilli()));
            assertThat(
                            ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                                    .numKeyValueStateEntries())
                    .isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
