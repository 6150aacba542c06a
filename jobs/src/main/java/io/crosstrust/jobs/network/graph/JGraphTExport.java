package io.crosstrust.jobs.network.graph;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.jgrapht.graph.SimpleGraph;

/**
 * A {@link TradeGraph} as JGraphT graphs, vertices = entity ids, for any algorithm JGraphT offers
 * beyond {@link TradeNetworkAnalysis} (shortest paths, cores, cliques, flows, ...) and as the
 * reference the tests check our algorithms against. Copies: O(n + m) time and JGraphT's memory
 * (hundreds of bytes per edge), so meant for graphs up to some 100,000 edges.
 */
public final class JGraphTExport {
    private JGraphTExport() {}

    /** Directed, edge weight = volume; self-loops left out (as in every figure). */
    public static Graph<String, DefaultWeightedEdge> directed(TradeGraph g) {
        Graph<String, DefaultWeightedEdge> out =
                new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < g.nodes(); v++) {
            out.addVertex(g.nodeId(v));
        }
        for (int e = 0; e < g.edges(); e++) {
            DefaultWeightedEdge edge =
                    out.addEdge(g.nodeId(g.edgeSource(e)), g.nodeId(g.edgeTarget(e)));
            out.setEdgeWeight(edge, g.edgeVolume(e));
        }
        return out;
    }

    /** The undirected simple graph: one edge per unordered trading pair. */
    public static Graph<String, DefaultEdge> undirected(TradeGraph g) {
        Graph<String, DefaultEdge> out = new SimpleGraph<>(DefaultEdge.class);
        for (int v = 0; v < g.nodes(); v++) {
            out.addVertex(g.nodeId(v));
        }
        for (int e = 0; e < g.edges(); e++) {
            String a = g.nodeId(g.edgeSource(e));
            String b = g.nodeId(g.edgeTarget(e));
            if (!out.containsEdge(a, b)) {
                out.addEdge(a, b);
            }
        }
        return out;
    }
}
