package io.crosstrust.jobs.warnings;

import static io.crosstrust.jobs.scoring.ScoringFixtures.DAY;
import static io.crosstrust.jobs.scoring.ScoringFixtures.day;
import static io.crosstrust.jobs.scoring.ScoringFixtures.due;
import static io.crosstrust.jobs.scoring.ScoringFixtures.paid;
import static io.crosstrust.jobs.warnings.WarningFixtures.rules;
import static io.crosstrust.jobs.warnings.WarningFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.jobs.scoring.ScoredEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class EntityWarningsFunctionTest {
    private static final long INACTIVITY = 120 * DAY;

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoredEvent, RawRecord, WarningCandidate>
            harness() throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new EntityWarningsFunction(RiskRules.defaults(), INACTIVITY),
                        ScoredEvent::entityId,
                        Types.STRING,
                        WarningDescriptors.RULES);
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        return h;
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<String, ScoredEvent, RawRecord, WarningCandidate> h,
            TradeEvent e)
            throws Exception {
        h.processElement(
                scored(e.getSubjectId(), Role.SUBJECT, e), e.getEventTime().toEpochMilli());
    }

    private static int stateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void overdueInstalmentsAreFoundByEventTimeTimersAndStateIsClearedWhenIdle() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= 3; i++) {
                send(h, due("d" + i, "o" + i, "B1", "S1", day(i), day(10 + i), "1000"));
            }
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            assertThat(stateEntries(h)).isEqualTo(2); // rule state + its timer

            h.processWatermark(new Watermark(day(17.9).toEpochMilli()));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(day(20).toEpochMilli()));
            List<WarningCandidate> out = h.extractOutputValues();
            assertThat(out).extracting(c -> c.type).containsExactly(WarningType.PAYMENT_OVERDUE);
            assertThat(out.get(0).eventTimeMillis).isEqualTo(day(20).toEpochMilli());
            assertThat(out.get(0).ruleVersion).isEqualTo(1);
            // next: the contagion check of the unpaid instalments
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            for (int i = 1; i <= 3; i++) {
                send(h, paid("p" + i, "o" + i, "B1", "S1", day(21), "1000"));
            }
            assertThat(h.extractOutputValues())
                    .extracting(c -> c.status)
                    .containsExactly(WarningStatus.RAISED, WarningStatus.CLEARED);

            // 120 days without an event: the entity's state and timer are gone
            h.processWatermark(new Watermark(day(21 + 120).toEpochMilli()));
            assertThat(stateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRuleUpdateTakesEffectAndABadOneIsRefusedWithItsReason() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(
                    rules(
                            "{\"version\": 2, \"rules\": {\"PAYMENT_OVERDUE\": {\"enabled\": false}}}",
                            1),
                    0);
            h.processBroadcastElement(rules("{\"version\": 3, \"rules\": {\"NOPE\": {}}}", 2), 0);
            h.processBroadcastElement(rules("{\"version\": 1}", 3), 0);
            List<DeadLetter> refused =
                    h.getSideOutput(WarningDescriptors.REJECTED_RULES).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(refused)
                    .extracting(DeadLetter::getEventId)
                    .containsExactly("risk.rules/0/2", "risk.rules/0/3");
            assertThat(refused.get(0).getReason()).contains("unknown warning type 'NOPE'");
            assertThat(refused.get(1).getReason()).contains("older");
            assertThat(refused).allSatisfy(d -> assertThat(d.getStage()).isEqualTo("risk-rules"));

            for (int i = 1; i <= 3; i++) {
                send(h, due("d" + i, "o" + i, "B1", "S1", day(i), day(10 + i), "100"));
            }
            h.processWatermark(new Watermark(day(30).toEpochMilli()));
            assertThat(h.extractOutputValues()).isEmpty();

            h.processBroadcastElement(rules("{\"version\": 4}", 4), 0);
            send(h, due("d4", "o4", "B1", "S1", day(31), day(32), "100"));
            h.processWatermark(new Watermark(day(40).toEpochMilli()));
            List<WarningCandidate> out = h.extractOutputValues();
            assertThat(out).extracting(c -> c.type).containsExactly(WarningType.PAYMENT_OVERDUE);
            assertThat(out.get(0).ruleVersion).isEqualTo(4);
        }
    }
}
