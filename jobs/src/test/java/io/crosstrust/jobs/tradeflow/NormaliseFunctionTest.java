package io.crosstrust.jobs.tradeflow;

import static io.crosstrust.ingest.testing.TestEvents.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.testing.ChainTestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.RawRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class NormaliseFunctionTest {
    private final EventCodec codec = EventCodec.standard();

    private static RawRecord raw(long offset, byte[] value) {
        return new RawRecord(
                "platform.events", 0, offset, 1_000L, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void validEventsGoOnAndBadOnesToTheDeadLettersWhole() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new NormaliseFunction())) {
            h.processElement(raw(0, codec.encode(order("e1", "b", "s", "10").build())), 0);
            byte[] garbage = {1, 2, 3, 4};
            h.processElement(raw(1, garbage), 0);
            h.processElement(raw(2, codec.encode(order("e2", "b", "b", "10").build())), 0);

            List<TradeEvent> out = h.extractOutputValues();
            assertThat(out).extracting(TradeEvent::getEventId).containsExactly("e1");

            List<DeadLetter> letters =
                    h.getSideOutput(TradeFlowDescriptors.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters).hasSize(2);
            DeadLetter undecodable = letters.get(0);
            assertThat(undecodable.getEventId()).isEqualTo("platform.events/0/1");
            assertThat(undecodable.getFailure()).isEqualTo(FailureKind.UNDECODABLE);
            assertThat(undecodable.getReason()).contains("too short");
            assertThat(undecodable.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(undecodable.getSourceOffset()).isEqualTo(1);

            DeadLetter invalid = letters.get(1);
            assertThat(invalid.getFailure()).isEqualTo(FailureKind.INVALID);
            assertThat(invalid.getReason()).contains("same entity");
            assertThat(invalid.getEventIdHint()).isEqualTo("e2");
        }
    }

    @Test
    void escrowChainEventsAndEscrowOrdersGoToTheLinkerAndOtherChainEventsAreSkipped()
            throws Exception {
        ChainTestEvents chain = new ChainTestEvents("nf");
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new NormaliseFunction())) {
            h.processElement(raw(0, codec.encode(chain.placed("e1", "B1", "S1", "10"))), 0);
            h.processElement(raw(1, codec.encode(chain.funded(2, 10_000_000))), 0);
            Erc20Transfer transfer =
                    new Erc20Transfer(
                            "31337:0xabc:0",
                            ChainTestEvents.blockTime(2),
                            chain.log(2, 5),
                            "0x" + "70".repeat(20),
                            ChainTestEvents.BUYER,
                            ChainTestEvents.ESCROW,
                            new Uint256(java.math.BigDecimal.TEN));
            h.processElement(raw(2, codec.encode(transfer)), 0);
            var badParty = chain.disputed(3, true);
            badParty.setOpenedBy("0x" + "99".repeat(20));
            h.processElement(raw(3, codec.encode(badParty)), 0);

            // the platform order's own trade event; the chain event waits for the linker
            assertThat(h.extractOutputValues())
                    .extracting(TradeEvent::getEventId)
                    .containsExactly("e1");
            List<EscrowOrderLink> orders =
                    h.getSideOutput(TradeFlowDescriptors.ESCROW_ORDERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(orders).hasSize(1);
            assertThat(orders.get(0).escrowId).isEqualTo(chain.escrowId());
            assertThat(orders.get(0).orderId).isEqualTo("order-e1");
            assertThat(orders.get(0).buyerId).isEqualTo("B1");
            assertThat(orders.get(0).sellerId).isEqualTo("S1");
            assertThat(orders.get(0).buyerRegion).isEqualTo("DE");
            assertThat(orders.get(0).sellerRegion).isEqualTo("CN");
            List<EscrowChainStep> steps =
                    h.getSideOutput(TradeFlowDescriptors.ESCROW_STEPS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(steps).hasSize(1);
            assertThat(steps.get(0).escrowId).isEqualTo(chain.escrowId());
            assertThat(steps.get(0).raw.offset).isEqualTo(1);
            List<DeadLetter> letters =
                    h.getSideOutput(TradeFlowDescriptors.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getReason()).contains("not a party");
        }
    }
}
