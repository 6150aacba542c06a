package io.crosstrust.models.features;

import static io.crosstrust.models.features.CreditFeatures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CreditFeaturesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final CreditFeatures fx = new CreditFeatures(90, 14, CurrencyRates.referenceOnly("USD"));

    static Instant day(double d) {
        return T0.plus(Duration.ofMillis((long) (d * 86_400_000L)));
    }

    static CreditEvent payment(double dueDay, double paidDay) {
        return CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(paidDay))
                .amount("100.00", "USD")
                .referenceTime(day(dueDay))
                .counterparty("c1")
                .build();
    }

    double[] features(CreditFeatureState s, Instant asOf) {
        double[] out = new double[FEATURE_COUNT];
        fx.compute(s, asOf.toEpochMilli(), out);
        return out;
    }

    @Test
    void definitionsMatchTheIndexConstantsAndCoverEveryDimension() {
        assertThat(DEFINITIONS).hasSize(FEATURE_COUNT);
        assertThat(DEFINITIONS.get(PAYMENT_ON_TIME).name()).isEqualTo("payment.on_time_rate");
        assertThat(DEFINITIONS.get(TRANSPARENCY_ESCROW_SETTLED).name())
                .isEqualTo("transparency.escrow_settlement_rate");
        for (Dimension d : Dimension.values()) {
            assertThat(DEFINITIONS).anySatisfy(f -> assertThat(f.dimension()).isEqualTo(d));
        }
        for (FeatureDefinition f : DEFINITIONS) {
            assertThat(f.name()).startsWith(f.dimension().key() + ".");
            assertThat(indexOf(f.name())).isEqualTo(DEFINITIONS.indexOf(f));
        }
        assertThat(CreditEventType.fromSymbol("ESCROW_FUNDED"))
                .isEqualTo(CreditEventType.ESCROW_FUNDED);
        assertThat(CreditEventType.fromSymbol("SOMETHING_NEW")).isEqualTo(CreditEventType.OTHER);
    }

    @Test
    void aNewEntitySitsAtTheNeutralPriors() {
        double[] f = features(new CreditFeatureState(), T0);
        assertThat(f[PAYMENT_ON_TIME]).isEqualTo(0.9);
        assertThat(f[FULFILMENT_RATING]).isEqualTo(4.0);
        assertThat(f[PAYMENT_DAYS_LATE]).isEqualTo(0.0);
        assertThat(f[STABILITY_TENURE]).isEqualTo(0.0);
        assertThat(f[NETWORK_COUNTERPARTY_QUALITY]).isEqualTo(0.5);
        assertThat(f[STABILITY_VOLUME_TREND]).isEqualTo(1.0);
        assertThat(f[PAYMENT_RECENT_DAYS_LATE]).isEqualTo(0.0);
        assertThat(f[PAYMENT_ARREARS_RATE]).isEqualTo(0.0);
        assertThat(f[STABILITY_ORDER_SIZE_TREND]).isEqualTo(1.0);
        assertThat(f[STABILITY_NEW_COUNTERPARTY_SHARE]).isEqualTo(0.2);
    }

    @Test
    void recentLatenessIsDatedByThePaymentAndFadesWithTheShortHalfLife() {
        // the same two late payments (30 days late), made long ago or just now
        CreditFeatureState old = new CreditFeatureState();
        CreditFeatureState recent = new CreditFeatureState();
        for (int i = 0; i < 10; i++) {
            fx.update(old, payment(i * 5, i * 5 - 1));
            fx.update(recent, payment(i * 5, i * 5 - 1));
        }
        fx.update(old, payment(10, 40));
        fx.update(old, payment(20, 50));
        fx.update(recent, payment(130, 160));
        fx.update(recent, payment(140, 170));
        double[] a = features(old, day(170));
        double[] b = features(recent, day(170));
        assertThat(b[PAYMENT_RECENT_DAYS_LATE]).isGreaterThan(10 * a[PAYMENT_RECENT_DAYS_LATE]);
        // numerator: 30 days late, weighted by the time of the payment (14-day half-life);
        // denominator: payments with a due date, dated by their due dates (90-day half-life)
        double withDue = 0;
        for (int i = 0; i < 10; i++) {
            withDue += Math.pow(2, -(170 - i * 5) / 90.0);
        }
        withDue += Math.pow(2, -40 / 90.0) + Math.pow(2, -30 / 90.0);
        double lateSum = 30 * Math.pow(2, -10 / 14.0) + 30;
        assertThat(b[PAYMENT_RECENT_DAYS_LATE]).isCloseTo(lateSum / (withDue + 2), within(1e-9));
        // on-time payments do not count as lateness; none of these were stand-ins for arrears
        assertThat(b[PAYMENT_ARREARS_RATE]).isEqualTo(0.0);
        // fourteen days later the recent lateness has halved
        assertThat(features(recent, day(184))[PAYMENT_RECENT_DAYS_LATE])
                .isCloseTo(lateSum / 2 / (withDue * Math.pow(2, -14 / 90.0) + 2), within(1e-9));
    }

    @Test
    void anInstalmentStillUnpaidCountsAsArrearsAndAsLateness() {
        CreditFeatureState paid = new CreditFeatureState();
        CreditFeatureState unpaid = new CreditFeatureState();
        for (CreditFeatureState s : new CreditFeatureState[] {paid, unpaid}) {
            for (int i = 0; i < 4; i++) {
                fx.update(s, payment(i * 10, i * 10));
            }
        }
        // 20 days past due at day 60: paid then, or still owed then (the scoring job's stand-in)
        fx.update(paid, payment(40, 60));
        fx.update(
                unpaid,
                CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(60))
                        .amount("100.00", "USD")
                        .referenceTime(day(40))
                        .counterparty("c1")
                        .detail(CreditEvent.STILL_UNPAID)
                        .build());
        double[] a = features(paid, day(60));
        double[] b = features(unpaid, day(60));
        assertThat(a[PAYMENT_ARREARS_RATE]).isEqualTo(0.0);
        assertThat(b[PAYMENT_ARREARS_RATE]).isGreaterThan(0.1);
        // everything else is the same: the stand-in is a late payment for the conduct features
        for (int i = 0; i < FEATURE_COUNT; i++) {
            if (i != PAYMENT_ARREARS_RATE) {
                assertThat(b[i]).as(DEFINITIONS.get(i).name()).isEqualTo(a[i]);
            }
        }
        // a stand-in within the grace day is not late, so not arrears either
        CreditFeatureState grace = new CreditFeatureState();
        fx.update(
                grace,
                CreditEvent.builder(CreditEventType.PAYMENT_MADE, day(41))
                        .referenceTime(day(40))
                        .detail(CreditEvent.STILL_UNPAID)
                        .build());
        assertThat(features(grace, day(41))[PAYMENT_ARREARS_RATE]).isEqualTo(0.0);
    }

    @Test
    void largerOrdersWithNewCounterpartiesShowAsTrends() {
        CreditFeatureState steady = new CreditFeatureState();
        CreditFeatureState surge = new CreditFeatureState();
        for (int i = 0; i < 90; i++) {
            for (CreditFeatureState s : new CreditFeatureState[] {steady, surge}) {
                fx.update(s, order(i, "1000", "c" + (i % 3)));
            }
        }
        for (int i = 90; i < 100; i++) {
            fx.update(steady, order(i, "1000", "c" + (i % 3)));
            fx.update(surge, order(i, "3000", "new" + i));
        }
        double[] a = features(steady, day(100));
        double[] b = features(surge, day(100));
        assertThat(a[STABILITY_ORDER_SIZE_TREND]).isCloseTo(1.0, within(1e-9));
        // recent mean amount (14-day half-life, two pseudo-orders at the long-term mean) over the
        // long-term mean (90 days)
        double orders = 0;
        double volume = 0;
        double recentOrders = 0;
        double recentVolume = 0;
        double recentNew = 0;
        for (int i = 0; i < 100; i++) {
            double amount = i >= 90 ? 3000 : 1000;
            orders += Math.pow(2, -(100 - i) / 90.0);
            volume += Math.pow(2, -(100 - i) / 90.0) * amount;
            recentOrders += Math.pow(2, -(100 - i) / 14.0);
            recentVolume += Math.pow(2, -(100 - i) / 14.0) * amount;
            if (i < 3 || i >= 90) { // c0, c1, c2 were new once, and every surge supplier is
                recentNew += Math.pow(2, -(100 - i) / 14.0);
            }
        }
        double longMean = volume / orders;
        assertThat(b[STABILITY_ORDER_SIZE_TREND])
                .isCloseTo(
                        (recentVolume + 2 * longMean) / (recentOrders + 2) / longMean, within(1e-9))
                .isGreaterThan(1.3);
        assertThat(b[STABILITY_NEW_COUNTERPARTY_SHARE])
                .isCloseTo((recentNew + 2 * 0.2) / (recentOrders + 2), within(1e-9))
                .isGreaterThan(0.35);
        assertThat(a[STABILITY_NEW_COUNTERPARTY_SHARE]).isLessThan(0.03);
        // an order without a counterparty or amount counts in the denominators only
        fx.update(steady, CreditEvent.builder(CreditEventType.ORDER_PLACED, day(100)).build());
        double[] c = features(steady, day(100));
        assertThat(c[STABILITY_NEW_COUNTERPARTY_SHARE])
                .isLessThan(a[STABILITY_NEW_COUNTERPARTY_SHARE]);
        assertThat(c[STABILITY_ORDER_SIZE_TREND]).isLessThan(1.0);
    }

    static CreditEvent order(double d, String amount, String counterparty) {
        return CreditEvent.builder(CreditEventType.ORDER_PLACED, day(d))
                .amount(amount, "USD")
                .counterparty(counterparty)
                .build();
    }

    @Test
    void latePaymentsLowerOnTimeRateAndRaiseDaysLate() {
        CreditFeatureState onTime = new CreditFeatureState();
        CreditFeatureState late = new CreditFeatureState();
        for (int i = 0; i < 10; i++) {
            fx.update(onTime, payment(i * 10, i * 10 - 1));
            fx.update(late, payment(i * 10, i * 10 + 15));
        }
        double[] a = features(onTime, day(100));
        double[] b = features(late, day(100));
        assertThat(a[PAYMENT_ON_TIME]).isGreaterThan(0.95);
        assertThat(b[PAYMENT_ON_TIME]).isLessThan(0.3);
        assertThat(a[PAYMENT_DAYS_LATE]).isEqualTo(0.0);
        assertThat(b[PAYMENT_DAYS_LATE]).isGreaterThan(10);
        // paying one day late is within the grace period
        CreditFeatureState grace = new CreditFeatureState();
        fx.update(grace, payment(0, 1));
        // dated by its due day: one day old when paid
        double w = Math.pow(2, -1 / 90.0);
        assertThat(features(grace, day(1))[PAYMENT_ON_TIME])
                .isCloseTo((w + 2 * 0.9) / (w + 2), within(1e-12));
    }

    @Test
    void evidenceHalvesAfterOneHalfLife() {
        CreditFeatureState s = new CreditFeatureState();
        fx.update(
                s,
                CreditEvent.builder(CreditEventType.ORDER_PLACED, T0).amount("900", "USD").build());
        double now = fx.monthlyVolume(s, T0.toEpochMilli());
        double later = fx.monthlyVolume(s, day(90).toEpochMilli());
        assertThat(later / now).isCloseTo(0.5, within(1e-12));
        assertThat(now).isCloseTo(900 * Math.log(2) / 90 * 30, within(1e-9));
        // applying a later event decays the stored tallies by the same factor
        fx.update(s, CreditEvent.builder(CreditEventType.OTHER, day(90)).build());
        assertThat(fx.monthlyVolume(s, day(90).toEpochMilli())).isCloseTo(later, within(1e-9));
    }

    @Test
    void arrivalOrderDoesNotMatterForTheTallies() {
        Random r = new Random(17);
        List<CreditEvent> events = randomEvents(r, 300);
        CreditFeatureState inOrder = new CreditFeatureState();
        events.stream()
                .sorted((a, b) -> Long.compare(a.eventTimeMillis(), b.eventTimeMillis()))
                .forEach(e -> fx.update(inOrder, e));
        List<CreditEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(3));
        CreditFeatureState mixed = new CreditFeatureState();
        shuffled.forEach(e -> fx.update(mixed, e));
        double[] a = features(inOrder, day(400));
        double[] b = features(mixed, day(400));
        for (int i = 0; i < FEATURE_COUNT; i++) {
            if (i == STABILITY_CONCENTRATION || i == STABILITY_NEW_COUNTERPARTY_SHARE) {
                continue; // the counterparty sketch evicts in arrival order
            }
            assertThat(b[i])
                    .as(DEFINITIONS.get(i).name())
                    .isCloseTo(a[i], within(1e-9 * (1 + Math.abs(a[i]))));
        }
        assertThat(mixed.lastEventMillis()).isEqualTo(inOrder.lastEventMillis());
        assertThat(mixed.firstEventMillis()).isEqualTo(inOrder.firstEventMillis());
    }

    @Test
    void everyEventTypeIsHandledAndFeaturesStayFinite() {
        Random r = new Random(2);
        CreditFeatureState s = new CreditFeatureState();
        for (CreditEventType t : CreditEventType.values()) {
            fx.update(
                    s,
                    CreditEvent.builder(t, day(r.nextInt(50)))
                            .amount("10", "EUR")
                            .referenceTime(day(3))
                            .counterparty("x")
                            .rating(3)
                            .detail("CLAIMANT_WON VALUE")
                            .onChain(true)
                            .build());
        }
        for (double v : features(s, day(60))) {
            assertThat(v).isFinite();
        }
        assertThat(s.eventCount()).isEqualTo(CreditEventType.values().length);
        // an unknown currency counts the event but not its volume
        assertThat(fx.monthlyVolume(s, day(60).toEpochMilli())).isEqualTo(0.0);
    }

    @Test
    void disputeOutcomesCustomsReasonsAndOnChainShare() {
        CreditFeatureState s = new CreditFeatureState();
        fx.update(
                s,
                CreditEvent.builder(CreditEventType.DISPUTE_RESOLVED, day(10))
                        .referenceTime(day(0))
                        .detail("CLAIMANT_WON")
                        .build());
        fx.update(
                s,
                CreditEvent.builder(CreditEventType.DISPUTE_RESOLVED, day(10))
                        .referenceTime(day(6))
                        .detail("SPLIT")
                        .build());
        fx.update(s, CreditEvent.builder(CreditEventType.CUSTOMS_DECLARED, day(10)).build());
        fx.update(
                s,
                CreditEvent.builder(CreditEventType.CUSTOMS_HELD, day(10))
                        .detail("declared value mismatch")
                        .build());
        fx.update(
                s,
                CreditEvent.builder(CreditEventType.ORDER_PLACED, day(10)).onChain(true).build());
        fx.update(s, CreditEvent.builder(CreditEventType.ESCROW_FUNDED, day(10)).build());
        double[] f = features(s, day(10));
        // resolutions are dated by their opening: weights 2^(-10/90) and 2^(-4/90) at day 10
        double w1 = Math.pow(2, -10 / 90.0);
        double w2 = Math.pow(2, -4 / 90.0);
        assertThat(f[DISPUTES_LOST_SHARE])
                .isCloseTo((w1 + 0.5 * w2 + 2 * 0.3) / (w1 + w2 + 2), within(1e-12));
        assertThat(f[DISPUTES_RESOLUTION_DAYS])
                .isCloseTo((10 * w1 + 4 * w2 + 2 * 7) / (w1 + w2 + 2), within(1e-12));
        assertThat(f[COMPLIANCE_HOLD_RATE]).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(f[COMPLIANCE_VALUE_MISMATCH]).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(f[TRANSPARENCY_ONCHAIN_SHARE]).isCloseTo((2 + 0.4) / 5, within(1e-12));
    }

    @Test
    void aPaymentCancelsItsObligationWhenEverItIsMade() {
        CreditFeatureState onTime = new CreditFeatureState();
        CreditFeatureState late = new CreditFeatureState();
        for (CreditFeatureState s : new CreditFeatureState[] {onTime, late}) {
            fx.update(
                    s,
                    CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(0))
                            .amount("800", "USD")
                            .referenceTime(day(30))
                            .build());
            fx.update(
                    s,
                    CreditEvent.builder(CreditEventType.PAYMENT_DUE, day(5))
                            .amount("200", "USD")
                            .referenceTime(day(35))
                            .build());
        }
        fx.update(onTime, payment(30, 29));
        fx.update(late, payment(30, 70));
        double[] a = features(onTime, day(80));
        double[] b = features(late, day(80));
        assertThat(b[PAYMENT_OUTSTANDING]).isCloseTo(a[PAYMENT_OUTSTANDING], within(1e-12));
        assertThat(fx.exposure(late, day(80).toEpochMilli()))
                .isCloseTo(fx.exposure(onTime, day(80).toEpochMilli()), within(1e-9));
        // 800 + 200 owed (dated by due days 30 and 35), 100 paid against the first
        double w30 = Math.pow(2, -50 / 90.0);
        double w35 = Math.pow(2, -45 / 90.0);
        assertThat(fx.exposure(onTime, day(80).toEpochMilli()))
                .isCloseTo(800 * w30 + 200 * w35 - 100 * w30, within(1e-9));
        assertThat(b[PAYMENT_ON_TIME]).isLessThan(a[PAYMENT_ON_TIME]);
    }

    @Test
    void networkPositionIsSetExplicitlyAndStaleOnesAreIgnored() {
        CreditFeatureState s = new CreditFeatureState();
        fx.updateNetwork(s, new NetworkPosition(12, 0.7, 0.8, 0.1, day(5).toEpochMilli()));
        fx.updateNetwork(s, new NetworkPosition(1, 0.1, 0.1, 0.9, day(4).toEpochMilli()));
        double[] f = features(s, day(6));
        assertThat(f[NETWORK_DEGREE]).isEqualTo(12);
        assertThat(f[NETWORK_CENTRALITY]).isEqualTo(0.7);
        assertThat(f[NETWORK_COUNTERPARTY_QUALITY]).isEqualTo(0.8);
        assertThat(f[NETWORK_HIGH_RISK_EXPOSURE]).isEqualTo(0.1);
        assertThatThrownBy(() -> new NetworkPosition(1, 1.5, 0, 0, 0))
                .hasMessageContaining("centrality");
    }

    @Test
    void concentrationTracksTheHeaviestCounterparties() {
        CreditFeatureState one = new CreditFeatureState();
        CreditFeatureState many = new CreditFeatureState();
        for (int i = 0; i < 40; i++) {
            fx.update(
                    one,
                    CreditEvent.builder(CreditEventType.ORDER_PLACED, day(i))
                            .counterparty("solo")
                            .build());
            fx.update(
                    many,
                    CreditEvent.builder(CreditEventType.ORDER_PLACED, day(i))
                            .counterparty("c" + (i % 4))
                            .build());
        }
        assertThat(features(one, day(40))[STABILITY_CONCENTRATION]).isCloseTo(1.0, within(1e-12));
        assertThat(features(many, day(40))[STABILITY_CONCENTRATION]).isCloseTo(0.25, within(0.01));
    }

    @Test
    void stateCodecRoundTripsExactlyAndRejectsOtherVersions() {
        Random r = new Random(4);
        List<CreditEvent> events = randomEvents(r, 300);
        CreditFeatureState s = new CreditFeatureState();
        events.subList(0, 200).forEach(e -> fx.update(s, e));
        fx.updateNetwork(s, new NetworkPosition(3, 0.2, 0.6, 0.05, day(30).toEpochMilli()));
        byte[] bytes = s.toBytes();
        assertThat(bytes).hasSize(CreditFeatureState.serializedSize());
        assertThat(bytes[0]).isEqualTo(CreditFeatureState.CODEC_VERSION);
        CreditFeatureState back = CreditFeatureState.fromBytes(bytes);
        assertThat(back).isEqualTo(s);
        // the restored state behaves as the original: the same features at any time, and the same
        // ones after the same further events (every tally, the sketch and the times came back)
        for (double d : new double[] {0, 180, 365, 500}) {
            assertThat(features(back, day(d))).containsExactly(features(s, day(d)));
        }
        events.subList(200, 300).forEach(e -> fx.update(s, e));
        events.subList(200, 300).forEach(e -> fx.update(back, e));
        fx.update(s, order(370, "5000", "brand-new"));
        fx.update(back, order(370, "5000", "brand-new"));
        for (double d : new double[] {370, 400, 700}) {
            assertThat(features(back, day(d))).containsExactly(features(s, day(d)));
        }
        assertThat(fx.exposure(back, day(400).toEpochMilli()))
                .isEqualTo(fx.exposure(s, day(400).toEpochMilli()));
        assertThat(back.toBytes()).isEqualTo(s.toBytes());
        assertThat(new CreditFeatureState().toBytes()).hasSize(bytes.length);
        bytes[0] = 9;
        assertThatThrownBy(() -> CreditFeatureState.fromBytes(bytes))
                .hasMessageContaining("codec version 9");
        assertThatThrownBy(() -> CreditFeatureState.fromBytes(new byte[3]))
                .hasMessageContaining("codec version 0");
        byte[] truncated = java.util.Arrays.copyOf(s.toBytes(), bytes.length - 8);
        assertThatThrownBy(() -> CreditFeatureState.fromBytes(truncated))
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> CreditFeatureState.fromBytes(new byte[0]))
                .hasMessageContaining("empty");
    }

    @Test
    void aVersion1StateIsReadWithEmptyShortTallies() {
        Random r = new Random(5);
        List<CreditEvent> events = randomEvents(r, 200);
        CreditFeatureState s = new CreditFeatureState();
        events.subList(0, 150).forEach(e -> fx.update(s, e));
        // version 1 was version 2 without the short tallies at the end
        byte[] v1 = java.util.Arrays.copyOf(s.toBytes(), CreditFeatureState.V1_SIZE);
        v1[0] = 1;
        CreditFeatureState old = CreditFeatureState.fromBytes(v1);
        CreditFeatureState expected = s.copy();
        java.util.Arrays.fill(expected.shortTally, 0.0);
        assertThat(old).isEqualTo(expected);
        double[] a = features(old, day(400));
        double[] b = features(s, day(400));
        for (int i = 0; i < FEATURE_COUNT; i++) {
            if (i < PAYMENT_RECENT_DAYS_LATE) {
                assertThat(a[i]).as(DEFINITIONS.get(i).name()).isEqualTo(b[i]);
            }
        }
        // the recent-conduct features start from nothing and then follow new events
        assertThat(a[PAYMENT_RECENT_DAYS_LATE]).isZero();
        events.subList(150, 200).forEach(e -> fx.update(old, e));
        assertThat(old.toBytes()).hasSize(CreditFeatureState.serializedSize());
        assertThat(old.toBytes()[0]).isEqualTo(CreditFeatureState.CODEC_VERSION);
        v1[v1.length - 1] ^= 1;
        assertThat(CreditFeatureState.fromBytes(v1).networkAsOfMillis())
                .isNotEqualTo(s.networkAsOfMillis());
        assertThatThrownBy(
                        () ->
                                CreditFeatureState.fromBytes(
                                        java.util.Arrays.copyOf(v1, v1.length + 8)))
                .hasMessageContaining("codec version 1")
                .hasMessageContaining("bytes");
    }

    static List<CreditEvent> randomEvents(Random r, int n) {
        CreditEventType[] types = CreditEventType.values();
        List<CreditEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CreditEventType t = types[r.nextInt(types.length)];
            double d = r.nextDouble() * 365;
            CreditEvent.Builder b = CreditEvent.builder(t, day(d));
            if (r.nextBoolean()) {
                b.amount(
                        String.valueOf(r.nextInt(100000) / 100.0),
                        r.nextInt(5) == 0 ? "EUR" : "USD");
            }
            if (r.nextBoolean()) {
                b.referenceTime(day(d - 20 + r.nextDouble() * 30));
            }
            if (r.nextBoolean()) {
                b.counterparty("cp" + r.nextInt(20));
            }
            b.onChain(r.nextBoolean());
            if (t == CreditEventType.REVIEW) {
                b.rating(1 + r.nextInt(5));
            }
            if (t == CreditEventType.DISPUTE_RESOLVED || t == CreditEventType.ESCROW_RESOLVED) {
                b.detail(
                        new String[] {"CLAIMANT_WON", "RESPONDENT_WON", "SPLIT", "WITHDRAWN"}
                                [r.nextInt(4)]);
            }
            if (t == CreditEventType.CUSTOMS_HELD || t == CreditEventType.CUSTOMS_REJECTED) {
                b.detail(r.nextBoolean() ? "VALUE_MISMATCH" : "DOCUMENTS");
            }
            if (t == CreditEventType.PAYMENT_MADE && r.nextInt(4) == 0) {
                b.detail(CreditEvent.STILL_UNPAID);
            }
            out.add(b.build());
        }
        return out;
    }
}
