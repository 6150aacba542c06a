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
                    EntityTouch.subjectOf(
                            tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                    .setAmount(usd("100.10"))
                                    .setSubjectRegion("DE")
                                    .build()),
                    0);
            h.processElement(
                    EntityTouch.subjectOf(
                            tradeEvent("o2", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                    .setAmount(new Money(new java.math.BigDecimal("5"), "EUR"))
                                    .build()),
                    0);
            h.processElement(
                    EntityTouch.subjectOf(
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
        EntityActivityState state = new EntityActivityState();
        state.add(
                EntityTouch.counterpartyOf(
                        tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                                .setAmount(usd("10"))
                                .setSubjectRegion("DE")
                                .setCounterpartyRegion("CN")
                                .build()));
        EntityActivity a = state.toRecord();
        assertThat(a.getEntityId()).isEqualTo("seller");
        assertThat(a.getRegion()).isEqualTo("CN");
        assertThat(a.getOrders()).isEqualTo(1);
    }

    @Test
    void volumesAddExactlyPerCurrencySortedByCurrency() {
        EntityActivityState state = new EntityActivityState();
        for (String currency : new String[] {"USD", "EUR", "CNY", "USD"}) {
            for (int i = 0; i < 10; i++) {
                state.add(
                        EntityTouch.subjectOf(
                                tradeEvent("o" + i, TradeEventType.ORDER_PLACED, "buyer", "seller")
                                        .setAmount(
                                                new Money(
                                                        new java.math.BigDecimal("0.1"), currency))
                                        .build()));
            }
        }
        EntityActivity a = state.toRecord();
        assertThat(a.getOrderVolume())
                .extracting(Money::getCurrency)
                .containsExactly("CNY", "EUR", "USD");
        assertThat(a.getOrderVolume())
                .extracting(Money::getAmount)
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactly(
                        new java.math.BigDecimal("1.0"),
                        new java.math.BigDecimal("1.0"),
                        new java.math.BigDecimal("2.0"));
        assertThat(a.getVersion()).isEqualTo(40);
    }
}
