package io.crosstrust.deploy.cli;

import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.network.graph.EdgeListCsv;
import io.crosstrust.jobs.network.graph.EntityScore;
import io.crosstrust.jobs.network.graph.NetworkFigures;
import io.crosstrust.jobs.network.graph.TradeNetworkAnalysis;
import io.crosstrust.jobs.network.graph.TradeNetworkReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrust network ...}: trade-network analytics on the regulator's own data, the same
 * figures the streaming network job computes per window (docs/network.md).
 */
@Command(
        name = "network",
        mixinStandardHelpOptions = true,
        description = "Trade-network analytics on your own data (docs/network.md).",
        subcommands = {NetworkCommand.Metrics.class, CommandLine.HelpCommand.class})
public final class NetworkCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code crosstrust network metrics --edges CSV --source COL --target COL [--weight COL]}. */
    @Command(
            name = "metrics",
            mixinStandardHelpOptions = true,
            description = {
                "Network metrics of an edge list: one CSV row per trade or flow, source -> target"
                        + " (seller/exporter -> buyer/importer). Rows repeating a pair add up;"
                        + " self-loops are reported and left out of every figure.",
                "Definitions: docs/network.md."
            })
    public static final class Metrics implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--edges",
                required = true,
                paramLabel = "CSV",
                description = "The edge list: CSV with a header row (RFC 4180: quotes, CRLF).")
        Path edges;

        @Option(
                names = "--source",
                required = true,
                paramLabel = "COL",
                description = "Column of the source entity (seller, exporter).")
        String source;

        @Option(
                names = "--target",
                required = true,
                paramLabel = "COL",
                description = "Column of the target entity (buyer, importer).")
        String target;

        @Option(
                names = "--weight",
                paramLabel = "COL",
                description =
                        "Column of the row's volume (a number >= 0); without it every row weighs 1.")
        String weight;

        @Option(
                names = "--source-region",
                paramLabel = "COL",
                description = "Column of the source's region (for the cross-region edge share).")
        String sourceRegion;

        @Option(
                names = "--target-region",
                paramLabel = "COL",
                description = "Column of the target's region.")
        String targetRegion;

        @Option(
                names = "--delimiter",
                paramLabel = "CHAR",
                defaultValue = ",",
                description = "Field delimiter (default: ${DEFAULT-VALUE}).")
        char delimiter;

        @Option(
                names = "--top",
                paramLabel = "K",
                defaultValue = "10",
                description =
                        "Entities listed by PageRank and betweenness (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(
                names = "--exact-betweenness-max-nodes",
                paramLabel = "N",
                defaultValue = "2000",
                description =
                        "Exact betweenness up to N nodes, sampled above (default: ${DEFAULT-VALUE}).")
        int exactBetweennessMaxNodes;

        @Option(
                names = "--pivots",
                paramLabel = "K",
                defaultValue = "256",
                description = "Sources of sampled betweenness (default: ${DEFAULT-VALUE}).")
        int pivots;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "42",
                description = "Seed of the pivot and sample order (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--time-budget",
                paramLabel = "S",
                defaultValue = "60",
                description =
                        "Seconds for clustering, PageRank and betweenness together; past it they"
                                + " report flagged estimates (default: ${DEFAULT-VALUE}).")
        double timeBudgetSeconds;

        @Option(
                names = "--json",
                description = "End with one JSON object of the figures on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(edges)) {
                throw new IllegalArgumentException("--edges: no such file: " + edges);
            }
            if (top < 0 || pivots < 1 || exactBetweennessMaxNodes < 0) {
                throw new IllegalArgumentException(
                        "--top must be >= 0, --pivots >= 1, --exact-betweenness-max-nodes >= 0");
            }
            if (!(timeBudgetSeconds >= 0) || Double.isInfinite(timeBudgetSeconds)) {
                throw new IllegalArgumentException(
                        "--time-budget must be >= 0 seconds, got " + timeBudgetSeconds);
            }
            if ((sourceRegion == null) != (targetRegion == null)) {
                throw new IllegalArgumentException(
                        "--source-region and --target-region go together");
            }
            long started = System.nanoTime();
            EdgeListCsv.Result csv =
                    EdgeListCsv.read(
                            edges,
                            new EdgeListCsv.Columns(
                                    source, target, weight, sourceRegion, targetRegion),
                            delimiter);
            AnalysisSettings settings =
                    AnalysisSettings.DEFAULTS
                            .withTopK(top)
                            .withBetweenness(exactBetweennessMaxNodes, pivots)
                            .withSeed(seed)
                            .withTimeBudget(Duration.ofMillis(Math.round(timeBudgetSeconds * 1e3)));
            TradeNetworkReport report = TradeNetworkAnalysis.analyse(csv.graph(), settings);
            double seconds = (System.nanoTime() - started) / 1e9;
            NetworkFigures f = report.figures();
            PrintWriter out = spec.commandLine().getOut();
            print(out, csv.rows(), f, seconds);
            if (json) {
                JsonSummary summary = new JsonSummary();
                figures(csv.rows(), f, sourceRegion != null).forEach(summary::put);
                summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
                out.println(summary.toJson());
            }
            out.flush();
            return 0;
        }

        private void print(PrintWriter out, long rows, NetworkFigures f, double seconds) {
            out.printf("%s: %,d rows, %.2f s%n", edges, rows, seconds);
            for (Map.Entry<String, Object> e : figures(rows, f, sourceRegion != null).entrySet()) {
                if (e.getValue() instanceof List<?> list) {
                    out.printf("  %-32s%n", e.getKey());
                    for (Object item : list) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> score = (Map<String, Object>) item;
                        out.printf("    %-30s %.6g%n", score.get("entity_id"), score.get("value"));
                    }
                } else {
                    out.printf("  %-32s %s%n", e.getKey(), e.getValue());
                }
            }
        }

        /** The figures under the JSON keys documented in docs/network.md, in print order. */
        static Map<String, Object> figures(long rows, NetworkFigures f, boolean regions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", rows);
            m.put("nodes", f.nodes());
            m.put("edges", f.edges());
            m.put("undirected_edges", f.undirectedEdges());
            m.put("self_loops", f.selfLoops());
            m.put("total_weight", f.totalVolume());
            m.put("density_directed", f.densityDirected());
            m.put("density_undirected", f.densityUndirected());
            m.put("average_degree", f.averageDegree());
            m.put("reciprocity", f.reciprocity());
            m.put("transitivity", f.transitivity());
            m.put("average_clustering", f.averageClustering());
            m.put("clustering_exact", f.clusteringExact());
            m.put("weak_components", f.weakComponents());
            m.put("strong_components", f.strongComponents());
            m.put("largest_component_share", f.largestComponentShare());
            m.put("largest_strong_component_share", f.largestStrongComponentShare());
            m.put("degree_centralization", f.degreeCentralization());
            m.put("cross_region_edge_share", regions ? f.crossRegionEdgeShare() : null);
            m.put("volume_hhi", f.volumeHhi());
            m.put("top_pagerank", scores(f.topPageRank()));
            m.put("top_betweenness", scores(f.topBetweenness()));
            m.put("betweenness_exact", f.betweennessExact());
            m.put("betweenness_sources", f.betweennessSources());
            m.put("pagerank_iterations", f.pageRankIterations());
            m.put("pagerank_converged", f.pageRankConverged());
            return m;
        }

        private static List<Map<String, Object>> scores(List<EntityScore> scores) {
            return scores.stream()
                    .map(
                            s -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("entity_id", s.entityId());
                                m.put("value", s.value());
                                return m;
                            })
                    .toList();
        }
    }
}
