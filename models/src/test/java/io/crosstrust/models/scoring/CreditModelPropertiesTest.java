package io.crosstrust.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.Dimension;
import io.crosstrust.models.features.FeatureDefinition;
import io.crosstrust.models.features.NetworkPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests of the built-in streaming model: bounded, deterministic, monotone where the
 * domain demands, reasons that add up.
 */
class CreditModelPropertiesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final CreditModel MODEL = CreditModel.builtIn();
    static final Set<String> GRADES =
            Set.of("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D");

    static Instant day(double d) {
        return T0.plus(Duration.ofMillis((long) (d * 86_400_000L)));
    }

    /** A random but plausible history: a quality level shapes lateness, delays and losses. */
    static List<CreditEvent> history(Random r) {
        List<CreditEvent> out = new ArrayList<>();
        double badness = r.nextDouble();
        int orders = r.nextInt(120);
        for (int i = 0; i < orders; i++) {
            double d = r.nextDouble() * 300;
            String cp = "cp" + r.nextInt(1 + r.nextInt(12));
            boolean chain = r.nextDouble() < 0.5;
            out.add(
                    CreditEvent.builder(CreditEventType.ORDER_PLACED, day(d))
                            .amount(String.valueOf(100 + r.nextInt(50_000)), "USD")
                            .counterparty(cp)
                            .onChain(chain)
                            .build());
            out.add(
                    CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(d))
                            .amount("500", "USD")
                            .referenceTime(day(d + 30))
                            .build());
            if (r.nextDouble() > badness * 0.3) {
                double late = r.nextDouble() < badness ? r.nextDouble() * 60 : -r.nextDouble() * 3;
                out.add(
                        CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(d + 30 + late))
                                .amount("500", "USD")
                                .referenceTime(day(d + 30))
                                .counterparty(cp)
                                .build());
            }
            out.add(
                    CreditEvent.builder(
                                    CreditEventType.SHIPMENT_DEPARTED,
                                    day(d + 3 + r.nextDouble() * 4 * badness))
                            .referenceTime(day(d + 3))
                            .build());
            if (r.nextDouble() < 0.05 * badness) {
                out.add(CreditEvent.builder(CreditEventType.SHIPMENT_LOST, day(d + 10)).build());
            } else {
                out.add(
                        CreditEvent.builder(
                                        CreditEventType.SHIPMENT_DELIVERED,
                                        day(d + 20 + r.nextDouble() * 20 * badness - 2))
                                .referenceTime(day(d + 20))
                                .onChain(chain)
                                .build());
            }
            if (r.nextDouble() < 0.1 * badness) {
                out.add(CreditEvent.builder(CreditEventType.DISPUTE_OPENED, day(d + 25)).build());
                out.add(
                        CreditEvent.builder(CreditEventType.DISPUTE_RESOLVED, day(d + 30))
                                .referenceTime(day(d + 25))
                                .detail(r.nextBoolean() ? "CLAIMANT_WON" : "RESPONDENT_WON")
                                .build());
            }
            if (r.nextDouble() < 0.5) {
                out.add(CreditEvent.builder(CreditEventType.CUSTOMS_DECLARED, day(d + 8)).build());
                if (r.nextDouble() < 0.1 * badness) {
                    out.add(
                            CreditEvent.builder(CreditEventType.CUSTOMS_HELD, day(d + 9))
                                    .detail("VALUE_MISMATCH")
                                    .build());
                }
            }
            if (r.nextDouble() < 0.2) {
                out.add(
                        CreditEvent.builder(CreditEventType.REVIEW, day(d + 26))
                                .rating(1 + r.nextInt(5))
                                .build());
            }
        }
        return out;
    }

    static CreditFeatureState stateOf(List<CreditEvent> events, Random r) {
        CreditFeatureState s = MODEL.newState();
        for (CreditEvent e : events) {
            MODEL.update(s, e);
        }
        if (r != null && r.nextBoolean()) {
            MODEL.updateNetwork(
                    s,
                    new NetworkPosition(
                            r.nextInt(30),
                            r.nextDouble(),
                            r.nextDouble(),
                            r.nextDouble(),
                            day(300).toEpochMilli()));
        }
        return s;
    }

    @Test
    void scoresAreBoundedAndWellFormed() {
        Random r = new Random(101);
        ScoreBuffer buf = MODEL.newBuffer();
        for (int trial = 0; trial < 300; trial++) {
            CreditFeatureState s = stateOf(history(r), r);
            long asOf = day(300 + r.nextInt(400)).toEpochMilli();
            MODEL.score(s, asOf, buf);
            assertThat(buf.composite()).isBetween(300.0, 850.0);
            assertThat(buf.pd()).isStrictlyBetween(0.0, 1.0);
            assertThat(GRADES).contains(buf.grade());
            for (Dimension d : Dimension.values()) {
                assertThat(buf.dimension(d)).as(d.key()).isBetween(0.0, 100.0);
            }
            assertThat(buf.limitUnits()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(5_000_000);
            assertThat(buf.limitUnits() % 100).isZero();
            assertThat(buf.reasonCount()).isBetween(0, MODEL.artifact().maxReasons());
            for (int i = 1; i < buf.reasonCount(); i++) {
                assertThat(Math.abs(buf.reasonPoints(i)))
                        .isLessThanOrEqualTo(Math.abs(buf.reasonPoints(i - 1)));
            }
        }
    }

    @Test
    void theSameInputGivesTheSameOutput() {
        Random r = new Random(102);
        for (int trial = 0; trial < 50; trial++) {
            List<CreditEvent> events = history(r);
            long seed = r.nextLong();
            CreditScore a = MODEL.score(stateOf(events, new Random(seed)), day(320));
            CreditScore b = MODEL.score(stateOf(events, new Random(seed)), day(320));
            assertThat(b).isEqualTo(a);
            // also through the state codec (checkpoint / restore) and a fresh model instance
            CreditFeatureState restored =
                    CreditFeatureState.fromBytes(stateOf(events, new Random(seed)).toBytes());
            CreditModel other;
            try {
                other = CreditModel.of(MODEL.artifact());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            CreditScore c = other.score(restored, day(320));
            assertThat(c).isEqualTo(a);
        }
    }

    @Test
    void aLatePaymentNeverScoresBetterThanTheSamePaymentOnTime() {
        Random r = new Random(103);
        for (int trial = 0; trial < 300; trial++) {
            List<CreditEvent> base = history(r);
            double due = 250 + r.nextDouble() * 40;
            double lateDays = 2 + r.nextDouble() * 90;
            CreditFeatureState onTime = stateOf(base, null);
            CreditFeatureState late = stateOf(base, null);
            CreditFeatureState later = stateOf(base, null);
            MODEL.update(onTime, payment(due, due - r.nextDouble() * 5));
            MODEL.update(late, payment(due, due + lateDays));
            MODEL.update(later, payment(due, due + lateDays + 1 + r.nextDouble() * 60));
            Instant asOf = day(400);
            double sOnTime = MODEL.score(onTime, asOf).composite();
            double sLate = MODEL.score(late, asOf).composite();
            double sLater = MODEL.score(later, asOf).composite();
            assertThat(sLate).isLessThanOrEqualTo(sOnTime);
            assertThat(sLater).isLessThanOrEqualTo(sLate);
        }
    }

    @Test
    void moreLatePaymentsNeverRaiseTheScore() {
        // the same obligations and payments, with the first k paid late instead of on time
        Random r = new Random(104);
        for (int trial = 0; trial < 60; trial++) {
            List<CreditEvent> base = history(r);
            int n = 1 + r.nextInt(15);
            double[] due = new double[n];
            double[] early = new double[n];
            double[] late = new double[n];
            for (int i = 0; i < n; i++) {
                due[i] = 200 + r.nextDouble() * 100;
                early[i] = r.nextDouble() * 5;
                late[i] = 2 + r.nextDouble() * 60;
            }
            double prev = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= n; k++) {
                CreditFeatureState s = stateOf(base, null);
                for (int i = 0; i < n; i++) {
                    MODEL.update(
                            s,
                            CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(due[i] - 30))
                                    .amount("500", "USD")
                                    .referenceTime(day(due[i]))
                                    .build());
                    MODEL.update(s, payment(due[i], i < k ? due[i] + late[i] : due[i] - early[i]));
                }
                double now = MODEL.score(s, day(400)).composite();
                assertThat(now).as("%d of %d late", k, n).isLessThanOrEqualTo(prev);
                prev = now;
            }
        }
    }

    @Test
    void anInstalmentStillUnpaidNeverScoresBetterThanTheSameOnePaid() {
        // the scoring job stands in for an overdue instalment with a STILL_UNPAID payment "now"
        Random r = new Random(108);
        for (int trial = 0; trial < 200; trial++) {
            List<CreditEvent> base = history(r);
            double due = 250 + r.nextDouble() * 40;
            double now = due + 2 + r.nextDouble() * 90;
            CreditFeatureState onTime = stateOf(base, null);
            CreditFeatureState paidLate = stateOf(base, null);
            CreditFeatureState unpaid = stateOf(base, null);
            MODEL.update(onTime, payment(due, due - r.nextDouble() * 5));
            MODEL.update(paidLate, payment(due, now));
            MODEL.update(
                    unpaid,
                    CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(now))
                            .amount("500", "USD")
                            .referenceTime(day(due))
                            .counterparty("cp1")
                            .detail(CreditEvent.STILL_UNPAID)
                            .build());
            Instant asOf = day(now);
            double sOnTime = MODEL.score(onTime, asOf).composite();
            double sPaidLate = MODEL.score(paidLate, asOf).composite();
            double sUnpaid = MODEL.score(unpaid, asOf).composite();
            assertThat(sPaidLate).isLessThanOrEqualTo(sOnTime);
            assertThat(sUnpaid).isLessThanOrEqualTo(sPaidLate);
        }
    }

    @Test
    void everyMonotoneFeatureMovesTheScoreOnlyTheDeclaredWay() {
        Scorecard sc = MODEL.scorecard();
        Random r = new Random(105);
        int f = sc.featureCount();
        for (int trial = 0; trial < 2000; trial++) {
            double[] x = new double[f];
            for (int j = 0; j < f; j++) {
                x[j] = randomValue(r, sc.featureName(j));
            }
            int j = r.nextInt(f);
            FeatureDefinition def =
                    CreditFeatures.DEFINITIONS.get(CreditFeatures.indexOf(sc.featureName(j)));
            if (def.monotone().equals("none")) {
                continue;
            }
            double[] y = x.clone();
            y[j] = x[j] + Math.abs(randomValue(r, sc.featureName(j)) - x[j]);
            double[] c = new double[f];
            double before = sc.composite(sc.contributions(x, null, c));
            double after = sc.composite(sc.contributions(y, null, c));
            if (def.monotone().equals("increasing_risk")) {
                assertThat(after).as(def.name()).isLessThanOrEqualTo(before);
            } else {
                assertThat(after).as(def.name()).isGreaterThanOrEqualTo(before);
            }
        }
    }

    @Test
    void reasonPointsAddUpToTheDistanceFromTheReferenceScore() {
        Scorecard sc = MODEL.scorecard();
        Random r = new Random(106);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[sc.featureCount()];
            for (int j = 0; j < x.length; j++) {
                x[j] = randomValue(r, sc.featureName(j));
            }
            Explanation e = Explanation.of(sc, x, null, 30);
            double sum = e.lines().stream().mapToDouble(Explanation.Line::points).sum();
            assertThat(sum).isCloseTo(e.rawComposite() - e.referenceComposite(), within(1e-9));
            double eta =
                    sc.intercept()
                            + e.lines().stream().mapToDouble(Explanation.Line::contribution).sum();
            assertThat(e.eta()).isCloseTo(eta, within(1e-12));
            // the PD and composite formulas of docs/model-artifact.md
            ModelArtifact a = MODEL.artifact();
            double z = a.calibration().a() + a.calibration().b() * e.eta();
            assertThat(e.pd()).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-15));
            double raw =
                    a.scale().baseScore()
                            + a.scale().pdo() / Math.log(2) * (-z - Math.log(a.scale().baseOdds()));
            assertThat(e.rawComposite()).isCloseTo(raw, within(1e-9));
        }
    }

    @Test
    void theStreamingBufferAgreesWithTheMaterialisedScore() {
        Random r = new Random(107);
        ScoreBuffer buf = MODEL.newBuffer();
        for (int trial = 0; trial < 50; trial++) {
            CreditFeatureState s = stateOf(history(r), r);
            MODEL.score(s, day(330).toEpochMilli(), buf);
            CreditScore cs = MODEL.toCreditScore(buf);
            assertThat(cs).isEqualTo(MODEL.score(s, day(330)));
            assertThat(cs.reasons()).hasSize(buf.reasonCount());
            for (int i = 0; i < buf.reasonCount(); i++) {
                assertThat(cs.reasons().get(i).code()).isEqualTo(buf.reasonCode(i));
                assertThat(cs.reasons().get(i).contribution()).isEqualTo(buf.reasonPoints(i));
            }
            assertThat(cs.dimensions()).hasSize(8);
            assertThat(cs.recommendedLimit().longValueExact()).isEqualTo(buf.limitUnits());
            assertThat(cs.limitCurrency()).isEqualTo("USD");
            assertThat(cs.modelId()).isEqualTo("crosstrust-default");
        }
    }

    static CreditEvent payment(double dueDay, double paidDay) {
        return CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(paidDay))
                .amount("500", "USD")
                .referenceTime(day(dueDay))
                .counterparty("cp1")
                .build();
    }

    static double randomValue(Random r, String name) {
        if (name.endsWith("tenure_days")) {
            return r.nextDouble() * 1500;
        }
        if (name.endsWith("monthly_volume")) {
            return r.nextDouble() * 100_000;
        }
        if (name.endsWith("days") || name.endsWith("days_late") || name.endsWith("degree")) {
            return r.nextDouble() * 40;
        }
        if (name.endsWith("volume_trend")) {
            return r.nextDouble() * 5;
        }
        if (name.endsWith("avg_rating")) {
            return 1 + r.nextDouble() * 4;
        }
        return r.nextDouble();
    }
}
