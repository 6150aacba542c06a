package io.crosstrust.jobs.network.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.jobs.network.testing.ReferenceNetwork;
import io.crosstrust.jobs.network.testing.Trade1985;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library on real data: the 1985 world trade network (192 countries, 12,743 arcs). */
class Trade1985NetworkTest {
    private static NetworkFigures figures;
    private static ReferenceNetwork loops;

    @BeforeAll
    static void analyse() throws Exception {
        EdgeListCsv.Result csv =
                EdgeListCsv.read(
                        Trade1985.path(),
                        EdgeListCsv.Columns.of("exporter_iso3", "importer_iso3", "value_1e8_usd"),
                        ',');
        assertThat(csv.rows()).isEqualTo(Trade1985.ARCS);
        figures =
                TradeNetworkAnalysis.analyse(
                                csv.graph(),
                                AnalysisSettings.DEFAULTS.withTimeBudget(Duration.ofMinutes(1)))
                        .figures();
        loops = Trade1985.reference();
    }

    @Test
    void densityIsArcsOverOrderedPairs() {
        assertThat(figures.nodes()).isEqualTo(Trade1985.COUNTRIES);
        assertThat(figures.edges()).isEqualTo(Trade1985.ARCS);
        assertThat(figures.selfLoops()).isZero();
        assertThat(figures.densityDirected())
                .isCloseTo(12743.0 / (192 * 191), within(1e-9))
                .isCloseTo(0.3474858, within(1e-7));
    }

    @Test
    void structureEqualsPlainLoops() {
        assertThat(figures.reciprocity()).isCloseTo(loops.reciprocity(), within(1e-12));
        assertThat(figures.transitivity()).isCloseTo(loops.transitivity(), within(1e-12));
        assertThat(figures.averageClustering()).isCloseTo(loops.averageClustering(), within(1e-12));
        assertThat(figures.densityUndirected()).isCloseTo(loops.densityUndirected(), within(1e-12));
        assertThat(figures.weakComponents()).isEqualTo(loops.weakComponents());
        assertThat(figures.strongComponents()).isEqualTo(loops.strongComponents());
        assertThat(figures.degreeCentralization())
                .isCloseTo(loops.degreeCentralization(), within(1e-12));
        assertThat(figures.clusteringExact()).isTrue();
        assertThat(figures.betweennessExact()).isTrue();
        assertThat(figures.pageRankConverged()).isTrue();
    }
}
