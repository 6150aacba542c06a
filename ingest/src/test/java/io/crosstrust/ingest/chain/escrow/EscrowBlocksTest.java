package io.crosstrust.ingest.chain.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.escrow.EscrowCall.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packing calls into blocks: order per key, one sender per key per block, times and deadlines. */
class EscrowBlocksTest {
    private static final long HOUR = 3_600;

    private static EscrowCall call(
            Kind kind, String from, long t, long notAfter, String order, String... keys) {
        return new EscrowCall(
                kind, from, "0xto", "0x", 1, order, order, t, 0, notAfter, List.of(keys));
    }

    /** Plans the shared world and packs it; returns the blocks and the dropped calls. */
    private static List<EscrowBlocks.Block> pack(
            List<EscrowPlans.Step> steps, int maxCalls, List<EscrowCall> dropped) {
        EscrowBlocks blocks =
                new EscrowBlocks(HOUR, maxCalls, EscrowPlans.chainStartBeforeWorld(), dropped::add);
        List<EscrowBlocks.Block> out = new ArrayList<>();
        for (EscrowPlans.Step s : steps) {
            out.addAll(blocks.add(s.chainTime(), s.calls()));
        }
        out.addAll(blocks.seal());
        assertThat(blocks.isOpen()).isFalse();
        assertThat(blocks.pending()).isZero();
        return out;
    }

