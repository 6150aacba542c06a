package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.scoring.CreditModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The payment properties the domain demands (models' {@code CreditModelPropertiesTest} checks them
 * on the built-in model) on the shipped trade-world model, which weighs the recent-lateness and
 * arrears features most: paying late never scores better than paying on time, paying later never
 * better than paying late, more late payments never better than fewer, and an instalment still
 * unpaid never better than the same one paid.
 */
class TradeWorldModelPropertiesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final CreditModel MODEL = TradeWorldModel.shipped();

    static Instant day(double d) {
        return T0.plus(Duration.ofMillis((long) (d * 86_400_000L)));
    }

    /** A buyer's plausible history over 150 days: orders, obligations, payments of some habit. */
    static List<CreditEvent> history(Random r) {
        List<CreditEvent> out = new ArrayList<>();
        double lateness = r.nextDouble();
        int orders = r.nextInt(80);
        for (int i = 0; i < orders; i++) {
            double d = r.nextDouble() * 150;
            String cp = "s" + r.nextInt(1 + r.nextInt(8));
            String amount = String.valueOf(200 + r.nextInt(20_000));
            double due = d + 15 + 15 * r.nextInt(3);
            out.add(
                    CreditEvent.builder(CreditEventType.ORDER_PLACED, day(d))
                            .amount(amount, "USD")
                            .counterparty(cp)
                            .onChain(r.nextDouble() < 0.3)
                            .build());
            out.add(
                    CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(d))
                            .amount(amount, "USD")
                            .referenceTime(day(due))
                            .counterparty(cp)
                            .build());
            if (due < 150 && r.nextDouble() > 0.1 * lateness) {
                double paid =
                        r.nextDouble() < lateness
                                ? due + r.nextDouble() * 40
                                : due - r.nextDouble();
                out.add(payment(due, Math.min(paid, 150), amount));
            }
            if (r.nextDouble() < 0.05 * lateness) {
                out.add(CreditEvent.builder(CreditEventType.DISPUTE_OPENED, day(d + 20)).build());
            }
        }
        return out;
    }

    static CreditEvent payment(double dueDay, double paidDay, String amount) {
        return CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(paidDay))
                .amount(amount, "USD")
                .referenceTime(day(dueDay))
                .counterparty("s0")
                .build();
    }

    static CreditFeatureState stateOf(List<CreditEvent> events) {
        CreditFeatureState s = MODEL.newState();
        events.forEach(e -> MODEL.update(s, e));
        return s;
    }

    double composite(CreditFeatureState s, double asOfDay) {
        return MODEL.score(s, day(asOfDay)).composite();
    }

    @Test
    void payingLateOrLaterNeverScoresBetter() {
        Random r = new Random(201);
        for (int trial = 0; trial < 300; trial++) {
            List<CreditEvent> base = history(r);
            double due = 120 + r.nextDouble() * 20;
            double late = due + 2 + r.nextDouble() * 30;
            double later = late + 1 + r.nextDouble() * 30;
            CreditFeatureState onTime = stateOf(base);
            CreditFeatureState paidLate = stateOf(base);
            CreditFeatureState paidLater = stateOf(base);
            MODEL.update(onTime, payment(due, due - r.nextDouble() * 5, "500"));
            MODEL.update(paidLate, payment(due, late, "500"));
            MODEL.update(paidLater, payment(due, later, "500"));
            for (double asOf : new double[] {later, later + 10, later + 60}) {
                assertThat(composite(paidLate, asOf)).isLessThanOrEqualTo(composite(onTime, asOf));
                assertThat(composite(paidLater, asOf))
                        .isLessThanOrEqualTo(composite(paidLate, asOf));
            }
        }
    }

    @Test
    void moreLatePaymentsNeverScoreBetter() {
        Random r = new Random(202);
        for (int trial = 0; trial < 60; trial++) {
            List<CreditEvent> base = history(r);
            int n = 1 + r.nextInt(10);
            double[] due = new double[n];
            double[] late = new double[n];
            for (int i = 0; i < n; i++) {
                due[i] = 100 + r.nextDouble() * 40;
                late[i] = 2 + r.nextDouble() * 40;
            }
            double prev = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= n; k++) {
                CreditFeatureState s = stateOf(base);
                for (int i = 0; i < n; i++) {
                    MODEL.update(
                            s,
                            CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(due[i] - 30))
                                    .amount("500", "USD")
                                    .referenceTime(day(due[i]))
                                    .build());
                    MODEL.update(s, payment(due[i], i < k ? due[i] + late[i] : due[i], "500"));
                }
                double now = composite(s, 190);
                assertThat(now).as("%d of %d late", k, n).isLessThanOrEqualTo(prev);
                prev = now;
            }
        }
    }

    @Test
    void anInstalmentStillUnpaidNeverScoresBetterThanTheSameOnePaid() {
        Random r = new Random(203);
        for (int trial = 0; trial < 300; trial++) {
            List<CreditEvent> base = history(r);
            double due = 120 + r.nextDouble() * 20;
            double now = due + 2 + r.nextDouble() * 60;
            CreditFeatureState paid = stateOf(base);
            CreditFeatureState unpaid = stateOf(base);
            MODEL.update(paid, payment(due, now, "500"));
            MODEL.update(
                    unpaid,
                    CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(now))
                            .amount("500", "USD")
                            .referenceTime(day(due))
                            .counterparty("s0")
                            .detail(CreditEvent.STILL_UNPAID)
                            .build());
            assertThat(composite(unpaid, now)).isLessThanOrEqualTo(composite(paid, now));
        }
    }
}
