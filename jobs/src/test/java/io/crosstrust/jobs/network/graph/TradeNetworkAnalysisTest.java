package io.crosstrust.jobs.network.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.jobs.network.testing.ReferenceNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.scoring.BetweennessCentrality;
import org.jgrapht.alg.scoring.ClusteringCoefficient;
import org.jgrapht.alg.scoring.PageRank;
import org.jgrapht.graph.AsUnweightedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every expensive figure against JGraphT's implementation and against plain loops. */
class TradeNetworkAnalysisTest {
    private static final AnalysisSettings EXACT =
            AnalysisSettings.DEFAULTS
                    .withTimeBudget(Duration.ofMinutes(1))
                    .withPageRank(0.85, 1_000, 1e-13);

    /** A random sparse trade graph: some isolated pairs, a denser core, repeats and self-loops. */
    private static List<String[]> randomTrades(long seed, int nodes, int trades) {
        Random random = new Random(seed);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < trades; i++) {
            int s = random.nextInt(nodes);
            int t = random.nextInt(3) == 0 ? random.nextInt(nodes) : random.nextInt(nodes / 4 + 1);
            pairs.add(new String[] {"n" + s, "n" + t, Integer.toString(1 + random.nextInt(50))});
        }
        return pairs;
    }

    private static TradeGraph graphOf(List<String[]> pairs) {
        TradeGraph g = new TradeGraph();
        for (String[] p : pairs) {
            g.addTrade(p[0], null, p[1], null, 1, Double.parseDouble(p[2]));
        }
        return g;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyFigureMatchesJGraphTAndPlainLoops(long seed) {
        List<String[]> pairs = randomTrades(seed, 90, 420);
        TradeGraph g = graphOf(pairs);
        TradeNetworkReport report = TradeNetworkAnalysis.analyse(g, EXACT);
        NetworkFigures f = report.figures();
        ReferenceNetwork loops = new ReferenceNetwork(pairs);
        Graph<String, DefaultWeightedEdge> directed = JGraphTExport.directed(g);
        Graph<String, DefaultEdge> undirected = JGraphTExport.undirected(g);

        assertThat(f.nodes()).isEqualTo(loops.n).isEqualTo(directed.vertexSet().size());
        assertThat(f.edges()).isEqualTo(loops.edges).isEqualTo(directed.edgeSet().size());
        assertThat(f.undirectedEdges()).isEqualTo(undirected.edgeSet().size());
        assertThat(f.selfLoops()).isEqualTo(loops.selfLoops);
        assertThat(f.densityDirected()).isCloseTo(loops.densityDirected(), within(1e-15));
        assertThat(f.densityUndirected()).isCloseTo(loops.densityUndirected(), within(1e-15));
        assertThat(f.reciprocity()).isCloseTo(loops.reciprocity(), within(1e-15));
        assertThat(f.degreeCentralization()).isCloseTo(loops.degreeCentralization(), within(1e-15));

        ClusteringCoefficient<String, DefaultEdge> clustering =
                new ClusteringCoefficient<>(undirected);
        assertThat(f.transitivity())
                .isCloseTo(loops.transitivity(), within(1e-12))
                .isCloseTo(clustering.getGlobalClusteringCoefficient(), within(1e-12));
        assertThat(f.averageClustering())
                .isCloseTo(loops.averageClustering(), within(1e-12))
                .isCloseTo(clustering.getAverageClusteringCoefficient(), within(1e-12));
        assertThat(f.clusteringExact()).isTrue();
        for (int v = 0; v < g.nodes(); v++) {
            assertThat(report.localClustering(v))
                    .as(g.nodeId(v))
                    .isCloseTo(clustering.getVertexScore(g.nodeId(v)), within(1e-12));
        }

        assertThat(f.weakComponents())
                .isEqualTo(loops.weakComponents())
                .isEqualTo(new ConnectivityInspector<>(directed).connectedSets().size());
        assertThat(f.strongComponents())
                .isEqualTo(loops.strongComponents())
                .isEqualTo(
                        new KosarajuStrongConnectivityInspector<>(directed)
                                .stronglyConnectedSets()
                                .size());
        int largest =
                new ConnectivityInspector<>(directed)
                        .connectedSets().stream().mapToInt(java.util.Set::size).max().orElse(0);
        assertThat(f.largestComponentShare()).isEqualTo((double) largest / loops.n);

        Map<String, Double> pageRank = new PageRank<>(directed, 0.85, 1_000, 1e-13).getScores();
        // betweenness counts hops: JGraphT would take the volumes as path lengths
        Map<String, Double> betweenness =
                new BetweennessCentrality<>(new AsUnweightedGraph<>(directed), true).getScores();
        double rankSum = 0;
        for (int v = 0; v < g.nodes(); v++) {
            String id = g.nodeId(v);
            assertThat(report.pageRank(v)).as(id).isCloseTo(pageRank.get(id), within(1e-9));
            assertThat(report.betweenness(v)).as(id).isCloseTo(betweenness.get(id), within(1e-12));
            rankSum += report.pageRank(v);
        }
        assertThat(rankSum).isCloseTo(1.0, within(1e-9));
        assertThat(f.pageRankConverged()).isTrue();
        assertThat(f.betweennessExact()).isTrue();
        assertThat(f.betweennessSources()).isEqualTo(loops.n);

        assertThat(f.topPageRank()).hasSize(10);
        assertThat(f.topPageRank().get(0).value())
                .isEqualTo(Collections.max(pageRank.values()), within(1e-9));
        assertThat(f.topBetweenness().get(0).value())
                .isCloseTo(Collections.max(betweenness.values()), within(1e-12));
        for (int i = 1; i < f.topBetweenness().size(); i++) {
            assertThat(f.topBetweenness().get(i).value())
                    .isLessThanOrEqualTo(f.topBetweenness().get(i - 1).value());
        }
    }

    @Test
    void arrivalOrderDoesNotChangeTheFigures() {
        List<String[]> pairs = randomTrades(11, 300, 1_500);
        List<String[]> shuffled = new ArrayList<>(pairs);
        Collections.shuffle(shuffled, new Random(99));
        AnalysisSettings sampled = EXACT.withBetweenness(50, 40); // sampled: 300 > 50 nodes
        NetworkFigures a = TradeNetworkAnalysis.analyse(graphOf(pairs), sampled).figures();
        NetworkFigures b = TradeNetworkAnalysis.analyse(graphOf(shuffled), sampled).figures();
        assertThat(a.betweennessExact()).isFalse();
        assertThat(a.betweennessSources()).isEqualTo(40);
        assertThat(b.topBetweenness())
                .extracting(EntityScore::entityId)
                .isEqualTo(a.topBetweenness().stream().map(EntityScore::entityId).toList());
        for (int i = 0; i < a.topBetweenness().size(); i++) {
            assertThat(b.topBetweenness().get(i).value())
                    .isCloseTo(a.topBetweenness().get(i).value(), within(1e-12));
        }
        assertThat(b.topPageRank())
                .extracting(EntityScore::entityId)
                .isEqualTo(a.topPageRank().stream().map(EntityScore::entityId).toList());
        assertThat(b.transitivity()).isCloseTo(a.transitivity(), within(1e-15));
        assertThat(b.volumeHhi()).isCloseTo(a.volumeHhi(), within(1e-12));
        assertThat(b.weakComponents()).isEqualTo(a.weakComponents());
        assertThat(b.strongComponents()).isEqualTo(a.strongComponents());
    }

    @Test
    void sampledBetweennessFindsTheBrokers() {
        // two dense clusters joined only through broker "hub": every path between them crosses it
        TradeGraph g = new TradeGraph();
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            int side = random.nextInt(2);
            g.addTrade(
                    "c" + side + "-" + random.nextInt(150),
                    null,
                    "c" + side + "-" + random.nextInt(150),
                    null,
                    1,
                    1);
        }
        for (int i = 0; i < 150; i += 3) {
            g.addTrade("c0-" + i, null, "hub", null, 1, 1);
            g.addTrade("hub", null, "c1-" + i, null, 1, 1);
            g.addTrade("c1-" + i, null, "hub", null, 1, 1);
            g.addTrade("hub", null, "c0-" + i, null, 1, 1);
        }
        AnalysisSettings sampled = EXACT.withBetweenness(100, 64);
        NetworkFigures estimate = TradeNetworkAnalysis.analyse(g, sampled).figures();
        NetworkFigures exact =
                TradeNetworkAnalysis.analyse(g, EXACT.withBetweenness(10_000, 1)).figures();
        assertThat(estimate.betweennessExact()).isFalse();
        assertThat(exact.betweennessExact()).isTrue();
        assertThat(exact.topBetweenness().get(0).entityId()).isEqualTo("hub");
        assertThat(estimate.topBetweenness().get(0).entityId()).isEqualTo("hub");
        assertThat(estimate.topBetweenness().get(0).value())
                .isCloseTo(exact.topBetweenness().get(0).value(), within(0.1));
    }

    @Test
    void aZeroBudgetCutsTheExpensiveStagesAndFlagsThem() {
        TradeGraph g = graphOf(randomTrades(4, 400, 4_000));
        TradeNetworkReport report =
                TradeNetworkAnalysis.analyse(g, EXACT.withTimeBudget(Duration.ZERO));
        NetworkFigures f = report.figures();
        assertThat(f.clusteringExact()).isFalse();
        assertThat(f.betweennessExact()).isFalse();
        assertThat(f.betweennessSources()).isEqualTo(1);
        assertThat(f.pageRankIterations()).isEqualTo(1);
        assertThat(f.pageRankConverged()).isFalse();
        // the cheap figures and components are always complete
        NetworkFigures full = TradeNetworkAnalysis.analyse(g, EXACT).figures();
        assertThat(f.densityDirected()).isEqualTo(full.densityDirected());
        assertThat(f.weakComponents()).isEqualTo(full.weakComponents());
        assertThat(f.strongComponents()).isEqualTo(full.strongComponents());
        assertThat(f.transitivity()).isBetween(0.0, 1.0);
        assertThat(report.stageNanos())
                .containsKeys("snapshot", "weak-components", "clustering", "betweenness");
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        TradeGraph g = new TradeGraph();
        int n = 300_000;
        int previous = g.node("v0");
        for (int i = 1; i < n; i++) {
            int next = g.node("v" + i);
            g.addTrade(previous, next, 1, 1);
            previous = next;
        }
        g.addTrade(previous, g.node("v0"), 1, 1); // close the ring: one strong component
        CompactTradeGraph c = CompactTradeGraph.of(g);
        assertThat(Components.strong(c)).isEqualTo(new Components.Count(1, n));
        assertThat(Components.weak(c)).isEqualTo(new Components.Count(1, n));
    }

    @Test
    void anEmptyGraphHasOnlyZeros() {
        NetworkFigures f = TradeNetworkAnalysis.analyse(new TradeGraph(), EXACT).figures();
        assertThat(f.nodes()).isZero();
        assertThat(f.weakComponents()).isZero();
        assertThat(f.transitivity()).isZero();
        assertThat(f.largestComponentShare()).isZero();
        assertThat(f.topPageRank()).isEmpty();
        assertThat(f.betweennessExact()).isTrue();
    }

    @Test
    void positionsDescribeEachEntity() {
        TradeGraph g = new TradeGraph();
        g.addTrade("s", "CN", "b1", "DE", 1, 30);
        g.addTrade("s", "CN", "b2", "FR", 1, 10);
        g.addTrade("b1", "DE", "s", "CN", 1, 10);
        g.addTrade("b1", "DE", "b2", "FR", 1, 5);
        g.addTrade("lonely", "US", "lonely", "US", 1, 5);
        TradeNetworkReport report = TradeNetworkAnalysis.analyse(g, EXACT);
        Map<String, EntityPosition> byId = new java.util.HashMap<>();
        report.positions().forEach(p -> byId.put(p.entityId(), p));
        EntityPosition s = byId.get("s");
        assertThat(s.region()).isEqualTo("CN");
        assertThat(s.outDegree()).isEqualTo(2);
        assertThat(s.inDegree()).isEqualTo(1);
        assertThat(s.partners()).isEqualTo(2);
        assertThat(s.outVolume()).isEqualTo(40);
        assertThat(s.inVolume()).isEqualTo(10);
        // volume with b1: 30 + 10 = 40, with b2: 10 -> (40/50)^2 + (10/50)^2
        assertThat(s.counterpartyConcentration()).isCloseTo(0.68, within(1e-12));
        // partners b1 (2 partners) and b2 (2 partners)
        assertThat(s.meanPartnerPartners()).isEqualTo(2.0);
        assertThat(s.localClustering()).isEqualTo(1.0);
        EntityPosition lonely = byId.get("lonely");
        assertThat(lonely.partners()).isZero();
        assertThat(lonely.counterpartyConcentration()).isZero();
        assertThat(lonely.pageRank()).isPositive();
        assertThat(report.figures().selfLoops()).isEqualTo(1);
        assertThat(report.figures().crossRegionEdgeShare()).isEqualTo(1.0);
    }
}
