package io.crosstrust.jobs.network.graph;

/**
 * An immutable snapshot of a {@link TradeGraph} in compressed sparse row form, what the expensive
 * algorithms walk: for node v, its out-neighbours are {@code outTargets[outStart[v] ..
 * outStart[v+1])} (with the edge volumes in {@code outVolumes}), its in-neighbours {@code
 * inSources[inStart[v] .. inStart[v+1])} (volumes in {@code inVolumes}), and its distinct partners
 * in the undirected simple graph {@code partners[partnerStart[v] .. partnerStart[v+1])}. Built in
 * O(n + m) time and memory with counting sorts; node numbers are the graph's.
 */
public final class CompactTradeGraph {
    final int n;
    final int m;
    final int[] outStart;
    final int[] outTargets;
    final double[] outVolumes;
    final int[] inStart;
    final int[] inSources;
    final double[] inVolumes;
    final int[] partnerStart;
    final int[] partners;

    private CompactTradeGraph(
            int n,
            int m,
            int[] outStart,
            int[] outTargets,
            double[] outVolumes,
            int[] inStart,
            int[] inSources,
            double[] inVolumes,
            int[] partnerStart,
            int[] partners) {
        this.n = n;
        this.m = m;
        this.outStart = outStart;
        this.outTargets = outTargets;
        this.outVolumes = outVolumes;
        this.inStart = inStart;
        this.inSources = inSources;
        this.inVolumes = inVolumes;
        this.partnerStart = partnerStart;
        this.partners = partners;
    }

    public static CompactTradeGraph of(TradeGraph g) {
        int n = g.nodes();
        int m = g.edges();
        int[] src = g.rawEdgeSources();
        int[] dst = g.rawEdgeTargets();
        double[] vol = g.rawEdgeVolumes();

        int[] outStart = new int[n + 1];
        int[] inStart = new int[n + 1];
        for (int e = 0; e < m; e++) {
            outStart[src[e] + 1]++;
            inStart[dst[e] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            outStart[v + 1] += outStart[v];
            inStart[v + 1] += inStart[v];
        }
        int[] outTargets = new int[m];
        double[] outVolumes = new double[m];
        int[] inSources = new int[m];
        double[] inVolumes = new double[m];
        int[] outFill = new int[n];
        int[] inFill = new int[n];
        for (int e = 0; e < m; e++) {
            int u = src[e];
            int v = dst[e];
            int i = outStart[u] + outFill[u]++;
            outTargets[i] = v;
            outVolumes[i] = vol[e];
            int j = inStart[v] + inFill[v]++;
            inSources[j] = u;
            inVolumes[j] = vol[e];
        }

        // distinct partners: out- and in-neighbours with the reciprocal duplicates removed
        int[] partnerStart = new int[n + 1];
        for (int v = 0; v < n; v++) {
            partnerStart[v + 1] = partnerStart[v] + g.partners(v);
        }
        int[] partners = new int[partnerStart[n]];
        int[] seen = new int[n];
        java.util.Arrays.fill(seen, -1);
        for (int v = 0; v < n; v++) {
            int k = partnerStart[v];
            for (int i = outStart[v]; i < outStart[v + 1]; i++) {
                int w = outTargets[i];
                if (seen[w] != v) {
                    seen[w] = v;
                    partners[k++] = w;
                }
            }
            for (int i = inStart[v]; i < inStart[v + 1]; i++) {
                int w = inSources[i];
                if (seen[w] != v) {
                    seen[w] = v;
                    partners[k++] = w;
                }
            }
            if (k != partnerStart[v + 1]) {
                throw new IllegalStateException(
                        "partner count of node " + v + " is inconsistent with its edges");
            }
        }
        return new CompactTradeGraph(
                n,
                m,
                outStart,
                outTargets,
                outVolumes,
                inStart,
                inSources,
                inVolumes,
                partnerStart,
                partners);
    }

    public int nodes() {
        return n;
    }

    public int edges() {
        return m;
    }

    int partnerCount(int v) {
        return partnerStart[v + 1] - partnerStart[v];
    }
}
