package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.CustomsStatus;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentDue;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.ShipmentMilestone;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The hidden profiles leave measurable, honest traces in the events. */
class ProfileSignalsTest {
    private final TestWorlds.Generated world = TestWorlds.medium();
    private final GroundTruth truth = world.truth();

    private Profile profileOf(String id) {
        return truth.entity(id).orElseThrow().profile();
    }

    /** Per instalment: due time and payment time (null = never paid). */
    private record Instalment(String payer, Instant due, Instant paid) {
        boolean late() {
            return paid == null || paid.isAfter(due);
        }
    }

    private List<Instalment> instalments() {
        Map<String, Instalment> byKey = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (GeneratedEvent e : world.events()) {
            if (e.record() instanceof PaymentDue d) {
                String key = d.getOrderId() + "#" + d.getInstallment();
                byKey.put(key, new Instalment(d.getPayerId(), d.getDueTime(), null));
                order.add(key);
            } else if (e.record() instanceof PaymentMade p) {
                String key = p.getOrderId() + "#" + p.getInstallment();
                Instalment i = byKey.get(key);
                byKey.put(key, new Instalment(i.payer(), i.due(), p.getEventTime()));
            }
        }
        List<Instalment> out = new ArrayList<>();
        for (String key : order) {
            out.add(byKey.get(key));
        }
        return out;
    }

    @Test
    void slowPayersPayLateFarMoreOftenThanReliableOnesWhoAlsoPayLateSometimes() {
        Map<Profile, long[]> paidLate = new EnumMap<>(Profile.class); // {late, all}
        for (Instalment i : instalments()) {
            if (i.paid() == null) {
                continue;
            }
            long[] c = paidLate.computeIfAbsent(profileOf(i.payer()), p -> new long[2]);
            c[1]++;
            if (i.paid().isAfter(i.due())) {
                c[0]++;
            }
        }
        double reliable = share(paidLate.get(Profile.RELIABLE));
        double slow = share(paidLate.get(Profile.SLOW_PAYER));
        assertThat(reliable).isBetween(0.02, 0.15);
        assertThat(slow).isGreaterThan(3 * reliable).isGreaterThan(0.35);
    }

