package io.crosstrust.jobs.network.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Computes every {@link NetworkFigures} figure of a {@link TradeGraph}, in two tiers:
 *
 * <ul>
 *   <li><b>cheap</b>, O(1) from the graph's incremental counters: counts, densities, average
 *       degree, reciprocity, degree centralization, volume HHI; plus one O(m) pass for the
 *       cross-region share;
 *   <li><b>expensive</b>, on a {@link CompactTradeGraph} snapshot (O(n + m) to build): weakly and
 *       strongly connected components (linear, always complete), clustering, PageRank and
 *       betweenness, which share the {@link AnalysisSettings#timeBudget()} and degrade to flagged
 *       estimates when it runs out.
 * </ul>
 *
 * Why not JGraphT's own algorithms here: on a 100,000-node / 1,000,000-edge graph JGraphT 1.5.2
 * took 43 s to build a {@code SimpleDirectedGraph}, 12 s for {@code ConnectivityInspector}, 4.5 s
 * for Kosaraju, and its Gabow inspector overflowed the stack (recursive DFS) -- far from the 1 s
 * budget (docs/network.md). The algorithms here are the textbook ones on int arrays; the tests
 * check each against JGraphT's implementation on random graphs. {@link JGraphTExport} hands a graph
 * to JGraphT for anything else.
 *
 * <p>Deterministic: the same trades give the same figures whatever order they arrived in (up to
 * floating-point rounding of sums), because sampling follows a seeded order of entity ids.
 */
public final class TradeNetworkAnalysis {
    private TradeNetworkAnalysis() {}

    public static TradeNetworkReport analyse(TradeGraph g, AnalysisSettings settings) {
        long start = System.nanoTime();
        long budget = settings.timeBudget().toNanos();
        Map<String, Long> stages = new LinkedHashMap<>();
        long t = System.nanoTime();

        int n = g.nodes();
        int m = g.edges();
        double densityDirected = g.densityDirected();
        double densityUndirected = g.densityUndirected();
        double averageDegree = g.averageDegree();
        double reciprocity = g.reciprocity();
        double centralization = g.degreeCentralization();
        double hhi = g.volumeHhi();
        t = lap(stages, "cheap", t);

        long known = 0;
        long cross = 0;
        int[] src = g.rawEdgeSources();
        int[] dst = g.rawEdgeTargets();
        for (int e = 0; e < m; e++) {
            int a = g.nodeRegionNumber(src[e]);
            int b = g.nodeRegionNumber(dst[e]);
            if (a >= 0 && b >= 0) {
                known++;
                if (a != b) {
                    cross++;
                }
            }
        }
        t = lap(stages, "regions", t);

        CompactTradeGraph c = CompactTradeGraph.of(g);
        t = lap(stages, "snapshot", t);
        Components.Count weak = Components.weak(c);
        t = lap(stages, "weak-components", t);
        Components.Count strong = Components.strong(c);
        t = lap(stages, "strong-components", t);
        int[] order = seededOrder(g, settings.seed());
        t = lap(stages, "order", t);
        Clustering.Result clustering = Clustering.compute(c, order, start + budget / 3);
        t = lap(stages, "clustering", t);
        PageRankScores.Result pageRank =
                PageRankScores.compute(
                        c,
                        settings.damping(),
                        settings.pageRankMaxIterations(),
                        settings.pageRankTolerance(),
                        start + budget / 3 * 2);
        t = lap(stages, "pagerank", t);
        Betweenness.Result betweenness =
                Betweenness.compute(
                        c,
                        order,
                        settings.exactBetweennessMaxNodes(),
                        settings.betweennessPivots(),
                        start + budget);
        t = lap(stages, "betweenness", t);
        List<EntityScore> topPageRank = top(g, pageRank.scores(), settings.topK());
        List<EntityScore> topBetweenness = top(g, betweenness.scores(), settings.topK());
        lap(stages, "top-k", t);

        NetworkFigures figures =
                new NetworkFigures(
                        n,
                        m,
                        g.undirectedEdges(),
                        g.selfLoops(),
                        g.trades(),
                        g.totalVolume(),
                        densityDirected,
                        densityUndirected,
                        averageDegree,
                        reciprocity,
                        clustering.transitivity(),
                        clustering.averageClustering(),
                        clustering.exact(),
                        weak.components(),
                        strong.components(),
                        n == 0 ? 0 : (double) weak.largest() / n,
                        n == 0 ? 0 : (double) strong.largest() / n,
                        centralization,
                        known == 0 ? 0 : (double) cross / known,
                        hhi,
                        topPageRank,
                        topBetweenness,
                        betweenness.exact(),
                        betweenness.sources(),
                        pageRank.iterations(),
                        pageRank.converged());
        return new TradeNetworkReport(
                figures, g, c, pageRank.scores(), betweenness.scores(), clustering.local(), stages);
    }

    private static long lap(Map<String, Long> stages, String stage, long since) {
        long now = System.nanoTime();
        stages.put(stage, now - since);
        return now;
    }

    /**
     * Every node once, ordered by a seeded 64-bit mix of its entity id's hash, ties by id: a
     * pseudo-random permutation that depends only on the seed and the set of ids.
     */
    static int[] seededOrder(TradeGraph g, long seed) {
        int n = g.nodes();
        long[] keys = new long[n];
        long[] hashes = new long[n];
        for (int v = 0; v < n; v++) {
            hashes[v] = mix(seed ^ (g.nodeId(v).hashCode() * 0x9E3779B97F4A7C15L));
            // high 32 bits of the hash, low 32 bits the node number (to recover it after sorting)
            keys[v] = (hashes[v] & 0xFFFF_FFFF_0000_0000L) | v;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        // equal high bits: order by id, so arrival order never decides
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && (keys[j] >>> 32) == (keys[i] >>> 32)) {
                j++;
            }
            if (j - i > 1) {
                Integer[] run = new Integer[j - i];
                for (int k = i; k < j; k++) {
                    run[k - i] = order[k];
                }
                Arrays.sort(run, Comparator.comparing(g::nodeId));
                for (int k = i; k < j; k++) {
                    order[k] = run[k - i];
                }
            }
            i = j;
        }
        return order;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The k highest scores, highest first, ties by entity id. */
    static List<EntityScore> top(TradeGraph g, double[] scores, int k) {
        if (k == 0 || scores.length == 0) {
            return List.of();
        }
        Comparator<Integer> better =
                Comparator.<Integer>comparingDouble(v -> scores[v])
                        .reversed()
                        .thenComparing(g::nodeId);
        PriorityQueue<Integer> worstFirst = new PriorityQueue<>(k + 1, better.reversed());
        for (int v = 0; v < scores.length; v++) {
            worstFirst.add(v);
            if (worstFirst.size() > k) {
                worstFirst.poll();
            }
        }
        List<Integer> best = new ArrayList<>(worstFirst);
        best.sort(better);
        List<EntityScore> out = new ArrayList<>(best.size());
        for (int v : best) {
            out.add(new EntityScore(g.nodeId(v), scores[v]));
        }
        return out;
    }
}
