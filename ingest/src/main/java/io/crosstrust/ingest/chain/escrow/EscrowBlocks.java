package io.crosstrust.ingest.chain.escrow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Packs the escrow calls into blocks, in the world's order, so that a block's transactions may run
 * in any order the node picks: two calls with a common key (the same escrow order, a buyer's
 * balance or allowance) share a block only if the same account sends them (its nonces order them);
 * otherwise the later one, and everything after it with that key, waits for the next block. That
 * lets the executor send each block as one JSON-RPC batch, which anvil answers concurrently.
 *
 * <p>A block opens at the first call after the previous one was sealed and takes the timestamp
 * max(the previous block's + 1, the chain time of the latest world step in it): a transaction is
 * never dated before the world step that sent it. It is sealed when the world has moved {@code
 * span} past its first step, when it holds {@code maxCalls} calls, before a step later than the
 * deadline of a call in it (funding and shipping must happen by the ship-by date), or on {@link
 * #seal()} (the executor's idle timeout). A call whose deadline passed while it waited for a block
 * is dropped (handed to {@code dropped}) and its order's later calls with it. Pure and
 * deterministic. Not thread-safe.
 */
public final class EscrowBlocks {
    /** A sealed block: its timestamp (unix seconds) and its calls in sending order. */
    public record Block(long timestamp, List<EscrowCall> calls) {}

    private static final class Open {
        final long first;
        long latest;
        long deadline = Long.MAX_VALUE;
        final List<EscrowCall> calls = new ArrayList<>();
        final Map<String, String> senders = new HashMap<>();
        final Set<String> blocked = new HashSet<>();

        Open(long first) {
            this.first = first;
            this.latest = first;
        }

        long timestamp(long previous) {
            return Math.max(previous + 1, latest);
        }
    }

    private final long spanSeconds;
    private final int maxCalls;
    private final Consumer<EscrowCall> dropped;
    private final Set<String> deadOrders = new HashSet<>();
    private List<EscrowCall> carried = new ArrayList<>();
    private Open open;
    private long last;
    private long now;

    /**
     * @param spanSeconds chain-time span of a block (>= 1)
     * @param maxCalls most calls in a block (>= 1)
     * @param lastTimestamp the newest block's timestamp on the chain now
     * @param dropped told of every call dropped for a deadline
     */
    public EscrowBlocks(
            long spanSeconds, int maxCalls, long lastTimestamp, Consumer<EscrowCall> dropped) {
        if (spanSeconds < 1) {
            throw new IllegalArgumentException("spanSeconds must be >= 1, got " + spanSeconds);
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be >= 1, got " + maxCalls);
        }
        this.spanSeconds = spanSeconds;
        this.maxCalls = maxCalls;
        this.dropped = dropped;
        this.last = lastTimestamp;
        this.now = lastTimestamp;
    }

    /**
     * Adds the calls of one world step at chain time {@code t} (non-decreasing between calls).
     *
     * @return the blocks sealed on the way, oldest first
     */
    public List<Block> add(long t, List<EscrowCall> calls) {
        now = Math.max(now, t);
        List<Block> sealed = new ArrayList<>();
        if (open != null && (now >= open.first + spanSeconds || now > open.deadline)) {
            sealInto(sealed);
        }
        for (EscrowCall call : calls) {
            place(call, sealed);
        }
        return sealed;
    }

    /** Seals the open block, if any (the carried calls open the next one). */
    public List<Block> seal() {
        List<Block> sealed = new ArrayList<>();
        if (open != null) {
            sealInto(sealed);
        }
        return sealed;
    }

    /** An empty block after the newest, to let confirmations grow while the world is quiet. */
    public Block empty() {
        if (open != null) {
            throw new IllegalStateException("a block is open: seal it first");
        }
        last = Math.max(last + 1, now);
        return new Block(last, List.of());
    }

    /** The chain's newest block is at {@code timestamp} (extra blocks the node mined). */
    public void chainAt(long timestamp) {
        last = Math.max(last, timestamp);
    }

    /** Whether a block is open (calls placed or carried and not sealed yet). */
    public boolean isOpen() {
        return open != null;
    }

    /** Calls placed in the open block or waiting for the next one. */
    public int pending() {
        return (open == null ? 0 : open.calls.size()) + carried.size();
    }

    private void place(EscrowCall call, List<Block> sealed) {
        if (call.escrowId() != null && deadOrders.contains(call.escrowId())) {
            dropped.accept(call);
            return;
        }
        while (open == null) {
            openBlock(sealed);
        }
        open.latest = Math.max(open.latest, now);
        if (call.notBefore() > now) {
            dropped.accept(call); // needs a time the world has not reached: never planned so
            return;
        }
        if (conflicts(call)) {
            carried.add(call);
            open.blocked.addAll(call.keys());
            return;
        }
        if (call.notAfter() < open.timestamp(last)) {
            if (call.escrowId() != null) {
                deadOrders.add(call.escrowId());
            }
            dropped.accept(call);
            return;
        }
        open.calls.add(call);
        open.deadline = Math.min(open.deadline, call.notAfter());
        for (String key : call.keys()) {
            open.senders.put(key, call.from());
        }
        if (open.calls.size() >= maxCalls) {
            sealInto(sealed);
        }
    }

    private boolean conflicts(EscrowCall call) {
        for (String key : call.keys()) {
            if (open.blocked.contains(key)) {
                return true;
            }
            String sender = open.senders.get(key);
            if (sender != null && !sender.equals(call.from())) {
                return true;
            }
        }
        return false;
    }

    private void openBlock(List<Block> sealed) {
        open = new Open(now);
        if (!carried.isEmpty()) {
            List<EscrowCall> waiting = carried;
            carried = new ArrayList<>();
            for (EscrowCall c : waiting) {
                place(c, sealed);
            }
        }
    }

    private void sealInto(List<Block> sealed) {
        Open o = open;
        open = null;
        last = o.timestamp(last);
        sealed.add(new Block(last, List.copyOf(o.calls)));
        if (!carried.isEmpty()) {
            openBlock(sealed);
        }
    }
}