    @Test
    void slowPayersPayInTheEnd() {
        Instant end = world.config().start().plus(Duration.ofDays(world.config().days()));
        long checked = 0;
        for (Instalment i : instalments()) {
            EntityTruth payer = truth.entity(i.payer()).orElseThrow();
            if (payer.profile() == Profile.SLOW_PAYER
                    && !payer.defaulted()
                    && i.due().isBefore(end.minus(Duration.ofDays(100)))) {
                assertThat(i.paid()).as("%s due %s", i.payer(), i.due()).isNotNull();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void delinquentsDeteriorateFromTheirOnsetAndThenStopPaying() {
        long[] before = new long[2];
        long[] ramp = new long[2];
        for (Instalment i : instalments()) {
            EntityTruth payer = truth.entity(i.payer()).orElseThrow();
            if (payer.profile() != Profile.DELINQUENT || !payer.defaulted()) {
                continue;
            }
            long[] bucket =
                    i.due().isBefore(payer.onset())
                            ? before
                            : i.due().isBefore(payer.defaultTime()) ? ramp : null;
            if (bucket != null) {
                bucket[1]++;
                if (i.late()) {
                    bucket[0]++;
                }
            }
        }
        assertThat(before[1]).isGreaterThan(50);
        assertThat(ramp[1]).isGreaterThan(200);
        assertThat(share(ramp)).isGreaterThan(3 * share(before));
        assertThat(share(before)).isLessThan(0.2);
        assertThat(truth.withProfile(Profile.DELINQUENT).stream().filter(EntityTruth::defaulted))
                .hasSizeGreaterThan(20);
    }

    @Test
    void defaultersNeitherPayNorShipNorOrderAfterDefaulting() {
        Map<String, Instant> defaults = new HashMap<>();
        for (EntityTruth e : truth.defaulted()) {
            defaults.put(e.id(), e.defaultTime());
        }
        assertThat(defaults).hasSizeGreaterThan(30);
        for (GeneratedEvent e : world.events()) {
            SpecificRecord r = e.record();
            String actor = null;
            if (r instanceof PaymentMade p) {
                actor = p.getPayerId();
            } else if (r instanceof OrderPlaced o) {
                actor = o.getBuyerId();
            } else if (r instanceof ShipmentMilestone m
                    && (m.getMilestone() == Milestone.BOOKED
                            || m.getMilestone() == Milestone.DEPARTED)) {
                actor = m.getSellerId();
            }
            Instant defaulted = actor == null ? null : defaults.get(actor);
            if (defaulted != null) {
                assertThat(e.eventTime()).as("%s by %s", e.type(), actor).isBefore(defaulted);
            }
        }
    }

    @Test
    void bustOutsSurgeInVolumeAndAmountBeforeDefaulting() {
        Map<String, List<OrderPlaced>> byBuyer = new HashMap<>();
        for (OrderPlaced o : world.ofType(OrderPlaced.class)) {
            byBuyer.computeIfAbsent(o.getBuyerId(), k -> new ArrayList<>()).add(o);
        }
        double buildDays = 0;
        double surgeDays = 0;
        long buildOrders = 0;
        long surgeOrders = 0;
        BigDecimal buildAmount = BigDecimal.ZERO;
        BigDecimal surgeAmount = BigDecimal.ZERO;
        int bustOuts = 0;
        for (EntityTruth e : truth.withProfile(Profile.BUST_OUT)) {
            if (!e.defaulted()) {
                continue;
            }
            bustOuts++;
            Instant surge = e.onset();
            assertThat(surge).isBefore(e.defaultTime());
            assertThat(e.times(IncidentKind.VOLUME_SURGE)).containsExactly(surge);
            ExpectedWarning w = e.expected(WarningType.BUST_OUT);
            assertThat(w.from()).isEqualTo(surge);
            assertThat(w.by()).isEqualTo(e.defaultTime());
            Instant firstTrade = e.registered().plus(Duration.ofHours(1));
            buildDays += days(firstTrade, surge);
            surgeDays += days(surge, e.defaultTime());
            for (OrderPlaced o : byBuyer.getOrDefault(e.id(), List.of())) {
                if (o.getEventTime().isBefore(surge)) {
                    buildOrders++;
                    buildAmount = buildAmount.add(o.getAmount().getAmount());
                } else {
                    assertThat(o.getEventTime()).isBefore(e.defaultTime());
                    surgeOrders++;
                    surgeAmount = surgeAmount.add(o.getAmount().getAmount());
                }
            }
        }
        assertThat(bustOuts).isGreaterThan(10);
        double buildRate = buildOrders / buildDays;
        double surgeRate = surgeOrders / surgeDays;
        assertThat(surgeRate).isGreaterThan(2.5 * buildRate);
        double buildMean = buildAmount.doubleValue() / buildOrders;
        double surgeMean = surgeAmount.doubleValue() / surgeOrders;
        assertThat(surgeMean).isGreaterThan(1.5 * buildMean);
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    @Test
    void circularTradersTradeSimilarAmountsAroundTheirRingWithinDays() {
        Map<String, List<OrderPlaced>> bySellerBuyer = new HashMap<>();
        for (OrderPlaced o : world.ofType(OrderPlaced.class)) {
            bySellerBuyer
                    .computeIfAbsent(o.getSellerId() + ">" + o.getBuyerId(), k -> new ArrayList<>())
                    .add(o);
        }
        double spread = world.config().get(TradeWorldConfig.RING_CYCLE_SPREAD_DAYS);
        double jitter = world.config().get(TradeWorldConfig.RING_AMOUNT_JITTER);
        int rings = 0;
        for (EntityTruth e : truth.withProfile(Profile.CIRCULAR_TRADER)) {
            if (e.ringId() == null || e.count(IncidentKind.CIRCULAR_CYCLE) == 0) {
                continue;
            }
            List<String> m = e.ringMembers();
            if (!m.get(0).equals(e.id())) {
                continue; // check each ring once, from its first member
            }
            rings++;
            assertThat(m.size()).isBetween(3, 5);
            // the first cycle: one order along every edge of the ring, within the spread
            Instant cycle = e.times(IncidentKind.CIRCULAR_CYCLE).get(0);
            List<OrderPlaced> legs = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                String edge = m.get(i) + ">" + m.get((i + 1) % m.size());
                OrderPlaced leg =
                        bySellerBuyer.getOrDefault(edge, List.of()).stream()
                                .filter(o -> !o.getEventTime().isAfter(cycle))
                                .filter(o -> days(o.getEventTime(), cycle) <= spread + 1e-9)
                                .reduce((a, b) -> b)
                                .orElse(null);
                assertThat(leg).as("ring edge %s", edge).isNotNull();
                legs.add(leg);
            }
            double min =
                    legs.stream()
                            .mapToDouble(o -> o.getAmount().getAmount().doubleValue())
                            .min()
                            .orElseThrow();
            double max =
                    legs.stream()
                            .mapToDouble(o -> o.getAmount().getAmount().doubleValue())
                            .max()
                            .orElseThrow();
            assertThat(max / min).isLessThanOrEqualTo((1 + jitter) / (1 - jitter) + 1e-6);
            assertThat(e.expected(WarningType.CIRCULAR_TRADING).from()).isEqualTo(cycle);
        }
        assertThat(rings).isGreaterThanOrEqualTo(3);
    }

    @Test
    void nonCompliantSellersGetHeldAndMismatchedFarMoreThanReliableOnes() {
        Map<Profile, long[]> stats =
                new EnumMap<>(Profile.class); // {declarations, held, mismatched}
        for (CustomsDeclaration c : world.ofType(CustomsDeclaration.class)) {
            EntityTruth seller = truth.entity(c.getDeclarantId()).orElseThrow();
            if (seller.onset() != null && c.getEventTime().isBefore(seller.onset())) {
                continue;
            }
            long[] s = stats.computeIfAbsent(seller.profile(), p -> new long[3]);
            if (c.getStatus() == CustomsStatus.DECLARED) {
                s[0]++;
            } else if (c.getStatus() == CustomsStatus.HELD) {
                s[1]++;
            }
            if (c.getStatus() != CustomsStatus.DECLARED && c.getAssessedValue() != null) {
                s[2]++;
            }
        }
        long[] reliable = stats.get(Profile.RELIABLE);
        long[] nc = stats.get(Profile.NON_COMPLIANT);
        double reliableHolds = (double) reliable[1] / reliable[0];
        double ncHolds = (double) nc[1] / nc[0];
        assertThat(reliableHolds).isGreaterThan(0.005).isLessThan(0.05);
        assertThat(ncHolds).isGreaterThan(4 * reliableHolds);
        assertThat((double) nc[2] / nc[0]).isGreaterThan(8.0 * reliable[2] / reliable[0]);
        assertThat(reliable[2]).as("reliable sellers are sometimes mismatched too").isPositive();
    }

    @Test
    void reliableEntitiesShowHonestNoise() {
        long late = 0;
        long disputes = 0;
        long holds = 0;
        long overdue = 0;
        for (EntityTruth e : truth.withProfile(Profile.RELIABLE)) {
            late += e.count(IncidentKind.DELIVERY_LATE);
            disputes += e.count(IncidentKind.DISPUTE_AGAINST);
            holds += e.count(IncidentKind.CUSTOMS_HOLD);
            overdue += e.count(IncidentKind.PAYMENT_OVERDUE);
        }
        assertThat(late).isGreaterThan(100);
        assertThat(disputes).isGreaterThan(50);
        assertThat(holds).isGreaterThan(20);
        assertThat(overdue).isGreaterThan(5);
        long disputedReliable = 0;
        for (DisputeOpened d : world.ofType(DisputeOpened.class)) {
            if (profileOf(d.getRespondentId()) == Profile.RELIABLE) {
                disputedReliable++;
            }
        }
        assertThat(disputedReliable).isPositive();
    }

    @Test
    void counterpartiesOfDefaultersAreHitByContagion() {
        Map<Instant, List<String>> defaultersAt = new HashMap<>();
        for (EntityTruth e : truth.defaulted()) {
            defaultersAt.computeIfAbsent(e.defaultTime(), t -> new ArrayList<>()).add(e.id());
        }
        Map<String, List<OrderPlaced>> bySeller = new HashMap<>();
        for (OrderPlaced o : world.ofType(OrderPlaced.class)) {
            bySeller.computeIfAbsent(o.getSellerId(), k -> new ArrayList<>()).add(o);
        }
        long exposures = 0;
        for (EntityTruth e : truth.entities()) {
            for (Instant t : e.times(IncidentKind.COUNTERPARTY_DEFAULT)) {
                exposures++;
                List<String> defaulters = defaultersAt.get(t);
                assertThat(defaulters).as("a default at %s", t).isNotNull();
                boolean soldToOne =
                        bySeller.getOrDefault(e.id(), List.of()).stream()
                                .anyMatch(
                                        o ->
                                                defaulters.contains(o.getBuyerId())
                                                        && o.getEventTime().isBefore(t));
                assertThat(soldToOne).as("%s sold to a defaulter before %s", e.id(), t).isTrue();
            }
            if (e.count(IncidentKind.COUNTERPARTY_DEFAULT) > 0) {
                assertThat(e.expected(WarningType.COUNTERPARTY_CONTAGION)).isNotNull();
            }
        }
        assertThat(exposures).isGreaterThan(20);
        assertThat(
                        truth.entities().stream()
                                .filter(e -> e.defaultCause() == DefaultCause.CONTAGION))
                .isNotEmpty();
    }

    @Test
    void groundTruthExpectsTheWarningsEachProfileShouldTrigger() {
        for (EntityTruth e : truth.entities()) {
            if (e.profile() == Profile.DELINQUENT && e.defaulted()) {
                ExpectedWarning drop = e.expected(WarningType.SCORE_DROP);
                if (!drop.from().isAfter(e.defaultTime())) {
                    assertThat(drop.by()).isEqualTo(e.defaultTime());
                } else {
                    assertThat(drop.by()).as("evidence only after the default").isNull();
                }
                assertThat(e.misbehaved()).isTrue();
                if (e.kind() == io.crosstrust.events.common.EntityKind.BUYER
                        && e.defaultTime().plus(Duration.ofDays(70)).isBefore(truth.asOf())) {
                    assertThat(e.expected(WarningType.PAYMENT_OVERDUE)).as(e.id()).isNotNull();
                }
            }
            if (e.profile() == Profile.RELIABLE && !e.defaulted()) {
                assertThat(e.expectedWarnings())
                        .allMatch(w -> w.type() == WarningType.COUNTERPARTY_CONTAGION);
                assertThat(e.misbehaved()).isFalse();
            }
            for (ExpectedWarning w : e.expectedWarnings()) {
                assertThat(w.from())
                        .isAfterOrEqualTo(e.registered())
                        .isBeforeOrEqualTo(truth.asOf());
                if (w.by() != null) {
                    assertThat(w.by()).isAfterOrEqualTo(w.from());
                }
            }
        }
        long nonCompliantFlagged =
                truth.withProfile(Profile.NON_COMPLIANT).stream()
                        .filter(e -> e.expected(WarningType.CUSTOMS_HOLD) != null)
                        .count();
        assertThat(nonCompliantFlagged)
                .isGreaterThan(truth.withProfile(Profile.NON_COMPLIANT).size() / 2);
    }

    private static double share(long[] lateAll) {
        return lateAll == null || lateAll[1] == 0 ? 0 : (double) lateAll[0] / lateAll[1];
    }
}
