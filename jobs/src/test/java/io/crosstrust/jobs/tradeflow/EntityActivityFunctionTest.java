package io.crosstrust.jobs.tradeflow;

import static io.crosstrust.ingest.testing.TestEvents.tradeEvent;
import static io.crosstrust.ingest.testing.TestEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEventType;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class EntityActivityFunctionTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, EntityTouch, EntityActivity>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EntityActivityFunction(Duration.ofSeconds(1)), t -> t.entityId, Types.STRING);
    }

    @Test
    void emitsOnceAnIntervalWithEverythingCountedSoFar() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement(
                    new EntityTouch(
                            "buyer",
                            true,
                            tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                    .setAmount(usd("100.10"))
                                    .setSubjectRegion("DE")
                                    .build()),
                    0);
            h.processElement(
                    new EntityTouch(
                            "buyer",
                            true,
                            tradeEvent("o2", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                    .setAmount(new Money(new java.math.BigDecimal("5"), "EUR"))
                                    .build()),
                    0);
            h.processElement(
                    new EntityTouch(
                            "buyer",
                            true,
                            tradeEvent("p1", TradeEventType.PAYMENT_MADE, "buyer", "seller")
                                    .setAmount(usd("0.90"))
                                    .setOnChain(true)
                                    .build()),
                    0);
            // nothing before the interval elapses; one timer for the entity, one state entry per
            // descriptor
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            h.setProcessingTime(1_000);
            List<EntityActivity> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            EntityActivity a = out.get(0);
            assertThat(a.getEventId()).isEqualTo("buyer:3");
            assertThat(a.getVersion()).isEqualTo(3);
            assertThat(a.getEvents()).isEqualTo(3);
            assertThat(a.getOrders()).isEqualTo(2);
            assertThat(a.getPayments()).isEqualTo(1);
            assertThat(a.getOnChainEvents()).isEqualTo(1);
            assertThat(a.getRegion()).isEqualTo("DE");
            assertThat(a.getLastEventId()).isEqualTo("p1");
            // per-currency totals, sorted by currency, payments not counted as volume
            assertThat(a.getOrderVolume())
                    .extracting(Money::getCurrency)
                    .containsExactly("EUR", "USD");
            assertThat(a.getOrderVolume().get(1).getAmount()).isEqualByComparingTo("100.10");
            // the timer fired and was not re-armed: only the aggregate stays in state
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void counterpartySideTakesTheCounterpartyRegion() {
        EntityActivity a =
                EntityActivityFunction.apply(
                        null,
                        new EntityTouch(
                                "seller",
                                false,
                                tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                        .setAmount(usd("10"))
                                        .setSubjectRegion("DE")
                                        .setCounterpartyRegion("CN")
                                        .build()));
        assertThat(a.getRegion()).isEqualTo("CN");
        assertThat(a.getOrders()).isEqualTo(1);
    }

    @Test
    void volumesAddExactly() {
        List<Money> totals = List.of();
        for (int i = 0; i < 10; i++) {
            totals = EntityActivityFunction.add(totals, usd("0.1"));
        }
        assertThat(totals).hasSize(1);
        assertThat(totals.get(0).getAmount()).isEqualByComparingTo("1.0");
    }
}
