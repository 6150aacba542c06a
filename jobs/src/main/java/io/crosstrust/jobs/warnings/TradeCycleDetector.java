package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds circular trading: orders that go all the way round a group of entities, A sells to B, B to
 * C, ..., back to A, within a few days and for nearly the same amount, the pattern of trade made up
 * to inflate volume and ratings. It keeps the recent orders (seller -> buyer, amount, time) of the
 * whole network; each new order that closes such a cycle raises CIRCULAR_TRADING for every member,
 * with the orders of the cycle as evidence.
 *
 * <p>Global by nature (a cycle crosses entities), so it runs as one instance ({@link
 * CircularTradingFunction}, parallelism 1) over order events only. Memory: the orders of the
 * window, a few thousand at a few hundred orders a day. Orders are expected roughly in event-time
 * order; eviction follows the latest event time seen. Not thread-safe.
 */
public final class TradeCycleDetector {
    private static final long RING_MEMORY_MS = 60L * 86_400_000L;

    record Order(String seller, String buyer, double amount, long millis, String eventId) {}

    private final ArrayDeque<Order> byTime = new ArrayDeque<>();
    private final Map<String, List<Order>> bySeller = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> ringCycles = new HashMap<>();
    private long latest = Long.MIN_VALUE;

    public int size() {
        return byTime.size();
    }

    /**
     * One order; returns the candidates for the members of every cycle it closes (usually none).
     */
    public List<WarningCandidate> onOrder(
            String seller,
            String buyer,
            double amount,
            long millis,
            String eventId,
            RiskRules rules) {
        RiskRules.Rule r = rules.rule(WarningType.CIRCULAR_TRADING);
        long window = r.days("window_days");
        latest = Math.max(latest, millis);
        evict(latest - window);
        if (seller == null
                || buyer == null
                || seller.equals(buyer)
                || amount < r.get("min_amount")) {
            return List.of();
        }
        Order o = new Order(seller, buyer, amount, millis, eventId);
        List<WarningCandidate> out = new ArrayList<>();
        if (r.enabled()) {
            List<Order> path = new ArrayList<>();
            path.add(o);
            Set<String> visited = new HashSet<>();
            visited.add(seller);
            List<List<Order>> cycles = new ArrayList<>();
            search(o, buyer, path, visited, cycles, r, window);
            for (List<Order> cycle : cycles) {
                report(cycle, r, rules.version(), out);
            }
        }
        byTime.addLast(o);
        bySeller.computeIfAbsent(seller, k -> new ArrayList<>()).add(o);
        return out;
    }

    private void search(
            Order first,
            String at,
            List<Order> path,
            Set<String> visited,
            List<List<Order>> cycles,
            RiskRules.Rule r,
            long window) {
        if (path.size() >= r.get("max_length") || cycles.size() >= 4) {
            return;
        }
        List<Order> next = bySeller.get(at);
        if (next == null) {
            return;
        }
        double tolerance = r.get("amount_tolerance");
        for (Order x : next) {
            if (Math.abs(x.amount() - first.amount()) > tolerance * first.amount()
                    || Math.abs(x.millis() - first.millis()) > window) {
                continue;
            }
            if (x.buyer().equals(first.seller())) {
                if (path.size() + 1 >= 3) { // A->B->A is an ordinary return trade
                    List<Order> cycle = new ArrayList<>(path);
                    cycle.add(x);
                    cycles.add(cycle);
                }
                continue;
            }
            if (visited.contains(x.buyer())) {
                continue;
            }
            visited.add(x.buyer());
            path.add(x);
            search(first, x.buyer(), path, visited, cycles, r, window);
            path.remove(path.size() - 1);
            visited.remove(x.buyer());
        }
    }

    private void report(
            List<Order> cycle, RiskRules.Rule r, long version, List<WarningCandidate> out) {
        List<String> members = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        double min = Double.MAX_VALUE;
        double max = 0;
        // the cycle in trading order, starting from the order that came first
        int start = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).millis() < cycle.get(start).millis()) {
                start = i;
            }
        }
        for (int i = 0; i < cycle.size(); i++) {
            Order o = cycle.get((start + i) % cycle.size());
            members.add(o.seller());
            evidence.add(o.eventId());
            from = Math.min(from, o.millis());
            to = Math.max(to, o.millis());
            min = Math.min(min, o.amount());
            max = Math.max(max, o.amount());
        }
        List<String> sorted = new ArrayList<>(members);
        Collections.sort(sorted);
        String ring = String.join(",", sorted);
        ArrayDeque<Long> times = ringCycles.computeIfAbsent(ring, k -> new ArrayDeque<>());
        times.addLast(to);
        while (!times.isEmpty() && times.peekFirst() < to - RING_MEMORY_MS) {
            times.pollFirst();
        }
        Severity sev = times.size() >= r.get("high_cycles") ? Severity.HIGH : Severity.MEDIUM;
        String route = String.join(" -> ", members) + " -> " + members.get(0);
        String text =
                String.format(
                        Locale.ROOT,
                        "orders of %,.2f-%,.2f (within %.0f%%) went round %s in %.1f days; %d such"
                                + " cycle(s) of this group in 60 days",
                        min,
                        max,
                        r.get("amount_tolerance") * 100,
                        route,
                        (to - from) / 86_400_000.0,
                        times.size());
        for (String m : members) {
            out.add(
                    WarningCandidate.raise(
                            m,
                            null,
                            WarningType.CIRCULAR_TRADING,
                            sev,
                            text,
                            evidence,
                            version,
                            null,
                            to));
        }
    }

    private void evict(long before) {
        while (!byTime.isEmpty() && byTime.peekFirst().millis() < before) {
            Order o = byTime.pollFirst();
            List<Order> list = bySeller.get(o.seller());
            if (list != null) {
                list.remove(o);
                if (list.isEmpty()) {
                    bySeller.remove(o.seller());
                }
            }
        }
        ringCycles.values().removeIf(d -> d.isEmpty() || d.peekLast() < before - RING_MEMORY_MS);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + byTime.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(latest);
            out.writeInt(byTime.size());
            for (Order o : byTime) {
                out.writeUTF(o.seller());
                out.writeUTF(o.buyer());
                out.writeDouble(o.amount());
                out.writeLong(o.millis());
                out.writeUTF(o.eventId());
            }
            out.writeInt(ringCycles.size());
            for (Map.Entry<String, ArrayDeque<Long>> e : ringCycles.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (long t : e.getValue()) {
                    out.writeLong(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static TradeCycleDetector fromBytes(byte[] bytes) {
        TradeCycleDetector d = new TradeCycleDetector();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != 1) {
                throw new IllegalArgumentException("unknown cycle detector state version");
            }
            d.latest = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Order o =
                        new Order(
                                in.readUTF(),
                                in.readUTF(),
                                in.readDouble(),
                                in.readLong(),
                                in.readUTF());
                d.byTime.addLast(o);
                d.bySeller.computeIfAbsent(o.seller(), k -> new ArrayList<>()).add(o);
            }
            int rings = in.readInt();
            for (int i = 0; i < rings; i++) {
                String key = in.readUTF();
                int k = in.readInt();
                ArrayDeque<Long> times = new ArrayDeque<>();
                for (int j = 0; j < k; j++) {
                    times.addLast(in.readLong());
                }
                d.ringCycles.put(key, times);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt cycle detector state", e);
        }
        return d;
    }
}
