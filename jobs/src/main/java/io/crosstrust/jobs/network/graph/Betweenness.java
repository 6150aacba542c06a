package io.crosstrust.jobs.network.graph;

import java.util.Arrays;

/**
 * Betweenness centrality on the directed graph with unweighted (hop-count) shortest paths, by
 * Brandes' algorithm: one breadth-first search plus a dependency accumulation per source, O(m)
 * each.
 *
 * <p><b>Exact</b> when every node is a source: O(n m), used up to a configured node count. Above
 * it, <b>sampled</b> with pivots (Brandes &amp; Pich 2007): only the first k nodes of the seeded
 * pseudo-random order are sources and each node's sum is scaled by n / k, an unbiased estimate. The
 * deadline also ends the loop early (after at least one source); the result is then flagged not
 * exact and scaled by n / (sources done).
 *
 * <p>Scores are normalised by (n - 1)(n - 2), the number of ordered pairs of other nodes, so they
 * lie in [0, 1] and compare across graphs of different sizes (0 below three nodes).
 */
final class Betweenness {
    record Result(double[] scores, boolean exact, int sources) {}

    private Betweenness() {}

    static Result compute(
            CompactTradeGraph g, int[] order, int exactMaxNodes, int pivots, long deadline) {
        int n = g.n;
        double[] bc = new double[n];
        if (n < 3) {
            return new Result(bc, true, n);
        }
        int planned = n <= exactMaxNodes ? n : Math.min(n, pivots);
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        double[] sigma = new double[n];
        double[] delta = new double[n];
        int[] queue = new int[n];
        int done = 0;
        for (int k = 0; k < planned; k++) {
            if (k > 0 && System.nanoTime() > deadline) {
                break;
            }
            int s = order[k];
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            dist[s] = 0;
            sigma[s] = 1;
            while (head < tail) {
                int v = queue[head++];
                int dv = dist[v] + 1;
                for (int i = g.outStart[v]; i < g.outStart[v + 1]; i++) {
                    int w = g.outTargets[i];
                    if (dist[w] < 0) {
                        dist[w] = dv;
                        queue[tail++] = w;
                    }
                    if (dist[w] == dv) {
                        sigma[w] += sigma[v];
                    }
                }
            }
            for (int q = tail - 1; q > 0; q--) {
                int w = queue[q];
                int dPrev = dist[w] - 1;
                double factor = (1 + delta[w]) / sigma[w];
                for (int i = g.inStart[w]; i < g.inStart[w + 1]; i++) {
                    int v = g.inSources[i];
                    if (dist[v] == dPrev) {
                        delta[v] += sigma[v] * factor;
                    }
                }
                bc[w] += delta[w];
            }
            for (int q = 0; q < tail; q++) {
                int v = queue[q];
                dist[v] = -1;
                sigma[v] = 0;
                delta[v] = 0;
            }
            done++;
        }
        double scale = (double) n / done / ((n - 1.0) * (n - 2.0));
        for (int v = 0; v < n; v++) {
            bc[v] *= scale;
        }
        return new Result(bc, done == n, done);
    }
}
