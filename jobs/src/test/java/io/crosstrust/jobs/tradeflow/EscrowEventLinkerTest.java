package io.crosstrust.jobs.tradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.testing.ChainTestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The escrow linker in Flink's keyed two-input harness: output, state entries and pending timers.
 */
class EscrowEventLinkerTest {
    private static final ChainLinkSettings SETTINGS =
            new ChainLinkSettings(
                    "USD", 6, Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(180));

    private final ChainTestEvents chain = new ChainTestEvents("link");
    private final EscrowOrderLink link =
            new EscrowOrderLink(chain.escrowId(), "O00000007", "B000001", "S000002", "DE", "CN");
    private long offset;

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, EscrowOrderLink, EscrowChainStep, TradeEvent>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EscrowEventLinker(SETTINGS),
                (EscrowOrderLink o) -> o.escrowId,
                (EscrowChainStep s) -> s.escrowId,
                Types.STRING);
    }

    private EscrowChainStep step(SpecificRecord event) {
        return step(EventCodec.standard().encode(event));
    }

    private EscrowChainStep step(byte[] value) {
        RawRecord raw =
                new RawRecord(
                        "chain.events",
                        0,
                        offset++,
                        1_000L,
                        chain.escrowId().getBytes(StandardCharsets.UTF_8),
                        value);
        return new EscrowChainStep(chain.escrowId(), raw);
    }

    @Test
    void eventsAfterTheirPlatformOrderAreAttributedAtOnceAndTheStateGoesAfterTheFinalOne()
            throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement1(new StreamRecord<>(link));
            h.processElement2(new StreamRecord<>(step(chain.created(1, 2_000_000))));
            h.processElement2(new StreamRecord<>(step(chain.funded(2, 2_000_000))));
            h.processElement2(new StreamRecord<>(step(chain.shipped(3))));
            h.processElement2(new StreamRecord<>(step(chain.confirmed(9))));
            assertThat(h.numProcessingTimeTimers()).isZero();
            h.processElement2(new StreamRecord<>(step(chain.released(9, 2_000_000))));

            List<TradeEvent> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(TradeEvent::getType)
                    .containsExactly(
                            TradeEventType.ESCROW_CREATED,
                            TradeEventType.ESCROW_FUNDED,
                            TradeEventType.ESCROW_SHIPPED,
                            TradeEventType.ESCROW_DELIVERY_CONFIRMED,
                            TradeEventType.ESCROW_RELEASED);
            assertThat(out).allMatch(e -> e.getOrderId().equals("O00000007"));
            assertThat(out)
                    .extracting(TradeEvent::getSubjectId)
                    .containsExactly("B000001", "B000001", "S000002", "S000002", "B000001");
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // the order and the cleanup time
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            // a retraction within the retention is attributed like the event it retracts
            h.setProcessingTime(Duration.ofMinutes(30).toMillis());
            h.processElement2(
                    new StreamRecord<>(
                            step(ChainTestEvents.retracted(chain.released(9, 2_000_000)))));
            TradeEvent retraction = h.extractOutputValues().get(5);
            assertThat(retraction.getChain().getRemoved()).isTrue();
            assertThat(retraction.getSubjectId()).isEqualTo("B000001");
            assertThat(retraction.getOrderId()).isEqualTo("O00000007");

            h.setProcessingTime(Duration.ofHours(1).toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void eventsBeforeTheirPlatformOrderWaitForItAndComeOutInChainOrder() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement2(new StreamRecord<>(step(chain.created(1, 2_000_000))));
            h.processElement2(new StreamRecord<>(step(chain.funded(2, 2_000_000))));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(Duration.ofMinutes(5).toMillis());
            h.processElement1(new StreamRecord<>(link));
            assertThat(h.extractOutputValues())
                    .extracting(TradeEvent::getType)
                    .containsExactly(TradeEventType.ESCROW_CREATED, TradeEventType.ESCROW_FUNDED);
            assertThat(h.extractOutputValues()).allMatch(e -> e.getSubjectId().equals("B000001"));
            assertThat(h.numProcessingTimeTimers()).as("the timeout is gone").isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the order only
        }
    }

    @Test
    void eventsWhosePlatformOrderNeverComesGoOutUnattributedAfterTheTimeout() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement2(new StreamRecord<>(step(chain.created(1, 2_000_000))));
            h.setProcessingTime(Duration.ofMinutes(10).toMillis());
            List<TradeEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).getOrderId()).isEqualTo(chain.escrowId());
            assertThat(out.get(0).getSubjectId()).isEqualTo(ChainTestEvents.BUYER);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aResolutionNamesItsDisputesRespondentAndOpeningTime() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(link));
            var disputed = chain.disputed(5, false); // opened by the seller
            h.processElement2(new StreamRecord<>(step(disputed)));
            h.processElement2(new StreamRecord<>(step(chain.resolved(7, 0, 3_000_000))));
            TradeEvent resolved = h.extractOutputValues().get(1);
            assertThat(resolved.getType()).isEqualTo(TradeEventType.ESCROW_RESOLVED);
            assertThat(resolved.getSubjectId()).isEqualTo("B000001");
            assertThat(resolved.getDetail()).isEqualTo("CLAIMANT_WON");
            assertThat(resolved.getReferenceTime()).isEqualTo(disputed.getEventTime());
        }
    }

    @Test
    void anUndecodableChainRecordGoesToTheDeadLettersWhole() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(link));
            h.processElement2(new StreamRecord<>(step(new byte[] {1, 2, 3})));
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> letters =
                    h.getSideOutput(TradeFlowDescriptors.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getFailure()).isEqualTo(FailureKind.UNDECODABLE);
            assertThat(letters.get(0).getStage()).isEqualTo(EscrowEventLinker.STAGE);
            assertThat(letters.get(0).getSourceTopic()).isEqualTo("chain.events");
        }
    }
}
