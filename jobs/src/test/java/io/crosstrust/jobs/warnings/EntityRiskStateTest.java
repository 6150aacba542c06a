package io.crosstrust.jobs.warnings;

import static io.crosstrust.jobs.scoring.ScoringFixtures.DAY;
import static io.crosstrust.jobs.scoring.ScoringFixtures.day;
import static io.crosstrust.jobs.scoring.ScoringFixtures.due;
import static io.crosstrust.jobs.scoring.ScoringFixtures.event;
import static io.crosstrust.jobs.scoring.ScoringFixtures.order;
import static io.crosstrust.jobs.scoring.ScoringFixtures.paid;
import static io.crosstrust.jobs.warnings.WarningFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityRiskStateTest {
    private static final RiskRules RULES = RiskRules.defaults();

    private static List<WarningCandidate> feed(EntityRiskState s, String entity, TradeEvent e) {
        return s.onScored(scored(entity, Role.SUBJECT, e), RULES);
    }

    @Test
    void threeInstalmentsUnpaidPastGraceRaisePaymentOverdueAndPayingClearsIt() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            out.addAll(
                    feed(s, "B1", due("d" + i, "o" + i, "B1", "S1", day(i), day(10 + i), "1000")));
        }
        assertThat(out).isEmpty();
        assertThat(s.nextWakeUp(RULES)).isEqualTo(day(11).toEpochMilli() + 7 * DAY);
        // the first two pass their overdue time: not enough yet
        assertThat(s.onTime("B1", day(19).toEpochMilli(), RULES)).isEmpty();
        // the third is paid late, after its overdue time, before any timer: it still counts
        List<WarningCandidate> raised =
                feed(s, "B1", paid("p3", "o3", "B1", "S1", day(21), "1000"));
        assertThat(raised).hasSize(1);
        WarningCandidate w = raised.get(0);
        assertThat(w.type).isEqualTo(WarningType.PAYMENT_OVERDUE);
        assertThat(w.status).isEqualTo(WarningStatus.RAISED);
        assertThat(w.severity).isEqualTo(Severity.MEDIUM);
        assertThat(w.evidence).containsExactly("d1", "d2", "d3");
        assertThat(w.eventTimeMillis).isEqualTo(day(20).toEpochMilli());
        assertThat(w.explanation).contains("3 instalments").contains("2 still unpaid");

        feed(s, "B1", paid("p1", "o1", "B1", "S1", day(22), "1000"));
        List<WarningCandidate> cleared =
                feed(s, "B1", paid("p2", "o2", "B1", "S1", day(23), "1000"));
        assertThat(cleared).extracting(c -> c.status).containsExactly(WarningStatus.CLEARED);
        assertThat(s.openInstalments()).isZero();
        assertThat(s.nextWakeUp(RULES)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aHabituallyLatePayerIsWarnedAtItsFirstOverdueInstalment() {
        EntityRiskState s = new EntityRiskState();
        for (int i = 1; i <= 4; i++) {
            feed(s, "S1", due("d" + i, "o" + i, "S1", "S9", day(i), day(10 + i), "500"));
            // paid 3 days late: late, not overdue
            feed(s, "S1", paid("p" + i, "o" + i, "S1", "S9", day(13 + i), "500"));
        }
        feed(s, "S1", due("d5", "o5", "S1", "S9", day(20), day(30), "500"));
        List<WarningCandidate> out = s.onTime("S1", day(37).toEpochMilli(), RULES);
        assertThat(out).extracting(c -> c.type).containsExactly(WarningType.PAYMENT_OVERDUE);
        assertThat(out.get(0).explanation).contains("100% of 4");
    }

    @Test
    void aPayerLongOverdueWarnsItsExposedPayees() {
        EntityRiskState s = new EntityRiskState();
        feed(s, "B1", due("d1", "o1", "B1", "S1", day(0), day(10), "4000"));
        feed(s, "B1", due("d2", "o2", "B1", "S2", day(0), day(10), "500"));
        List<WarningCandidate> out = s.onTime("B1", day(40).toEpochMilli(), RULES);
        List<WarningCandidate> contagion =
                out.stream().filter(c -> c.type == WarningType.COUNTERPARTY_CONTAGION).toList();
        assertThat(contagion).hasSize(1);
        assertThat(contagion.get(0).entityId).isEqualTo("S1");
        assertThat(contagion.get(0).explanation).contains("B1").contains("4,000.00");
        assertThat(contagion.get(0).evidence).contains("d1");
        // once notified, not again; when the payer is no longer high-risk the warning clears
        assertThat(s.onTime("B1", day(41).toEpochMilli(), RULES)).isEmpty();
        List<WarningCandidate> after = feed(s, "B1", paid("p1", "o1", "B1", "S1", day(42), "4000"));
        assertThat(after)
                .filteredOn(c -> c.type == WarningType.COUNTERPARTY_CONTAGION)
                .extracting(c -> c.entityId + ":" + c.status)
                .containsExactly("S1:CLEARED");
    }

    @Test
    void aDisputeThePlatformReportsCountsOnceEvenWhenTheEscrowMirrorsItOnChain() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.addAll(feed(s, "S1", order("o" + i, "S1", "B" + i, day(i * 0.1), "100")));
        }
        for (int i = 0; i < 3; i++) {
            TradeEvent platform =
                    event("d" + i, TradeEventType.DISPUTE_OPENED, "S1", "B" + i, day(1 + i * 0.1));
            platform.setOrderId("o-o" + i);
            out.addAll(feed(s, "S1", platform));
            out.addAll(feed(s, "S1", chainDispute("x" + i, "o-o" + i, day(1.01 + i * 0.1))));
        }
        assertThat(out).as("3 disputes, not 6").isEmpty();
        // disputes of escrow orders no platform reports (the escrow id stands for the order) count
        String escrowId = "0x" + "ab".repeat(32);
        out.addAll(feed(s, "S1", chainDispute("y1", escrowId, day(1.5))));
        out.addAll(feed(s, "S1", chainDispute("y2", escrowId.replace('a', 'c'), day(1.6))));
        assertThat(out).extracting(c -> c.type).containsExactly(WarningType.DISPUTE_SPIKE);
        assertThat(out.get(0).evidence).containsExactly("d0", "d1", "d2", "y1", "y2");
    }

    private static TradeEvent chainDispute(String id, String orderId, java.time.Instant at) {
        TradeEvent e = event(id, TradeEventType.ESCROW_DISPUTED, "S1", "B", at);
        e.setSource(io.crosstrust.events.common.SourceKind.CHAIN);
        e.setOnChain(true);
        e.setOrderId(orderId);
        return e;
    }

    @Test
    void customsHoldsCountOncePerOrderAndOnlyAsAShareOfDeclarations() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.addAll(
                    feed(
                            s,
                            "S1",
                            customs("c" + i, TradeEventType.CUSTOMS_DECLARED, "o" + i, i, null)));
        }
        // the same order held, then rejected: one held order
        out.addAll(feed(s, "S1", customs("h1", TradeEventType.CUSTOMS_HELD, "o1", 10, null)));
        out.addAll(feed(s, "S1", customs("r1", TradeEventType.CUSTOMS_REJECTED, "o1", 12, null)));
        out.addAll(feed(s, "S1", customs("h2", TradeEventType.CUSTOMS_HELD, "o2", 13, null)));
        assertThat(out).isEmpty();
        out.addAll(feed(s, "S1", customs("h3", TradeEventType.CUSTOMS_HELD, "o3", 14, null)));
        assertThat(out).extracting(c -> c.type).containsExactly(WarningType.CUSTOMS_HOLD);
        assertThat(out.get(0).evidence).containsExactly("h1", "h2", "h3");
    }

    @Test
    void valueMismatchesCountOncePerOrder() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.addAll(
                    feed(
                            s,
                            "S1",
                            customs("c" + i, TradeEventType.CUSTOMS_DECLARED, "o" + i, i, null)));
        }
        out.addAll(feed(s, "S1", customs("h0", TradeEventType.CUSTOMS_HELD, "o0", 5, "1400")));
        out.addAll(feed(s, "S1", customs("k0", TradeEventType.CUSTOMS_CLEARED, "o0", 8, "1400")));
        out.addAll(feed(s, "S1", customs("k1", TradeEventType.CUSTOMS_CLEARED, "o1", 9, "1300")));
        assertThat(out).filteredOn(c -> c.type == WarningType.VALUE_MISMATCH).isEmpty();
        out.addAll(feed(s, "S1", customs("k2", TradeEventType.CUSTOMS_CLEARED, "o2", 10, "1500")));
        List<WarningCandidate> vm =
                out.stream().filter(c -> c.type == WarningType.VALUE_MISMATCH).toList();
        assertThat(vm).hasSize(1);
        assertThat(vm.get(0).severity).isEqualTo(Severity.HIGH); // 40% undervalued on average
        assertThat(vm.get(0).evidence).containsExactly("h0", "k1", "k2");
    }

    @Test
    void aBuyerSurgingWithNewSellersIsABustOut() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        // 60 days of one order every 3 days with two regular sellers
        for (int d = 0; d < 60; d += 3) {
            out.addAll(
                    feed(s, "B1", order("n" + d, "B1", d % 2 == 0 ? "S1" : "S2", day(d), "1000")));
        }
        assertThat(out).isEmpty();
        // then two orders a day, bigger, each with a new seller
        for (int k = 0; k < 14; k++) {
            out.addAll(feed(s, "B1", order("s" + k, "B1", "X" + k, day(60 + k * 0.5), "3000")));
        }
        List<WarningCandidate> bust =
                out.stream().filter(c -> c.type == WarningType.BUST_OUT).toList();
        assertThat(bust).isNotEmpty();
        assertThat(bust.get(0).explanation).contains("sellers it had not bought from");
    }

    @Test
    void aSustainedScoreFallAfterTheSettlingPeriodRaisesScoreDropAndGradeDowngrade() {
        EntityRiskState s = new EntityRiskState();
        List<WarningCandidate> out = new ArrayList<>();
        for (int d = 0; d <= 100; d++) {
            out.addAll(
                    s.onScored(
                            WarningFixtures.heartbeat("B1", day(d).toEpochMilli(), 720, "BBB", d),
                            RULES));
        }
        assertThat(out).isEmpty();
        for (int d = 101; d <= 106; d++) {
            out.addAll(
                    s.onScored(
                            WarningFixtures.heartbeat("B1", day(d).toEpochMilli(), 420, "C", d),
                            RULES));
        }
        assertThat(out)
                .extracting(c -> c.type)
                .contains(WarningType.SCORE_DROP, WarningType.GRADE_DOWNGRADE);
        WarningCandidate drop =
                out.stream()
                        .filter(c -> c.type == WarningType.SCORE_DROP)
                        .findFirst()
                        .orElseThrow();
        assertThat(drop.severity).isEqualTo(Severity.CRITICAL);
        assertThat(drop.eventTimeMillis).isEqualTo(day(105).toEpochMilli());
    }

    /** An instalment due, an order and a dispute: state in several parts (for codec tests). */
    static void feedSample(EntityRiskState s) {
        feed(s, "B1", due("d1", "o1", "B1", "S1", day(0), day(10), "4000"));
        feed(s, "B1", order("x", "B1", "S1", day(1), "100"));
        feed(s, "B1", event("dsp", TradeEventType.DISPUTE_OPENED, "B1", "S1", day(2)));
    }

    @Test
    void theStateRoundTripsThroughBytes() {
        EntityRiskState s = new EntityRiskState();
        feedSample(s);
        byte[] bytes = s.toBytes();
        EntityRiskState back = EntityRiskState.fromBytes(bytes);
        assertThat(back.toBytes()).isEqualTo(bytes);
        assertThat(back.nextWakeUp(RULES)).isEqualTo(s.nextWakeUp(RULES));
    }

    private static TradeEvent customs(
            String id, TradeEventType type, String order, double d, String assessed) {
        TradeEvent e = event(id, type, "S1", "B1", day(d));
        e.setOrderId(order);
        e.setAmount(new Money(new BigDecimal("1000"), "USD"));
        if (assessed != null) {
            e.setReferenceAmount(new Money(new BigDecimal(assessed), "USD"));
        }
        return e;
    }
}
