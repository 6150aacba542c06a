package io.crosstrust.jobs.network.graph;

import java.util.Arrays;

/**
 * Transitivity (global clustering) and local clustering on the undirected simple graph: every pair
 * that traded in either direction is one undirected edge; self-loops are not edges.
 *
 * <ul>
 *   <li>local clustering C(v) = T(v) / (d(v)(d(v) - 1) / 2), where d(v) is v's number of distinct
 *       partners and T(v) the triangles through v; C(v) = 0 when d(v) &lt; 2 (networkx's
 *       convention);
 *   <li>average clustering = the mean of C(v) over all n nodes;
 *   <li>transitivity = 3 triangles / connected triples = sum of T(v) / sum of d(v)(d(v) - 1) / 2; 0
 *       when there is no connected triple.
 * </ul>
 *
 * Nodes are visited in the given order (a seeded pseudo-random permutation), T(v) exactly for each:
 * mark v's partners, then count marked partners of each partner (cost: the sum of its partners'
 * degrees). When the deadline passes before every node is done, the figures are estimates from the
 * nodes done so far, a uniform random sample: average clustering is the sample mean, transitivity
 * the ratio of the sample's triangle and triple sums; {@link Result#exact()} is then false.
 */
final class Clustering {
    record Result(
            double transitivity,
            double averageClustering,
            boolean exact,
            int nodesDone,
            double[] local) {}

    private Clustering() {}

    /**
     * @param order every node once, in the order to visit them
     * @param deadline System.nanoTime() after which to stop (at least one node is always done)
     */
    static Result compute(CompactTradeGraph g, int[] order, long deadline) {
        int n = g.n;
        double[] local = new double[n];
        Arrays.fill(local, Double.NaN);
        if (n == 0) {
            return new Result(0, 0, true, 0, local);
        }
        int[] mark = new int[n];
        Arrays.fill(mark, -1);
        double triangles2 = 0; // twice the triangles through the nodes done
        double triples = 0;
        double sumLocal = 0;
        int done = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0 && (k & 15) == 0 && System.nanoTime() > deadline) {
                break;
            }
            int v = order[k];
            int from = g.partnerStart[v];
            int to = g.partnerStart[v + 1];
            long d = to - from;
            double c = 0;
            if (d >= 2) {
                for (int i = from; i < to; i++) {
                    mark[g.partners[i]] = v;
                }
                long links = 0;
                for (int i = from; i < to; i++) {
                    int w = g.partners[i];
                    for (int j = g.partnerStart[w]; j < g.partnerStart[w + 1]; j++) {
                        if (mark[g.partners[j]] == v) {
                            links++;
                        }
                    }
                }
                // each triangle v-w-x is seen from w and from x
                double pairs = d * (d - 1) / 2.0;
                triangles2 += links;
                triples += pairs;
                c = (links / 2.0) / pairs;
            }
            local[v] = c;
            sumLocal += c;
            done++;
        }
        double transitivity = triples == 0 ? 0 : (triangles2 / 2.0) / triples;
        return new Result(transitivity, sumLocal / done, done == n, done, local);
    }
}
