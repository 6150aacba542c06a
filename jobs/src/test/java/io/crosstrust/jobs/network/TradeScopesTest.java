package io.crosstrust.jobs.network;

import static io.crosstrust.ingest.testing.TestEvents.tradeEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class TradeScopesTest {
    private static List<ScopedTrade> scopes(TradeEvent e) {
        List<ScopedTrade> out = new ArrayList<>();
        new TradeScopes("USD")
                .flatMap(
                        e,
                        new Collector<>() {
                            @Override
                            public void collect(ScopedTrade t) {
                                out.add(t);
                            }

                            @Override
                            public void close() {}
                        });
        return out;
    }

    private static TradeEvent order(String buyerRegion, String sellerRegion, Money amount) {
        return tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                .setSubjectRegion(buyerRegion)
                .setCounterpartyRegion(sellerRegion)
                .setAmount(amount)
                .build();
    }

    @Test
    void aCrossBorderOrderIsOneEdgeInFourScopes() {
        List<ScopedTrade> out =
                scopes(order("DE", "CN", new Money(new BigDecimal("12.50"), "USD")));
        assertThat(out)
                .extracting(ScopedTrade::scopeKey)
                .containsExactly("GLOBAL:*", "REGION:CN", "REGION:DE", "CORRIDOR:CN>DE");
        assertThat(out)
                .allSatisfy(
                        t -> {
                            assertThat(t.seller).isEqualTo("seller");
                            assertThat(t.sellerRegion).isEqualTo("CN");
                            assertThat(t.buyer).isEqualTo("buyer");
                            assertThat(t.buyerRegion).isEqualTo("DE");
                            assertThat(t.volume).isEqualTo(12.5);
                            assertThat(t.eventId).isEqualTo("o1");
                        });
    }

    @Test
    void aDomesticOrderCountsOnceForItsRegion() {
        assertThat(scopes(order("DE", "DE", null)))
                .extracting(ScopedTrade::scopeKey)
                .containsExactly("GLOBAL:*", "REGION:DE", "CORRIDOR:DE>DE");
    }

    @Test
    void unknownRegionsOnlyDropTheScopesThatNeedThem() {
        assertThat(scopes(order(null, "CN", null)))
                .extracting(ScopedTrade::scopeKey)
                .containsExactly("GLOBAL:*", "REGION:CN");
        assertThat(scopes(order(null, null, null)))
                .extracting(ScopedTrade::scopeKey)
                .containsExactly("GLOBAL:*");
    }

    @Test
    void anotherCurrencyCountsAsATradeWithoutVolume() {
        assertThat(scopes(order("DE", "CN", new Money(BigDecimal.TEN, "EUR"))))
                .allSatisfy(t -> assertThat(t.volume).isZero());
    }

    @Test
    void otherEventsAndOrdersWithoutACounterpartyAddNothing() {
        assertThat(scopes(tradeEvent("p1", TradeEventType.PAYMENT_MADE, "buyer", "seller").build()))
                .isEmpty();
        assertThat(scopes(tradeEvent("o2", TradeEventType.ORDER_PLACED, "buyer", null).build()))
                .isEmpty();
        assertThat(ScopeKind.valueOf("CORRIDOR")).isEqualTo(ScopeKind.CORRIDOR);
    }
}
