package io.crosstrust.jobs.network.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.jobs.network.testing.ReferenceNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeGraphTest {

    /** a->b (2 trades, 30), b->a (10), b->c (60), c->c (self-loop), d isolated by a self-loop. */
    private static TradeGraph small() {
        TradeGraph g = new TradeGraph();
        g.addTrade("a", "CN", "b", "DE", 1, 10);
        g.addTrade("a", "CN", "b", "DE", 1, 20);
        g.addTrade("b", "DE", "a", "CN", 1, 10);
        g.addTrade("b", "DE", "c", "DE", 1, 60);
        g.addTrade("c", "DE", "c", "DE", 3, 99);
        g.addTrade("d", null, "d", null, 1, 5);
        return g;
    }

    @Test
    void countsTheCheapFiguresIncrementally() {
        TradeGraph g = small();
        assertThat(g.nodes()).isEqualTo(4);
        assertThat(g.edges()).isEqualTo(3);
        assertThat(g.undirectedEdges()).isEqualTo(2);
        assertThat(g.mutualPairs()).isEqualTo(1);
        assertThat(g.selfLoops()).isEqualTo(4);
        assertThat(g.trades()).isEqualTo(4);
        assertThat(g.totalVolume()).isEqualTo(100);
        assertThat(g.densityDirected()).isEqualTo(3.0 / 12);
        assertThat(g.densityUndirected()).isEqualTo(2.0 / 6);
        assertThat(g.averageDegree()).isEqualTo(6.0 / 4);
        assertThat(g.reciprocity()).isEqualTo(2.0 / 3);
        // edge volumes 30, 10, 60 of 100
        assertThat(g.volumeHhi()).isCloseTo(0.09 + 0.01 + 0.36, within(1e-15));
        // partners a:1 b:2 c:1 d:0 -> max 2, sum 4: (4*2 - 4) / (3*2)
        assertThat(g.maxPartners()).isEqualTo(2);
        assertThat(g.degreeCentralization()).isEqualTo(4.0 / 6);
        assertThat(g.connectedTriples()).isEqualTo(1);
        int a = g.nodeNumber("a");
        int b = g.nodeNumber("b");
        assertThat(g.outDegree(b)).isEqualTo(2);
        assertThat(g.inDegree(b)).isEqualTo(1);
        assertThat(g.partners(b)).isEqualTo(2);
        assertThat(g.outVolume(a)).isEqualTo(30);
        assertThat(g.inVolume(a)).isEqualTo(10);
        int ab = g.edge(a, b);
        assertThat(g.edgeTrades(ab)).isEqualTo(2);
        assertThat(g.edgeVolume(ab)).isEqualTo(30);
        assertThat(g.edge(a, a)).isEqualTo(-1);
        assertThat(g.nodeRegion(g.nodeNumber("d"))).isNull();
    }

    @Test
    void theFirstKnownRegionOfANodeSticks() {
        TradeGraph g = new TradeGraph();
        g.addTrade("a", null, "b", "DE", 1, 1);
        g.addTrade("a", "CN", "b", "FR", 1, 1);
        assertThat(g.nodeRegion(g.nodeNumber("a"))).isEqualTo("CN");
        assertThat(g.nodeRegion(g.nodeNumber("b"))).isEqualTo("DE");
    }

    @Test
    void emptyAndTinyGraphsHaveZerosNotNaN() {
        TradeGraph g = new TradeGraph();
        assertThat(g.densityDirected()).isZero();
        assertThat(g.densityUndirected()).isZero();
        assertThat(g.averageDegree()).isZero();
        assertThat(g.reciprocity()).isZero();
        assertThat(g.degreeCentralization()).isZero();
        assertThat(g.volumeHhi()).isZero();
        g.addTrade("a", null, "b", null, 1, 0);
        assertThat(g.volumeHhi()).isZero();
        assertThat(g.densityDirected()).isEqualTo(0.5);
    }

    @Test
    void randomUpdatesKeepEveryCounterEqualToARecount() {
        Random random = new Random(7);
        List<String[]> pairs = new ArrayList<>();
        TradeGraph g = new TradeGraph(2, 2); // force growth of every array and the index
        for (int i = 0; i < 5_000; i++) {
            String s = "e" + random.nextInt(120);
            String t = random.nextInt(50) == 0 ? s : "e" + random.nextInt(120);
            pairs.add(new String[] {s, t});
            g.addTrade(s, null, t, null, 1, 1 + random.nextInt(9));
        }
        ReferenceNetwork reference = new ReferenceNetwork(pairs);
        assertThat(g.nodes()).isEqualTo(reference.n);
        assertThat(g.edges()).isEqualTo(reference.edges);
        assertThat(g.selfLoops()).isEqualTo(reference.selfLoops);
        assertThat(g.undirectedEdges()).isEqualTo(reference.undirectedEdges());
        assertThat(g.densityDirected()).isCloseTo(reference.densityDirected(), within(1e-15));
        assertThat(g.densityUndirected()).isCloseTo(reference.densityUndirected(), within(1e-15));
        assertThat(g.reciprocity()).isCloseTo(reference.reciprocity(), within(1e-15));
        assertThat(g.degreeCentralization())
                .isCloseTo(reference.degreeCentralization(), within(1e-15));
        long triples = 0;
        long degreeSum = 0;
        double hhiNumerator = 0;
        for (int v = 0; v < g.nodes(); v++) {
            long d = g.partners(v);
            triples += d * (d - 1) / 2;
            degreeSum += g.inDegree(v) + g.outDegree(v);
        }
        for (int e = 0; e < g.edges(); e++) {
            hhiNumerator += g.edgeVolume(e) * g.edgeVolume(e);
        }
        assertThat(g.connectedTriples()).isEqualTo(triples);
        assertThat(degreeSum).isEqualTo(2L * g.edges());
        assertThat(g.volumeHhi())
                .isCloseTo(hhiNumerator / (g.totalVolume() * g.totalVolume()), within(1e-12));
    }

    @Test
    void mergingPanesEqualsAddingEverythingToOneGraph() {
        TradeGraph day1 = new TradeGraph();
        TradeGraph day2 = new TradeGraph();
        TradeGraph all = new TradeGraph();
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            String s = "e" + random.nextInt(80);
            String t = "e" + random.nextInt(80);
            double v = random.nextInt(100);
            (i % 2 == 0 ? day1 : day2).addTrade(s, "R" + s.length(), t, "R" + t.length(), 1, v);
            all.addTrade(s, "R" + s.length(), t, "R" + t.length(), 1, v);
        }
        TradeGraph merged = new TradeGraph();
        merged.addAll(day1);
        merged.addAll(day2);
        assertThat(merged.nodes()).isEqualTo(all.nodes());
        assertThat(merged.edges()).isEqualTo(all.edges());
        assertThat(merged.trades()).isEqualTo(all.trades());
        assertThat(merged.selfLoops()).isEqualTo(all.selfLoops());
        assertThat(merged.mutualPairs()).isEqualTo(all.mutualPairs());
        assertThat(merged.connectedTriples()).isEqualTo(all.connectedTriples());
        assertThat(merged.totalVolume()).isEqualTo(all.totalVolume());
        assertThat(merged.volumeHhi()).isCloseTo(all.volumeHhi(), within(1e-12));
        // merging does not touch the panes
        assertThat(day1.trades() + day2.trades()).isEqualTo(all.trades());
    }

    @Test
    void aCopyIsIndependent() {
        TradeGraph g = small();
        TradeGraph c = g.copy();
        assertThat(c.sameAs(g)).isTrue();
        c.addTrade("x", null, "y", null, 1, 1);
        assertThat(g.nodes()).isEqualTo(4);
        assertThat(c.nodes()).isEqualTo(6);
        g.addTrade("a", null, "c", null, 1, 1);
        assertThat(c.edge(c.nodeNumber("a"), c.nodeNumber("c"))).isEqualTo(-1);
    }

    @Test
    void serialisationRoundTripsBitForBit() throws Exception {
        TradeGraph g = small();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            g.addTrade(
                    "n" + random.nextInt(50),
                    random.nextBoolean() ? null : "R" + random.nextInt(3),
                    "n" + random.nextInt(50),
                    null,
                    1 + random.nextInt(3),
                    random.nextDouble() * 1e6);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        g.writeTo(new DataOutputStream(bytes));
        TradeGraph back =
                TradeGraph.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.sameAs(g)).isTrue();
        assertThat(back.connectedTriples()).isEqualTo(g.connectedTriples());
        assertThat(back.maxPartners()).isEqualTo(g.maxPartners());
        assertThat(back.volumeHhi()).isEqualTo(g.volumeHhi());
        assertThat(new TradeGraph().sameAs(g)).isFalse();
    }

    @Test
    void badUpdatesAreRefused() {
        TradeGraph g = new TradeGraph();
        int a = g.node("a");
        int b = g.node("b");
        assertThatThrownBy(() -> g.addTrade(a, b, 0, 1)).hasMessageContaining("count");
        assertThatThrownBy(() -> g.addTrade(a, b, 1, -1)).hasMessageContaining("volume");
        assertThatThrownBy(() -> g.addTrade(a, b, 1, Double.NaN)).hasMessageContaining("volume");
        assertThatThrownBy(() -> g.addTrade(a, 7, 1, 1)).hasMessageContaining("no node");
        assertThat(g.edges()).isZero();
    }
}
