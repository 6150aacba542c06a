package io.crosstrust.ingest.chain.escrow;

import static io.crosstrust.ingest.chain.escrow.EscrowPlans.DEPLOYMENT;
import static io.crosstrust.ingest.chain.escrow.EscrowPlans.addressWord;
import static io.crosstrust.ingest.chain.escrow.EscrowPlans.word;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeReason;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.ingest.chain.escrow.EscrowCall.Kind;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The mapping from world events to TradeEscrow calls, checked against a model of the contract's
 * rules (state, caller, deadlines, split) without a chain: every planned call would succeed when
 * run in order at its world time.
 */
class EscrowLifecyclesTest {

    private enum State {
        CREATED,
        FUNDED,
        SHIPPED,
        DELIVERED,
        RELEASED,
        DISPUTED,
        RESOLVED,
        REFUNDED
    }

    /** What TradeEscrow would hold for one order. */
    private static final class Order {
        String buyer;
        String seller;
        BigInteger amount;
        long shipBy;
        State state;
        long confirmedAt;
    }

    @Test
    void everyPlannedCallIsOneTheContractAcceptsAtItsTime() {
        List<EscrowPlans.Step> steps = EscrowPlans.plan(EscrowPlans.lifecycles());
        Map<String, Order> orders = new HashMap<>();
        Map<String, BigInteger> balance = new HashMap<>();
        Set<String> approved = new HashSet<>();
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        for (EscrowPlans.Step step : steps) {
            for (EscrowCall c : step.calls()) {
                long t = c.worldTime();
                if (c.kind() == Kind.CONFIRM || c.kind() == Kind.RELEASE) {
                    // due at the end of the inspection window, planned at the first step after
                    assertThat(t).isLessThanOrEqualTo(step.chainTime());
                } else {
                    assertThat(t).isEqualTo(step.chainTime());
                }
                assertThat(t).isBetween(c.notBefore(), c.notAfter());
                assertThat(c.gas()).isEqualTo(EscrowLifecycles.GAS.get(c.kind()));
                kinds.merge(c.kind(), 1, Integer::sum);
                Order o = c.escrowId() == null ? null : orders.get(c.escrowId());
                switch (c.kind()) {
                    case MINT -> {
                        assertThat(c.from()).isEqualTo(DEPLOYMENT.admin());
                        assertThat(c.to()).isEqualTo(DEPLOYMENT.token());
                        balance.merge(addressWord(c, 0), word(c, 1), BigInteger::add);
                    }
                    case APPROVE -> {
                        assertThat(c.to()).isEqualTo(DEPLOYMENT.token());
                        assertThat(addressWord(c, 0)).isEqualTo(DEPLOYMENT.escrow());
                        assertThat(approved.add(c.from())).isTrue();
                    }
                    case CREATE -> {
                        assertThat(o).as("order id used once").isNull();
                        o = new Order();
                        o.buyer = c.from();
                        o.seller = addressWord(c, 1);
                        o.amount = word(c, 3);
                        o.shipBy = word(c, 4).longValueExact();
                        o.state = State.CREATED;
                        assertThat(o.seller).isNotEqualTo(o.buyer);
                        assertThat(addressWord(c, 2)).isEqualTo(DEPLOYMENT.token());
                        assertThat(o.amount.signum()).isPositive();
                        assertThat(o.shipBy).isGreaterThan(t);
                        assertThat(word(c, 5).longValueExact()).isGreaterThanOrEqualTo(o.shipBy);
                        orders.put(c.escrowId(), o);
                    }
                    case FUND -> {
                        expect(o, State.CREATED, c.from(), o == null ? null : o.buyer);
                        assertThat(t).isLessThanOrEqualTo(o.shipBy);
                        assertThat(approved).contains(c.from());
                        BigInteger left = balance.getOrDefault(c.from(), BigInteger.ZERO);
                        assertThat(left).isGreaterThanOrEqualTo(o.amount);
                        balance.put(c.from(), left.subtract(o.amount));
                        o.state = State.FUNDED;
                    }
                    case SHIP -> {
                        expect(o, State.FUNDED, c.from(), o.seller);
                        assertThat(t).isLessThanOrEqualTo(o.shipBy);
                        o.state = State.SHIPPED;
                    }
                    case CONFIRM -> {
                        expect(o, State.SHIPPED, c.from(), o.buyer);
                        o.state = State.DELIVERED;
                        o.confirmedAt = t;
                    }
                    case RELEASE -> {
                        expect(o, State.DELIVERED, c.from(), o.buyer);
                        assertThat(t).isEqualTo(o.confirmedAt);
                        o.state = State.RELEASED;
                    }
                    case DISPUTE -> {
                        assertThat(o.state).isIn(State.FUNDED, State.SHIPPED);
                        assertThat(c.from()).isIn(o.buyer, o.seller);
                        o.state = State.DISPUTED;
                    }
                    case RESOLVE -> {
                        expect(o, State.DISPUTED, c.from(), DEPLOYMENT.arbiter());
                        assertThat(word(c, 1).add(word(c, 2))).isEqualTo(o.amount);
                        o.state = State.RESOLVED;
                    }
                    case REFUND -> {
                        expect(o, State.FUNDED, c.from(), o.buyer);
                        assertThat(t).isGreaterThan(o.shipBy);
                        o.state = State.REFUNDED;
                    }
                }
            }
        }
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(Kind.values());
        assertThat(kinds.get(Kind.CREATE)).isGreaterThan(300);
        assertThat(kinds.get(Kind.RELEASE)).isGreaterThan(100);
        assertThat(kinds.get(Kind.RESOLVE)).isGreaterThan(5);
        assertThat(kinds.get(Kind.REFUND)).isGreaterThan(0);
    }

