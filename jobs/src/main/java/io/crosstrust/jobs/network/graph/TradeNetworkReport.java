package io.crosstrust.jobs.network.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TradeNetworkAnalysis} found on one graph: the graph-level {@link #figures()}, every
 * entity's scores (for {@link #positions()}), and how long each stage took.
 */
public final class TradeNetworkReport {
    private final NetworkFigures figures;
    private final TradeGraph graph;
    private final CompactTradeGraph compact;
    private final double[] pageRank;
    private final double[] betweenness;
    private final double[] localClustering;
    private final Map<String, Long> stageNanos;

    TradeNetworkReport(
            NetworkFigures figures,
            TradeGraph graph,
            CompactTradeGraph compact,
            double[] pageRank,
            double[] betweenness,
            double[] localClustering,
            Map<String, Long> stageNanos) {
        this.figures = figures;
        this.graph = graph;
        this.compact = compact;
        this.pageRank = pageRank;
        this.betweenness = betweenness;
        this.localClustering = localClustering;
        this.stageNanos = Collections.unmodifiableMap(new LinkedHashMap<>(stageNanos));
    }

    public NetworkFigures figures() {
        return figures;
    }

    /**
     * Wall-clock nanoseconds per stage, in run order: cheap, regions, snapshot, weak-components,
     * strong-components, order, clustering, pagerank, betweenness, top-k.
     */
    public Map<String, Long> stageNanos() {
        return stageNanos;
    }

    /** PageRank of a node (by node number of the analysed graph). */
    public double pageRank(int v) {
        return pageRank[v];
    }

    public double betweenness(int v) {
        return betweenness[v];
    }

    /** NaN when the time budget left the node out of the clustering sample. */
    public double localClustering(int v) {
        return localClustering[v];
    }

    /** Every entity's position, in node-number order. O(n + m). */
    public List<EntityPosition> positions() {
        int n = compact.n;
        List<EntityPosition> out = new ArrayList<>(n);
        double[] acc = new double[n];
        int[] touched = new int[n];
        for (int v = 0; v < n; v++) {
            int k = 0;
            for (int i = compact.outStart[v]; i < compact.outStart[v + 1]; i++) {
                int w = compact.outTargets[i];
                if (acc[w] == 0) {
                    touched[k++] = w;
                }
                acc[w] += compact.outVolumes[i];
            }
            for (int i = compact.inStart[v]; i < compact.inStart[v + 1]; i++) {
                int w = compact.inSources[i];
                if (acc[w] == 0) {
                    touched[k++] = w;
                }
                acc[w] += compact.inVolumes[i];
            }
            double total = 0;
            double squares = 0;
            for (int t = 0; t < k; t++) {
                double a = acc[touched[t]];
                total += a;
                squares += a * a;
                acc[touched[t]] = 0;
            }
            int partners = compact.partnerCount(v);
            double concentration =
                    total > 0 ? squares / (total * total) : partners == 0 ? 0 : 1.0 / partners;
            double partnerPartners = 0;
            for (int i = compact.partnerStart[v]; i < compact.partnerStart[v + 1]; i++) {
                partnerPartners += compact.partnerCount(compact.partners[i]);
            }
            out.add(
                    new EntityPosition(
                            graph.nodeId(v),
                            graph.nodeRegion(v),
                            graph.inDegree(v),
                            graph.outDegree(v),
                            partners,
                            graph.inVolume(v),
                            graph.outVolume(v),
                            pageRank[v],
                            betweenness[v],
                            localClustering[v],
                            concentration,
                            partners == 0 ? 0 : partnerPartners / partners));
        }
        return out;
    }
}