    @Test
    void aWorldsCallsKeepTheirOrderPerKeyWithOneSenderPerKeyInABlock() {
        List<EscrowPlans.Step> steps = EscrowPlans.plan(EscrowPlans.lifecycles());
        List<EscrowCall> planned = new ArrayList<>();
        steps.forEach(s -> planned.addAll(s.calls()));
        List<EscrowCall> dropped = new ArrayList<>();
        List<EscrowBlocks.Block> blocks = pack(steps, 25, dropped);

        Map<EscrowCall, Integer> plannedAt = new IdentityHashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            plannedAt.put(planned.get(i), i);
        }
        Map<String, Integer> lastPerKey = new HashMap<>();
        long previous = EscrowPlans.chainStartBeforeWorld();
        int placed = 0;
        for (EscrowBlocks.Block b : blocks) {
            assertThat(b.timestamp()).isGreaterThan(previous);
            previous = b.timestamp();
            assertThat(b.calls()).hasSizeLessThanOrEqualTo(25);
            Map<String, String> senders = new HashMap<>();
            for (EscrowCall c : b.calls()) {
                placed++;
                assertThat(c.worldTime()).isLessThanOrEqualTo(b.timestamp());
                assertThat(b.timestamp()).isBetween(c.notBefore(), c.notAfter());
                int index = plannedAt.get(c);
                for (String key : c.keys()) {
                    assertThat(lastPerKey.getOrDefault(key, -1)).isLessThan(index);
                    lastPerKey.put(key, index);
                    String sender = senders.putIfAbsent(key, c.from());
                    assertThat(sender == null || sender.equals(c.from()))
                            .as("one sender per key in a block: " + key)
                            .isTrue();
                }
            }
        }
        assertThat(placed + dropped.size()).isEqualTo(planned.size());
        assertThat(dropped).hasSizeLessThan(planned.size() / 100);
        // several blocks a day: one world hour each, as far as the world is busy
        assertThat(blocks.size()).isGreaterThan(EscrowPlans.WORLD.days() * 10);
    }

    @Test
    void theSameCallsGiveTheSameBlocks() {
        List<EscrowPlans.Step> steps = EscrowPlans.plan(EscrowPlans.lifecycles());
        List<EscrowBlocks.Block> a = pack(steps, 25, new ArrayList<>());
        List<EscrowBlocks.Block> b =
                pack(EscrowPlans.plan(EscrowPlans.lifecycles()), 25, new ArrayList<>());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aCallOfAnotherSenderOnTheSameKeyWaitsForTheNextBlockAndSoDoesWhatFollowsIt() {
        List<EscrowCall> dropped = new ArrayList<>();
        EscrowBlocks blocks = new EscrowBlocks(HOUR, 100, 1_000, dropped::add);
        EscrowCall create = call(Kind.CREATE, "buyer", 2_000, 9_999, "o1", "order:o1");
        EscrowCall fund = call(Kind.FUND, "buyer", 2_000, 9_999, "o1", "order:o1");
        EscrowCall ship = call(Kind.SHIP, "seller", 2_010, 9_999, "o1", "order:o1");
        EscrowCall confirm = call(Kind.CONFIRM, "buyer", 2_020, 9_999, "o1", "order:o1");
        EscrowCall other = call(Kind.CREATE, "buyer2", 2_020, 9_999, "o2", "order:o2");
        assertThat(blocks.add(2_000, List.of(create, fund))).isEmpty();
        assertThat(blocks.add(2_010, List.of(ship))).isEmpty();
        assertThat(blocks.add(2_020, List.of(confirm, other))).isEmpty();
        assertThat(blocks.pending()).isEqualTo(5);
        List<EscrowBlocks.Block> sealed = blocks.seal();
        // the first block: o1's buyer calls and o2; the shipment waits, and o1's confirmation
        // after it; each waiting call gets its own block once the other sender's is in
        assertThat(sealed).hasSize(1);
        assertThat(sealed.get(0).calls()).containsExactly(create, fund, other);
        assertThat(sealed.get(0).timestamp()).isEqualTo(2_020);
        assertThat(blocks.isOpen()).isTrue();
        List<EscrowBlocks.Block> next = blocks.seal();
        assertThat(next.get(0).calls()).containsExactly(ship);
        assertThat(next.get(0).timestamp()).isEqualTo(2_021);
        List<EscrowBlocks.Block> last = blocks.seal();
        assertThat(last.get(0).calls()).containsExactly(confirm);
        assertThat(blocks.isOpen()).isFalse();
        assertThat(dropped).isEmpty();
    }

    @Test
    void aStepPastADeadlineInTheBlockSealsItFirst() {
        EscrowBlocks blocks = new EscrowBlocks(HOUR, 100, 1_000, c -> {});
        EscrowCall fund = call(Kind.FUND, "buyer", 2_000, 2_100, "o1", "order:o1");
        EscrowCall refund = call(Kind.REFUND, "buyer2", 2_200, Long.MAX_VALUE, "o2", "order:o2");
        assertThat(blocks.add(2_000, List.of(fund))).isEmpty();
        List<EscrowBlocks.Block> sealed = blocks.add(2_200, List.of(refund));
        assertThat(sealed).hasSize(1);
        assertThat(sealed.get(0).timestamp()).isEqualTo(2_000);
        assertThat(blocks.seal().get(0).timestamp()).isEqualTo(2_200);
    }

    @Test
    void aCallWhoseDeadlinePassedWhileItWaitedIsDroppedWithItsOrdersLaterCalls() {
        List<EscrowCall> dropped = new ArrayList<>();
        EscrowBlocks blocks = new EscrowBlocks(HOUR, 100, 1_000, dropped::add);
        EscrowCall fund = call(Kind.FUND, "buyer", 2_000, 9_999, "o1", "order:o1");
        EscrowCall ship = call(Kind.SHIP, "seller", 2_000, 2_000, "o1", "order:o1");
        EscrowCall dispute = call(Kind.DISPUTE, "buyer", 2_000, Long.MAX_VALUE, "o1", "order:o1");
        blocks.add(2_000, List.of(fund, ship, dispute));
        // the world moves on an hour: the shipment's block is now too late for its ship-by date
        List<EscrowBlocks.Block> sealed = blocks.add(2_000 + HOUR, List.of());
        assertThat(sealed.get(0).calls()).containsExactly(fund);
        assertThat(dropped).containsExactly(ship, dispute);
    }

    @Test
    void aSpanOfWorldTimeOrAFullBlockSealsIt() {
        EscrowBlocks blocks = new EscrowBlocks(HOUR, 2, 1_000, c -> {});
        assertThat(blocks.add(2_000, List.of(call(Kind.CREATE, "a", 2_000, 9_999, "o1", "k1"))))
                .isEmpty();
        assertThat(blocks.add(2_000 + HOUR, List.of())).hasSize(1);
        assertThat(blocks.isOpen()).isFalse();
        List<EscrowBlocks.Block> full =
                blocks.add(
                        9_000,
                        List.of(
                                call(Kind.CREATE, "a", 9_000, 99_999, "o2", "k2"),
                                call(Kind.CREATE, "b", 9_000, 99_999, "o3", "k3")));
        assertThat(full).hasSize(1);
        assertThat(full.get(0).calls()).hasSize(2);
        EscrowBlocks.Block empty = blocks.empty();
        assertThat(empty.calls()).isEmpty();
        assertThat(empty.timestamp()).isEqualTo(9_001);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new EscrowBlocks(0, 1, 0, c -> {}))
                .hasMessageContaining("spanSeconds must be >= 1");
        assertThatThrownBy(() -> new EscrowBlocks(1, 0, 0, c -> {}))
                .hasMessageContaining("maxCalls must be >= 1");
    }
}