    private static void expect(Order o, State state, String from, String who) {
        assertThat(o).isNotNull();
        assertThat(o.state).isEqualTo(state);
        assertThat(from).isEqualTo(who);
    }

    @Test
    void theChainTellsTheWorldsStory() {
        List<EscrowPlans.Step> steps = EscrowPlans.plan(EscrowPlans.lifecycles());
        Map<String, String> address = new HashMap<>();
        Map<String, OrderPlaced> escrowOrders = new HashMap<>();
        Set<String> departed = new HashSet<>();
        Map<String, Long> deliveredAt = new HashMap<>();
        Map<String, DisputeReason> disputes = new HashMap<>();
        Map<String, List<EscrowCall>> byOrder = new HashMap<>();
        for (EscrowPlans.Step s : steps) {
            if (s.event().record() instanceof EntityRegistered r && r.getChainAddress() != null) {
                address.put(r.getEntityId(), r.getChainAddress());
            } else if (s.event().record() instanceof OrderPlaced o
                    && o.getSettlement() == Settlement.ESCROW) {
                escrowOrders.put(o.getOrderId(), o);
            } else if (s.event().record() instanceof ShipmentMilestone m) {
                if (m.getMilestone() == Milestone.DEPARTED) {
                    departed.add(m.getOrderId());
                } else if (m.getMilestone() == Milestone.DELIVERED) {
                    deliveredAt.put(m.getOrderId(), s.chainTime());
                }
            } else if (s.event().record() instanceof DisputeOpened d) {
                disputes.put(d.getOrderId(), d.getReason());
            }
            for (EscrowCall c : s.calls()) {
                if (c.orderId() != null) {
                    byOrder.computeIfAbsent(c.orderId(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        assertThat(byOrder.keySet()).allMatch(escrowOrders::containsKey);
        assertThat(byOrder.size()).isGreaterThan(escrowOrders.size() * 9 / 10);
        for (Map.Entry<String, List<EscrowCall>> e : byOrder.entrySet()) {
            OrderPlaced placed = escrowOrders.get(e.getKey());
            EscrowCall create = e.getValue().get(0);
            assertThat(create.kind()).isEqualTo(Kind.CREATE);
            assertThat(create.escrowId()).isEqualTo(placed.getEscrowOrderId());
            assertThat(create.from()).isEqualTo(address.get(placed.getBuyerId()));
            assertThat(addressWord(create, 1)).isEqualTo(address.get(placed.getSellerId()));
            assertThat(word(create, 3))
                    .isEqualTo(placed.getAmount().getAmount().movePointRight(6).toBigInteger());
            List<Kind> kinds = e.getValue().stream().map(EscrowCall::kind).toList();
            if (kinds.contains(Kind.REFUND)) {
                assertThat(departed).doesNotContain(e.getKey());
                assertThat(disputes.get(e.getKey())).isEqualTo(DisputeReason.NOT_DELIVERED);
            }
            if (kinds.contains(Kind.RELEASE)) {
                assertThat(disputes).doesNotContainKey(e.getKey());
                assertThat(e.getValue().get(kinds.indexOf(Kind.RELEASE)).worldTime())
                        .isEqualTo(deliveredAt.get(e.getKey()) + Duration.ofDays(10).toSeconds());
            }
            if (kinds.contains(Kind.SHIP)) {
                assertThat(departed).contains(e.getKey());
            }
        }
    }

    @Test
    void theSameWorldGivesTheSameCalls() {
        List<EscrowCall> a = new ArrayList<>();
        List<EscrowCall> b = new ArrayList<>();
        EscrowPlans.plan(EscrowPlans.lifecycles()).forEach(s -> a.addAll(s.calls()));
        EscrowPlans.plan(EscrowPlans.lifecycles()).forEach(s -> b.addAll(s.calls()));
        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void aChainAheadOfTheWorldShiftsEveryTimeByOneOffset() {
        long ahead = EscrowPlans.WORLD.start().getEpochSecond() + 5_000_000;
        EscrowLifecycles shifted =
                new EscrowLifecycles(DEPLOYMENT, EscrowLifecycles.Settings.DEFAULT, ahead);
        List<EscrowPlans.Step> steps = EscrowPlans.plan(shifted);
        long offset = shifted.offsetSeconds();
        assertThat(steps.get(0).chainTime()).isEqualTo(ahead + 1);
        List<EscrowCall> calls = new ArrayList<>();
        steps.forEach(s -> calls.addAll(s.calls()));
        List<EscrowCall> plain = new ArrayList<>();
        EscrowPlans.plan(EscrowPlans.lifecycles()).forEach(s -> plain.addAll(s.calls()));
        assertThat(calls).hasSameSizeAs(plain);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).worldTime()).isEqualTo(plain.get(i).worldTime() + offset);
        }
    }

    @Test
    void anAbandonedOrderGetsNoFurtherCalls() {
        EscrowLifecycles lifecycles = EscrowPlans.lifecycles();
        String abandoned = null;
        List<EscrowCall> after = new ArrayList<>();
        for (var e : EscrowPlans.events()) {
            for (EscrowCall c : lifecycles.on(e)) {
                if (abandoned == null && c.kind() == Kind.CREATE) {
                    abandoned = c.orderId();
                    lifecycles.abandon(abandoned, "reverted on-chain");
                } else if (c.orderId() != null && c.orderId().equals(abandoned)) {
                    after.add(c);
                }
            }
        }
        assertThat(abandoned).isNotNull();
        assertThat(after).isEmpty();
        assertThat(lifecycles.skipped()).containsEntry("reverted on-chain", 1L);
    }
}
