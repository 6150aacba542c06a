package io.crosstrust.jobs.scoring;

import static io.crosstrust.jobs.scoring.ScoringFixtures.V1;
import static io.crosstrust.jobs.scoring.ScoringFixtures.V1_JSON;
import static io.crosstrust.jobs.scoring.ScoringFixtures.day;
import static io.crosstrust.jobs.scoring.ScoringFixtures.due;
import static io.crosstrust.jobs.scoring.ScoringFixtures.modelUpdate;
import static io.crosstrust.jobs.scoring.ScoringFixtures.modelVersion;
import static io.crosstrust.jobs.scoring.ScoringFixtures.order;
import static io.crosstrust.jobs.scoring.ScoringFixtures.paid;
import static io.crosstrust.jobs.scoring.ScoringFixtures.registered;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.ScoreTrigger;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ScoringFunctionTest {
    private static final ScoringSettings SETTINGS =
            ScoringSettings.defaults()
                    .withEpsilon(2.0)
                    .withHeartbeat(Duration.ofDays(7))
                    .withHeartbeatIdleLimit(Duration.ofDays(30))
                    .withInactivity(Duration.ofDays(60));

    private static KeyedBroadcastOperatorTestHarness<String, EntityEvent, RawRecord, ScoredEvent>
            harness() throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new ScoringFunction(
                                V1_JSON,
                                SETTINGS,
                                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC)),
                        EntityEvent::entityId,
                        Types.STRING,
                        ScoringDescriptors.MODEL);
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        return h;
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<String, EntityEvent, RawRecord, ScoredEvent> h,
            TradeEvent e)
            throws Exception {
        for (EntityEvent x : EntityEvent.of(e)) {
            h.processElement(x, e.getEventTime().toEpochMilli());
        }
    }

    private static int stateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    private static List<CreditScore> published(List<ScoredEvent> out) {
        return out.stream().map(s -> s.published).filter(Objects::nonNull).toList();
    }

    @Test
    void theFirstEventPublishesAScoreAndSmallChangesDoNot() throws Exception {
        try (var h = harness()) {
            send(h, registered("B1", "DE", day(0)));
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            CreditScore first = out.get(0).published;
            assertThat(first).isNotNull();
            assertThat(first.getEventId()).isEqualTo("B1:1");
            assertThat(first.getScoreVersion()).isEqualTo(1);
            assertThat(first.getRegion()).isEqualTo("DE");
            assertThat(first.getChainAddress()).startsWith("0x");
            assertThat(first.getModelId()).isEqualTo(V1.id());
            assertThat(first.getModelVersion()).isEqualTo(V1.version());
            assertThat(first.getTrigger()).isEqualTo(ScoreTrigger.EVENT);
            assertThat(first.getTriggerEventId()).isEqualTo("reg-B1");
            assertThat(first.getAsOf()).isEqualTo(day(0));
            assertThat(first.getComposite()).isBetween(300.0, 850.0);
            assertThat(first.getReasons()).isNotEmpty();
            // features + score bookkeeping, one wake-up timer (the heartbeat)
            assertThat(stateEntries(h)).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            // a second registration an hour later changes nothing that matters
            send(h, registered("B1", "DE", day(1.0 / 24)));
            List<ScoredEvent> all = h.extractOutputValues();
            assertThat(all).hasSize(2);
            assertThat(all.get(1).published).isNull();
            assertThat(all.get(1).composite).isCloseTo(first.getComposite(), within(2.0));
            assertThat(all.get(1).modelVersion).isEqualTo(V1.version());
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void aBuyerAndTheSellerOfAnOrderAreBothScored() throws Exception {
        try (var h = harness()) {
            send(h, order("1", "B1", "S1", day(0), "1200"));
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out).extracting(s -> s.entityId).containsExactly("B1", "S1");
            assertThat(out)
                    .extracting(s -> s.role)
                    .containsExactly(Role.SUBJECT, Role.COUNTERPARTY);
            assertThat(published(out))
                    .extracting(CreditScore::getRegion)
                    .containsExactly("DE", "CN");
            // the seller's order awaits its shipment
            assertThat(stateEntries(h)).isEqualTo(5);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
        }
    }

    @Test
    void anInstalmentIsStateUntilPaidAndArrearsLowerTheScore() throws Exception {
        try (var h = harness()) {
            send(h, due("d1", "o1", "B1", "S1", day(0), day(30), "5000"));
            assertThat(stateEntries(h)).isEqualTo(3); // features, instalments, score state
            double fresh = h.extractOutputValues().get(0).composite;

            // 20 days past due: the next thing that happens is scored with the arrears
            send(h, registered("B1", "DE", day(50)));
            List<ScoredEvent> out = h.extractOutputValues();
            ScoredEvent later = out.get(out.size() - 1);
            assertThat(later.composite).isLessThan(fresh - 10);
            assertThat(later.published).isNotNull();

            send(h, paid("p1", "o1", "B1", "S1", day(51), "5000"));
            assertThat(stateEntries(h)).as("the instalment is gone once paid").isEqualTo(2);
        }
    }

    @Test
    void heartbeatsRepublishAtTheIntervalAndAnInactiveEntityIsForgotten() throws Exception {
        try (var h = harness()) {
            send(h, registered("B1", "DE", day(0)));
            h.processWatermark(new Watermark(day(6.9).toEpochMilli()));
            assertThat(published(h.extractOutputValues())).hasSize(1);

            h.processWatermark(new Watermark(day(7).toEpochMilli()));
            List<CreditScore> scores = published(h.extractOutputValues());
            assertThat(scores).hasSize(2);
            CreditScore beat = scores.get(1);
            assertThat(beat.getTrigger()).isEqualTo(ScoreTrigger.HEARTBEAT);
            assertThat(beat.getAsOf()).isEqualTo(day(7));
            assertThat(beat.getScoreVersion()).isEqualTo(2);
            assertThat(beat.getTriggerEventId()).isNull();
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            // 60 days without an event: everything about the entity is cleared, no timer stays
            h.processWatermark(new Watermark(day(60).toEpochMilli()));
            // heartbeats on days 14, 21 and 28, then none: idle for more than 30 days
            assertThat(published(h.extractOutputValues())).hasSize(2 + 3);
            assertThat(stateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            // it comes back as a new entity
            send(h, registered("B1", "DE", day(61)));
            List<CreditScore> after = published(h.extractOutputValues());
            assertThat(after.get(after.size() - 1).getScoreVersion()).isEqualTo(1);
        }
    }

    @Test
    void anEntityBackFromIdlenessGetsItsHeartbeatsAgain() throws Exception {
        try (var h = harness()) {
            send(h, registered("B1", "DE", day(0)));
            h.processWatermark(new Watermark(day(40).toEpochMilli()));
            // idle for more than 30 days: only the expiry is pending
            int before = published(h.extractOutputValues()).size();
            send(h, registered("B1", "DE", day(41)));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            // a heartbeat was due (none for two weeks): it comes at once, then every 7 days
            h.processWatermark(new Watermark(day(49).toEpochMilli()));
            List<CreditScore> scores = published(h.extractOutputValues());
            List<CreditScore> beats =
                    scores.subList(before, scores.size()).stream()
                            .filter(c -> c.getTrigger() == ScoreTrigger.HEARTBEAT)
                            .toList();
            assertThat(beats)
                    .extracting(CreditScore::getAsOf)
                    .containsExactly(day(41).plusMillis(1), day(48).plusMillis(1));
        }
    }

    @Test
    void aPublishedModelTakesOverAndItsVersionIsOnEveryLaterScore() throws Exception {
        try (var h = harness()) {
            send(h, registered("B1", "DE", day(0)));
            h.processBroadcastElement(modelUpdate(modelVersion("2.0.0"), 7), day(0).toEpochMilli());
            assertThat(h.getBroadcastState(ScoringDescriptors.MODEL).get("current")).isNotNull();
            assertThat(h.getSideOutput(ScoringDescriptors.REJECTED_MODELS)).isNull();

            send(h, registered("B1", "DE", day(0.01)));
            List<ScoredEvent> out = h.extractOutputValues();
            ScoredEvent last = out.get(out.size() - 1);
            assertThat(last.modelVersion).isEqualTo("2.0.0");
            assertThat(last.published).as("a new model always publishes").isNotNull();
            assertThat(last.published.getModelVersion()).isEqualTo("2.0.0");
            assertThat(last.published.getScoreVersion()).isEqualTo(2);

            // the same model published again changes nothing
            h.processBroadcastElement(modelUpdate(modelVersion("2.0.0"), 8), day(0).toEpochMilli());
            send(h, registered("B1", "DE", day(0.02)));
            out = h.extractOutputValues();
            assertThat(out.get(out.size() - 1).published).isNull();
        }
    }

    @Test
    void malformedAndIncompatibleModelsAreRefusedWithAReasonAndTheOldOneStays() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(
                    modelUpdate("{\"format\":\"nope\"".getBytes(StandardCharsets.UTF_8), 3), 0);
            byte[] tampered =
                    new String(modelVersion("3.0.0"), StandardCharsets.UTF_8)
                            .replace("\"3.0.0\"", "\"3.0.1\"")
                            .getBytes(StandardCharsets.UTF_8);
            h.processBroadcastElement(modelUpdate(tampered, 4), 0);
            h.processBroadcastElement(modelUpdate(ScoringFixtures.incompatibleModel(), 5), 0);
            h.processBroadcastElement(modelUpdate(new byte[0], 6), 0);

            List<DeadLetter> rejected =
                    h.getSideOutput(ScoringDescriptors.REJECTED_MODELS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(rejected).hasSize(4);
            assertThat(rejected)
                    .extracting(DeadLetter::getEventId)
                    .containsExactly(
                            "model.updates/0/3",
                            "model.updates/0/4",
                            "model.updates/0/5",
                            "model.updates/0/6");
            assertThat(rejected)
                    .allSatisfy(d -> assertThat(d.getStage()).isEqualTo("model-update"));
            assertThat(rejected.get(0).getReason()).startsWith("not a loadable model artifact");
            assertThat(rejected.get(1).getReason()).containsIgnoringCase("hash");
            assertThat(rejected.get(2).getReason()).contains("half-lives").contains("30.0");
            assertThat(rejected.get(3).getReason()).isEqualTo("empty model update");
            assertThat(h.getBroadcastState(ScoringDescriptors.MODEL).get("current")).isNull();

            send(h, registered("B1", "DE", day(0)));
            assertThat(h.extractOutputValues().get(0).published.getModelVersion())
                    .isEqualTo(V1.version());
        }
    }

    @Test
    void scoreVersionsSurviveASnapshotAndRestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness()) {
            send(h, registered("B1", "DE", day(0)));
            h.processBroadcastElement(modelUpdate(modelVersion("2.0.0"), 1), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h =
                new KeyedBroadcastOperatorTestHarness<String, EntityEvent, RawRecord, ScoredEvent>(
                        new org.apache.flink.streaming.api.operators.co
                                .CoBroadcastWithKeyedOperator<>(
                                new ScoringFunction(V1_JSON, SETTINGS),
                                List.of(ScoringDescriptors.MODEL)),
                        EntityEvent::entityId,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.initializeState(snapshot);
            h.open();
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            send(h, registered("B1", "DE", day(1)));
            CreditScore s = h.extractOutputValues().get(0).published;
            assertThat(s.getScoreVersion()).isEqualTo(2);
            assertThat(s.getModelVersion()).isEqualTo("2.0.0");
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
