package io.crosstrust.jobs.warnings;

import static io.crosstrust.jobs.scoring.ScoringFixtures.day;
import static io.crosstrust.jobs.scoring.ScoringFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.kafka.RawRecord;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CircularTradingFunctionTest {

    /** buyer, seller: "seller sells to buyer". */
    private static TradeEvent sale(String id, String seller, String buyer, double d, String amt) {
        return order(id, buyer, seller, day(d), amt);
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<Byte, TradeEvent, RawRecord, WarningCandidate> h,
            TradeEvent e)
            throws Exception {
        h.processElement(e, e.getEventTime().toEpochMilli());
    }

    private static KeyedBroadcastOperatorTestHarness<Byte, TradeEvent, RawRecord, WarningCandidate>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new CircularTradingFunction(RiskRules.defaults()),
                e -> CircularTradingFunction.KEY,
                TypeInformation.of(Byte.class),
                WarningDescriptors.RULES);
    }

    private static void watermark(
            KeyedBroadcastOperatorTestHarness<Byte, TradeEvent, RawRecord, WarningCandidate> h,
            double d)
            throws Exception {
        h.processWatermark(new Watermark(day(d).toEpochMilli()));
    }

    @Test
    void ordersGoingRoundARingRaiseCircularTradingForEveryMember() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            send(h, sale("1", "A", "B", 0, "5000.00"));
            send(h, sale("2", "B", "C", 1, "5100.00"));
            send(h, sale("x", "C", "Z", 1.2, "5050.00")); // a branch that goes nowhere
            watermark(h, 1.5);
            snapshot = h.snapshot(1, 1);
            send(h, sale("3", "C", "A", 2, "4950.00"));
            assertThat(h.extractOutputValues()).as("held until the watermark passes").isEmpty();
            watermark(h, 2);
            List<WarningCandidate> out = h.extractOutputValues();
            assertThat(out).extracting(c -> c.entityId).containsExactly("A", "B", "C");
            assertThat(out)
                    .allSatisfy(c -> assertThat(c.type).isEqualTo(WarningType.CIRCULAR_TRADING));
            assertThat(out.get(0).evidence).containsExactly("1", "2", "3");
            assertThat(out.get(0).explanation).contains("A -> B -> C -> A");
            assertThat(out.get(0).severity).isEqualTo(Severity.MEDIUM);
            // one timer per waiting time, removed with its orders: none left, nothing waits
            assertThat(h.numEventTimeTimers()).isZero();
        }
        // a restored instance still knows the first orders of the ring
        try (var h =
                new KeyedBroadcastOperatorTestHarness<
                        Byte, TradeEvent, RawRecord, WarningCandidate>(
                        new CoBroadcastWithKeyedOperator<>(
                                new CircularTradingFunction(RiskRules.defaults()),
                                List.of(WarningDescriptors.RULES)),
                        e -> CircularTradingFunction.KEY,
                        TypeInformation.of(Byte.class),
                        1,
                        1,
                        0)) {
            h.initializeState(snapshot);
            h.open();
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            send(h, sale("3", "C", "A", 2, "4950.00"));
            watermark(h, 2);
            assertThat(h.extractOutputValues()).hasSize(3);
            // amounts too far apart, or too late, close nothing
            send(h, sale("4", "A", "B", 10, "800.00"));
            send(h, sale("5", "B", "A", 10.5, "800.00")); // two members only: ordinary return trade
            send(h, sale("6", "B", "C", 11, "1200.00"));
            send(h, sale("7", "C", "A", 11.5, "800.00"));
            watermark(h, 12);
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }

    /**
     * Orders from a partition running weeks ahead arrive first; the ring's own orders, from a
     * slower partition, later. In arrival order the far order would slide the window past the
     * ring's first leg; in event-time order the ring closes.
     */
    @Test
    void aRingIsFoundWhenAnotherPartitionRunsWeeksAhead() throws Exception {
        try (var h = harness()) {
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            send(h, sale("1", "A", "B", 0, "5000.00"));
            send(h, sale("far", "P", "Q", 45, "7000.00"));
            send(h, sale("2", "B", "C", 1, "5100.00"));
            send(h, sale("3", "C", "A", 2, "4950.00"));
            watermark(h, 46);
            assertThat(h.extractOutputValues())
                    .extracting(c -> c.entityId)
                    .containsExactly("A", "B", "C");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
