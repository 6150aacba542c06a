package io.crosstrust.jobs.scoring;

import static io.crosstrust.ingest.testing.TestEvents.T0;
import static io.crosstrust.ingest.testing.TestEvents.tradeEvent;
import static io.crosstrust.ingest.testing.TestEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.scoring.CreditModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntityCreditStateTest {
    private static final CreditModel MODEL = CreditModel.builtIn();
    private static final CreditFeatures FEATURES = MODEL.features();

    private static TradeEvent due(String id, String order, Instant at, Instant dueAt, String amt) {
        return tradeEvent(id, TradeEventType.PAYMENT_DUE, "buyer", "seller")
                .setOrderId(order)
                .setEventTime(at)
                .setAmount(usd(amt))
                .setReferenceTime(dueAt)
                .build();
    }

    private static TradeEvent paid(String id, String order, Instant at, String amt) {
        return tradeEvent(id, TradeEventType.PAYMENT_MADE, "buyer", "seller")
                .setOrderId(order)
                .setEventTime(at)
                .setAmount(usd(amt))
                .build();
    }

    @Test
    void aPaymentTakesTheDueTimeOfTheEarliestOpenInstalmentOfItsOrder() {
        EntityCreditState s = EntityCreditState.empty();
        Instant firstDue = T0.plus(Duration.ofDays(30));
        Instant secondDue = T0.plus(Duration.ofDays(60));
        s.apply(FEATURES, due("d2", "o1", T0, secondDue, "50"), Role.SUBJECT);
        s.apply(FEATURES, due("d1", "o1", T0, firstDue, "50"), Role.SUBJECT);
        assertThat(s.instalments().size()).isEqualTo(2);

        CreditEvent first =
                s.apply(FEATURES, paid("p1", "o1", firstDue.plusSeconds(5), "50"), Role.SUBJECT);
        assertThat(first.referenceTimeMillis()).isEqualTo(firstDue.toEpochMilli());
        CreditEvent second =
                s.apply(FEATURES, paid("p2", "o1", secondDue.plusSeconds(5), "50"), Role.SUBJECT);
        assertThat(second.referenceTimeMillis()).isEqualTo(secondDue.toEpochMilli());
        assertThat(s.instalments().isEmpty()).isTrue();

        // a payment without a known obligation carries no due time
        CreditEvent stray =
                s.apply(FEATURES, paid("p3", "o9", secondDue.plusSeconds(9), "5"), Role.SUBJECT);
        assertThat(stray.hasReferenceTime()).isFalse();
    }

    @Test
    void aSellerWaitsForTheDepartureOfPlatformOrdersOnly() {
        EntityCreditState seller = EntityCreditState.empty();
        TradeEvent platformOrder =
                tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                        .setOrderId("o1")
                        .setAmount(usd("10"))
                        .build();
        TradeEvent escrowOrder =
                tradeEvent("o2", TradeEventType.ORDER_PLACED, "buyer", "seller")
                        .setOrderId("o2")
                        .setAmount(usd("10"))
                        .setOnChain(true)
                        .build();
        seller.apply(FEATURES, platformOrder, Role.COUNTERPARTY);
        seller.apply(FEATURES, escrowOrder, Role.COUNTERPARTY);
        assertThat(seller.awaiting().all())
                .extracting(AwaitingShipment.Order::orderId)
                .containsExactly("o1");
        assertThat(seller.features().eventCount()).isEqualTo(2);

        TradeEvent departed =
                tradeEvent("s1", TradeEventType.SHIPMENT_DEPARTED, "seller", "buyer")
                        .setOrderId("o1")
                        .setEventTime(T0.plus(Duration.ofDays(2)))
                        .setReferenceTime(T0.plus(Duration.ofDays(2)))
                        .build();
        seller.apply(FEATURES, departed, Role.SUBJECT);
        assertThat(seller.awaiting().isEmpty()).isTrue();
    }

    @Test
    void theScoringViewCountsArrearsAsLateButStillOwed() {
        EntityCreditState s = EntityCreditState.empty();
        Instant dueAt = T0.plus(Duration.ofDays(30));
        s.apply(FEATURES, due("d1", "o1", T0, dueAt, "1000"), Role.SUBJECT);
        long before = dueAt.toEpochMilli();
        long after = dueAt.plus(Duration.ofDays(20)).toEpochMilli();
        double[] clean = new double[CreditFeatures.FEATURE_COUNT];
        double[] arrears = new double[CreditFeatures.FEATURE_COUNT];

        // not overdue yet: the state itself
        assertThat(s.scoringView(FEATURES, before, OverdueThresholds.DEFAULT))
                .isSameAs(s.features());

        byte[] stored = s.features().toBytes();
        CreditFeatureState view = s.scoringView(FEATURES, after, OverdueThresholds.DEFAULT);
        assertThat(view).isNotSameAs(s.features());
        assertThat(s.features().toBytes()).as("the kept state is untouched").isEqualTo(stored);

        FEATURES.compute(s.features(), after, clean);
        FEATURES.compute(view, after, arrears);
        assertThat(arrears[CreditFeatures.PAYMENT_DAYS_LATE])
                .isGreaterThan(clean[CreditFeatures.PAYMENT_DAYS_LATE]);
        assertThat(arrears[CreditFeatures.PAYMENT_ON_TIME])
                .isLessThan(clean[CreditFeatures.PAYMENT_ON_TIME]);
        assertThat(arrears[CreditFeatures.PAYMENT_RECENT_DAYS_LATE])
                .isGreaterThan(clean[CreditFeatures.PAYMENT_RECENT_DAYS_LATE]);
        // still unpaid: arrears, which the kept state never holds
        assertThat(clean[CreditFeatures.PAYMENT_ARREARS_RATE]).isZero();
        assertThat(arrears[CreditFeatures.PAYMENT_ARREARS_RATE]).isGreaterThan(0.0);
        // still owed: exposure (and so the credit limit) is not improved by the view
        assertThat(FEATURES.exposure(view, after))
                .isCloseTo(FEATURES.exposure(s.features(), after), within(1e-6));
        assertThat(MODEL.score(view, Instant.ofEpochMilli(after)).composite())
                .isLessThan(MODEL.score(s.features(), Instant.ofEpochMilli(after)).composite());

        // paid at last: late, no longer in arrears
        s.apply(FEATURES, paid("p1", "o1", Instant.ofEpochMilli(after), "1000"), Role.SUBJECT);
        double[] settled = new double[CreditFeatures.FEATURE_COUNT];
        FEATURES.compute(s.scoringView(FEATURES, after, OverdueThresholds.DEFAULT), after, settled);
        assertThat(settled[CreditFeatures.PAYMENT_ARREARS_RATE]).isZero();
        assertThat(settled[CreditFeatures.PAYMENT_RECENT_DAYS_LATE])
                .isCloseTo(arrears[CreditFeatures.PAYMENT_RECENT_DAYS_LATE], within(1e-9));
    }

    @Test
    void theScoringViewCountsAnOrderNotShippedInTimeAsALateDeparture() {
        EntityCreditState seller = EntityCreditState.empty();
        seller.apply(
                FEATURES,
                tradeEvent("o1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                        .setOrderId("o1")
                        .setAmount(usd("10"))
                        .build(),
                Role.COUNTERPARTY);
        long asOf = T0.plus(Duration.ofDays(10)).toEpochMilli();
        double[] clean = new double[CreditFeatures.FEATURE_COUNT];
        double[] view = new double[CreditFeatures.FEATURE_COUNT];
        FEATURES.compute(seller.features(), asOf, clean);
        FEATURES.compute(seller.scoringView(FEATURES, asOf, OverdueThresholds.DEFAULT), asOf, view);
        assertThat(view[CreditFeatures.FULFILMENT_ON_TIME_DISPATCH])
                .isLessThan(clean[CreditFeatures.FULFILMENT_ON_TIME_DISPATCH]);
        // within the handling time nothing counts yet
        long early = T0.plus(Duration.ofDays(3)).toEpochMilli();
        assertThat(seller.scoringView(FEATURES, early, OverdueThresholds.DEFAULT))
                .isSameAs(seller.features());
    }

    @Test
    void pendingObligationsRoundTripThroughBytes() {
        OpenInstalments open = new OpenInstalments();
        open.add(new OpenInstalments.Instalment("o1", 5, new BigDecimal("12.5"), "USD", "s", "e1"));
        open.add(new OpenInstalments.Instalment("o2", 3, null, null, null, "e2"));
        assertThat(OpenInstalments.fromBytes(open.toBytes())).isEqualTo(open);
        assertThat(open.all())
                .extracting(OpenInstalments.Instalment::orderId)
                .containsExactly("o2", "o1");
        assertThat(open.owedTo("s", "USD")).isEqualByComparingTo("12.5");
        assertThat(open.isOpen("e2")).isTrue();
        assertThat(open.dropDueBefore(4)).isEqualTo(1);

        AwaitingShipment awaiting = new AwaitingShipment();
        awaiting.add(new AwaitingShipment.Order("o1", 7, "e1", "b"));
        awaiting.add(new AwaitingShipment.Order("o2", 9, "e2", null));
        assertThat(AwaitingShipment.fromBytes(awaiting.toBytes())).isEqualTo(awaiting);
    }

    @Test
    void pendingObligationsAreBounded() {
        OpenInstalments open = new OpenInstalments();
        for (int i = 0; i < OpenInstalments.MAX_OPEN + 10; i++) {
            open.add(new OpenInstalments.Instalment("o" + i, i, null, null, null, "e" + i));
        }
        assertThat(open.size()).isEqualTo(OpenInstalments.MAX_OPEN);
        assertThat(open.all().get(0).dueMillis()).isEqualTo(10);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
