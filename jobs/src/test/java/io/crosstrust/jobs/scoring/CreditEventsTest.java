package io.crosstrust.jobs.scoring;

import static io.crosstrust.ingest.testing.TestEvents.T0;
import static io.crosstrust.ingest.testing.TestEvents.tradeEvent;
import static io.crosstrust.ingest.testing.TestEvents.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CreditEventsTest {

    @Test
    void everyTradeEventTypeHasAModelTypeOfTheSameSymbol() {
        for (TradeEventType t : TradeEventType.values()) {
            assertThat(CreditEvents.typeOf(t).name()).isEqualTo(t.name());
        }
    }

    @Test
    void chainStepsOfAnOrderThePlatformReportsAreNotScoredTwiceButItsFundingIs() {
        TradeEvent disputed = chainStep("c1", TradeEventType.ESCROW_DISPUTED, "o-17");
        assertThat(EntityEvent.of(disputed)).as("the platform's DISPUTE_OPENED counts").isEmpty();
        assertThat(EntityEvent.of(chainStep("c2", TradeEventType.ESCROW_RESOLVED, "o-17")))
                .isEmpty();
        assertThat(EntityEvent.of(chainStep("c3", TradeEventType.ESCROW_REFUNDED, "o-17")))
                .isEmpty();
        assertThat(EntityEvent.of(chainStep("c4", TradeEventType.ESCROW_FUNDED, "o-17")))
                .as("platforms do not report the funding; the model is trained with it")
                .hasSize(1);
        String escrowId = "0x" + "0f".repeat(32);
        assertThat(EntityEvent.of(chainStep("c5", TradeEventType.ESCROW_DISPUTED, escrowId)))
                .as("no platform reports this order: the chain is its only record")
                .hasSize(1);
    }

    private static TradeEvent chainStep(String id, TradeEventType type, String orderId) {
        return tradeEvent(id, type, "seller", "buyer")
                .setSource(io.crosstrust.events.common.SourceKind.CHAIN)
                .setOnChain(true)
                .setOrderId(orderId)
                .build();
    }

    @Test
    void subjectSeesEveryFieldAndTheDueTimeOfAPaymentDue() {
        TradeEvent due =
                tradeEvent("e1", TradeEventType.PAYMENT_DUE, "buyer", "seller")
                        .setOrderId("o1")
                        .setAmount(usd("120.50"))
                        .setReferenceTime(T0.plus(Duration.ofDays(30)))
                        .setDetail("installment 1")
                        .build();
        CreditEvent c = CreditEvents.of(due, Role.SUBJECT);
        assertThat(c.type()).isEqualTo(CreditEventType.PAYMENT_DUE);
        assertThat(c.eventTimeMillis()).isEqualTo(T0.toEpochMilli());
        assertThat(c.amount()).isEqualByComparingTo("120.50");
        assertThat(c.currency()).isEqualTo("USD");
        assertThat(c.referenceTimeMillis()).isEqualTo(T0.plus(Duration.ofDays(30)).toEpochMilli());
        assertThat(c.counterpartyId()).isEqualTo("seller");
        assertThat(c.onChain()).isFalse();
        assertThat(c.rating()).isZero();
    }

    @Test
    void anOrderIsDatedByItselfNotByItsPaymentDueTime() {
        TradeEvent order =
                tradeEvent("e1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                        .setAmount(usd("10"))
                        .setReferenceTime(T0.plus(Duration.ofDays(45)))
                        .setOnChain(true)
                        .build();
        CreditEvent c = CreditEvents.of(order, Role.SUBJECT);
        assertThat(c.hasReferenceTime()).isFalse();
        assertThat(c.onChain()).isTrue();
    }

    @Test
    void theSellerReceivingAnOrderSeesItWithTheBuyerAsCounterparty() {
        TradeEvent order =
                tradeEvent("e1", TradeEventType.ORDER_PLACED, "buyer", "seller")
                        .setAmount(usd("10"))
                        .build();
        assertThat(CreditEvents.concerns(TradeEventType.ORDER_PLACED, Role.COUNTERPARTY)).isTrue();
        CreditEvent c = CreditEvents.of(order, Role.COUNTERPARTY);
        assertThat(c.type()).isEqualTo(CreditEventType.ORDER_PLACED);
        assertThat(c.counterpartyId()).isEqualTo("buyer");
        assertThat(c.amount()).isEqualByComparingTo("10");
    }

    @Test
    void nothingButOrdersConcernsTheCounterparty() {
        for (TradeEventType t : TradeEventType.values()) {
            assertThat(CreditEvents.concerns(t, Role.SUBJECT)).isTrue();
            assertThat(CreditEvents.concerns(t, Role.COUNTERPARTY))
                    .isEqualTo(t == TradeEventType.ORDER_PLACED);
        }
        TradeEvent paid = tradeEvent("e1", TradeEventType.PAYMENT_MADE, "buyer", "seller").build();
        assertThatThrownBy(() -> CreditEvents.of(paid, Role.COUNTERPARTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYMENT_MADE");
    }

    @Test
    void disputeOutcomeStaysFirstAndOpenedTimeIsTheReference() {
        TradeEvent resolved =
                tradeEvent("e1", TradeEventType.DISPUTE_RESOLVED, "seller", "buyer")
                        .setEventTime(T0.plus(Duration.ofDays(14)))
                        .setReferenceTime(T0)
                        .setDetail("CLAIMANT_WON")
                        .build();
        CreditEvent c = CreditEvents.of(resolved, Role.SUBJECT);
        assertThat(c.detail()).isEqualTo("CLAIMANT_WON");
        assertThat(c.referenceTimeMillis()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void anAssessedValueAboveTheDeclaredOneIsAValueMismatch() {
        TradeEvent held =
                tradeEvent("e1", TradeEventType.CUSTOMS_HELD, "seller", "buyer")
                        .setAmount(usd("1000"))
                        .setReferenceAmount(usd("1350"))
                        .setDetail("valuation review")
                        .build();
        assertThat(CreditEvents.isValueMismatch(held)).isTrue();
        assertThat(CreditEvents.undervaluation(held)).isCloseTo(0.35, within());
        assertThat(CreditEvents.of(held, Role.SUBJECT).detail())
                .isEqualTo("VALUE_MISMATCH: valuation review");

        TradeEvent honest =
                tradeEvent("e2", TradeEventType.CUSTOMS_HELD, "seller", "buyer")
                        .setAmount(usd("1000"))
                        .setReferenceAmount(usd("1000"))
                        .setDetail("documents incomplete")
                        .build();
        assertThat(CreditEvents.isValueMismatch(honest)).isFalse();
        assertThat(CreditEvents.of(honest, Role.SUBJECT).detail())
                .isEqualTo("documents incomplete");

        TradeEvent otherCurrency =
                tradeEvent("e3", TradeEventType.CUSTOMS_REJECTED, "seller", "buyer")
                        .setAmount(usd("1000"))
                        .setReferenceAmount(
                                new io.crosstrust.events.common.Money(
                                        new java.math.BigDecimal("9000"), "CNY"))
                        .build();
        assertThat(CreditEvents.isValueMismatch(otherCurrency)).isFalse();
    }

    @Test
    void aRatingOutsideOneToFiveIsNoRating() {
        TradeEvent review =
                tradeEvent("e1", TradeEventType.REVIEW, "seller", "buyer").setRating(4).build();
        assertThat(CreditEvents.of(review, Role.SUBJECT).rating()).isEqualTo(4);
        review.setRating(null);
        assertThat(CreditEvents.of(review, Role.SUBJECT).rating()).isZero();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
