package io.crosstrust.jobs.network.graph;

/**
 * PageRank over the directed graph weighted by edge volume, by power iteration:
 *
 * <pre>
 *   r'(v) = (1 - d) / n + d * ( dangling / n + sum over edges u->v of r(u) * w(u,v) / W(u) )
 * </pre>
 *
 * where d is the damping factor, W(u) the total volume u sells, and dangling the rank of nodes with
 * W(u) = 0 (no outgoing volume), spread evenly over all nodes. Scores sum to 1. Starts from 1/n and
 * stops when no score moved by more than the tolerance (converged), after the maximum number of
 * iterations, or at the deadline (after at least one iteration); {@link Result#converged()} says
 * which.
 */
final class PageRankScores {
    record Result(double[] scores, int iterations, boolean converged) {}

    private PageRankScores() {}

    static Result compute(
            CompactTradeGraph g,
            double damping,
            int maxIterations,
            double tolerance,
            long deadline) {
        int n = g.n;
        if (n == 0) {
            return new Result(new double[0], 0, true);
        }
        double[] outWeight = new double[n];
        for (int u = 0; u < n; u++) {
            double w = 0;
            for (int i = g.outStart[u]; i < g.outStart[u + 1]; i++) {
                w += g.outVolumes[i];
            }
            outWeight[u] = w;
        }
        double[] rank = new double[n];
        double[] next = new double[n];
        java.util.Arrays.fill(rank, 1.0 / n);
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            double dangling = 0;
            java.util.Arrays.fill(next, 0);
            for (int u = 0; u < n; u++) {
                double w = outWeight[u];
                if (w > 0) {
                    double share = damping * rank[u] / w;
                    for (int i = g.outStart[u]; i < g.outStart[u + 1]; i++) {
                        next[g.outTargets[i]] += share * g.outVolumes[i];
                    }
                } else {
                    dangling += rank[u];
                }
            }
            double base = (1 - damping) / n + damping * dangling / n;
            double maxChange = 0;
            for (int v = 0; v < n; v++) {
                double r = next[v] + base;
                maxChange = Math.max(maxChange, Math.abs(r - rank[v]));
                next[v] = r;
            }
            double[] t = rank;
            rank = next;
            next = t;
            iterations++;
            if (maxChange < tolerance) {
                converged = true;
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        return new Result(rank, iterations, converged);
    }
}
