package io.crosstrust.ingest.testing;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.PaymentMethod;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.math.BigDecimal;
import java.time.Instant;

/** Named instants and event factories shared by the tests of every module (the ingest test-jar). */
public final class TestEvents {
    /** A Monday in the simulated past: the tests' "now". */
    public static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    public static final Instant T0_PLUS_1H = T0.plusSeconds(3_600);
    public static final Instant T0_PLUS_1D = T0.plusSeconds(86_400);

    private TestEvents() {}

    public static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    /** A valid order from buyer to seller, CN -> DE, settled on the platform. */
    public static OrderPlaced.Builder order(String id, String buyer, String seller, String amount) {
        return OrderPlaced.newBuilder()
                .setEventId(id)
                .setEventTime(T0)
                .setPlatform("testmart")
                .setOrderId("order-" + id)
                .setBuyerId(buyer)
                .setSellerId(seller)
                .setOriginRegion("CN")
                .setDestinationRegion("DE")
                .setAmount(usd(amount))
                .setItemCount(1)
                .setHsCode("851712")
                .setPaymentDueTime(T0.plusSeconds(30 * 86_400))
                .setPromisedDeliveryTime(T0.plusSeconds(14 * 86_400))
                .setSettlement(Settlement.PLATFORM);
    }

    public static PaymentMade.Builder payment(
            String id, String payer, String payee, String amount) {
        return PaymentMade.newBuilder()
                .setEventId(id)
                .setEventTime(T0_PLUS_1D)
                .setPlatform("testmart")
                .setOrderId("order-" + id)
                .setPayerId(payer)
                .setPayeeId(payee)
                .setAmount(usd(amount))
                .setInstallment(1)
                .setMethod(PaymentMethod.BANK_TRANSFER);
    }

    /** A canonical event as the normaliser would emit it. */
    public static TradeEvent.Builder tradeEvent(
            String id, TradeEventType type, String subject, String counterparty) {
        return TradeEvent.newBuilder()
                .setEventId(id)
                .setEventTime(T0)
                .setSource(SourceKind.PLATFORM)
                .setSourceName("testmart")
                .setType(type)
                .setSubjectId(subject)
                .setCounterpartyId(counterparty)
                .setOnChain(false);
    }
}
