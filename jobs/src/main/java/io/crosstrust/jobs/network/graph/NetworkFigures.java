package io.crosstrust.jobs.network.graph;

import java.util.List;

/**
 * Every figure of one trade graph; definitions in docs/network.md. Shares and densities are in [0,
 * 1] and are 0 (never NaN) when undefined (no nodes, no edges, no volume).
 *
 * @param nodes entities (including those seen only in self-loops)
 * @param edges distinct ordered trading pairs (seller, buyer), self-loops excluded
 * @param undirectedEdges distinct unordered trading pairs
 * @param selfLoops trades of an entity with itself, reported and excluded from every other figure
 * @param trades trades on edges
 * @param totalVolume volume on edges
 * @param densityDirected edges / (n (n - 1))
 * @param densityUndirected undirectedEdges / (n (n - 1) / 2)
 * @param averageDegree mean in+out degree, 2 edges / n
 * @param reciprocity share of edges whose reverse edge exists
 * @param transitivity 3 triangles / connected triples, undirected simple graph
 * @param averageClustering mean local clustering over all nodes, undirected simple graph
 * @param clusteringExact false when the time budget cut clustering to a node sample
 * @param weakComponents weakly connected components (isolated nodes count)
 * @param strongComponents strongly connected components (isolated nodes count)
 * @param largestComponentShare nodes in the largest weakly connected component / n
 * @param largestStrongComponentShare nodes in the largest strongly connected component / n
 * @param degreeCentralization Freeman degree centralization of the undirected simple graph
 * @param crossRegionEdgeShare edges whose ends are in different regions / edges whose ends both
 *     have a known region
 * @param volumeHhi Herfindahl-Hirschman index of edge volume shares
 * @param topPageRank the top-k entities by PageRank (volume-weighted), best first
 * @param topBetweenness the top-k entities by normalised betweenness, best first
 * @param betweennessExact false when betweenness was sampled (pivots) or cut by the time budget
 * @param betweennessSources BFS sources used
 * @param pageRankIterations power iterations run
 * @param pageRankConverged whether PageRank met its tolerance (false: cut by iterations or budget)
 */
public record NetworkFigures(
        long nodes,
        long edges,
        long undirectedEdges,
        long selfLoops,
        long trades,
        double totalVolume,
        double densityDirected,
        double densityUndirected,
        double averageDegree,
        double reciprocity,
        double transitivity,
        double averageClustering,
        boolean clusteringExact,
        long weakComponents,
        long strongComponents,
        double largestComponentShare,
        double largestStrongComponentShare,
        double degreeCentralization,
        double crossRegionEdgeShare,
        double volumeHhi,
        List<EntityScore> topPageRank,
        List<EntityScore> topBetweenness,
        boolean betweennessExact,
        int betweennessSources,
        int pageRankIterations,
        boolean pageRankConverged) {

    public NetworkFigures {
        topPageRank = List.copyOf(topPageRank);
        topBetweenness = List.copyOf(topBetweenness);
    }
}
