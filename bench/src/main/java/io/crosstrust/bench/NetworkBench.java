package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.network.graph.NetworkFigures;
import io.crosstrust.jobs.network.graph.TradeGraph;
import io.crosstrust.jobs.network.graph.TradeNetworkAnalysis;
import io.crosstrust.jobs.network.graph.TradeNetworkReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The trade-network library at scale (docs/network.md): a random directed graph of N nodes and M
 * distinct edges (uniform pairs, weights 1..100), built one update at a time through the
 * incremental {@link TradeGraph}, then every figure recomputed from scratch by {@link
 * TradeNetworkAnalysis}, stage by stage. Single thread, in this JVM. Goals: density, degrees and
 * components within 1 s each; at least 1,000,000 incremental edge updates per second per core.
 *
 * <p>Figures are wall-clock medians of {@code --runs} runs after one warm-up run; the random pairs
 * are drawn before timing starts.
 */
@Command(
        name = "network",
        mixinStandardHelpOptions = true,
        description =
                "Trade-network metrics on a large random graph: full recompute time per metric and"
                        + " incremental edge updates/s, beside the goals.")
public final class NetworkBench implements Callable<Integer> {
    static final double GOAL_RECOMPUTE_SECONDS = 1.0;
    static final double GOAL_UPDATES_PER_SECOND = 1_000_000;

    @Spec CommandSpec spec;

    @Option(
            names = "--nodes",
            defaultValue = "100000",
            description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--edges",
            defaultValue = "1000000",
            description = "Distinct directed edges (default: ${DEFAULT-VALUE}).")
    int edges;

    @Option(
            names = "--pivots",
            defaultValue = "64",
            description = "Betweenness sources (sampled; default: ${DEFAULT-VALUE}).")
    int pivots;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Measured runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    /** Runs it alone (until it is registered under {@code ./crosstrust bench}). */
    public static void main(String[] args) {
        picocli.CommandLine cli = new picocli.CommandLine(new NetworkBench());
        cli.setExecutionExceptionHandler(
                io.crosstrust.deploy.cli.Crosstrust.commandLine().getExecutionExceptionHandler());
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        if (nodes < 3 || edges < 1 || (double) edges > (double) nodes * (nodes - 1) / 2) {
            throw new IllegalArgumentException(
                    "need --nodes >= 3 and 1 <= --edges <= nodes (nodes - 1) / 2");
        }
        if (runs < 1 || pivots < 1) {
            throw new IllegalArgumentException("--runs and --pivots must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "network bench: %,d nodes, %,d edges, seed %d, %d runs + 1 warm-up, %d core(s)"
                        + " available%n",
                nodes, edges, seed, runs, Runtime.getRuntime().availableProcessors());

        // the update stream: M distinct pairs first (every update creates an edge), then M
        // updates to random existing edges
        SplittableRandom random = new SplittableRandom(seed);
        int[] sources = new int[edges * 2];
        int[] targets = new int[edges * 2];
        double[] weights = new double[edges * 2];
        fillDistinctPairs(random, sources, targets, weights);
        for (int i = edges; i < edges * 2; i++) {
            int j = random.nextInt(edges);
            sources[i] = sources[j];
            targets[i] = targets[j];
            weights[i] = 1 + random.nextInt(100);
        }

        List<Double> newEdgeRates = new ArrayList<>();
        List<Double> existingEdgeRates = new ArrayList<>();
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        List<Long> totals = new ArrayList<>();
        NetworkFigures figures = null;
        AnalysisSettings full =
                AnalysisSettings.DEFAULTS
                        .withBetweenness(0, pivots)
                        .withTimeBudget(Duration.ofMinutes(30));
        for (int run = 0; run <= runs; run++) {
            TradeGraph g = new TradeGraph(nodes, edges);
            for (int v = 0; v < nodes; v++) {
                g.node("e" + v);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < edges; i++) {
                g.addTrade(sources[i], targets[i], 1, weights[i]);
            }
            long t1 = System.nanoTime();
            for (int i = edges; i < edges * 2; i++) {
                g.addTrade(sources[i], targets[i], 1, weights[i]);
            }
            long t2 = System.nanoTime();
            if (g.edges() != edges) {
                throw new IllegalStateException("built " + g.edges() + " edges, not " + edges);
            }
            long start = System.nanoTime();
            TradeNetworkReport report = TradeNetworkAnalysis.analyse(g, full);
            long total = System.nanoTime() - start;
            if (run == 0) {
                continue; // warm-up
            }
            newEdgeRates.add(edges / ((t1 - t0) / 1e9));
            existingEdgeRates.add(edges / ((t2 - t1) / 1e9));
            report.stageNanos()
                    .forEach((k, v) -> stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            totals.add(total);
            figures = report.figures();
        }

        double newRate = median(newEdgeRates);
        double existingRate = median(existingEdgeRates);
        double snapshot = seconds(stages.get("snapshot"));
        double density = seconds(stages.get("cheap"));
        double weak = seconds(stages.get("weak-components"));
        double strong = seconds(stages.get("strong-components"));
        double regions = seconds(stages.get("regions"));
        double order = seconds(stages.get("order"));
        double clustering = seconds(stages.get("clustering"));
        double pageRank = seconds(stages.get("pagerank"));
        double betweenness = seconds(stages.get("betweenness"));
        double topK = seconds(stages.get("top-k"));
        double total = seconds(totals);

        out.println("incremental (TradeGraph.addTrade, one thread):");
        line(out, "  new edge per update", newRate, "updates/s", GOAL_UPDATES_PER_SECOND, true);
        line(
                out,
                "  update of an existing edge",
                existingRate,
                "updates/s",
                GOAL_UPDATES_PER_SECOND,
                true);
        out.println("full recompute (median seconds):");
        line(out, "  density (from counters, O(1))", density, "s", GOAL_RECOMPUTE_SECONDS, false);
        line(out, "  degrees (CSR snapshot, O(n+m))", snapshot, "s", GOAL_RECOMPUTE_SECONDS, false);
        line(out, "  weakly connected components", weak, "s", GOAL_RECOMPUTE_SECONDS, false);
        line(out, "  strongly connected components", strong, "s", GOAL_RECOMPUTE_SECONDS, false);
        line(out, "  cross-region share (O(m))", regions, "s", -1, false);
        line(out, "  seeded node order", order, "s", -1, false);
        line(out, "  clustering + transitivity (exact)", clustering, "s", -1, false);
        out.printf(
                "  %-40s %12.3f s   (%d iterations, converged: %s)%n",
                "PageRank", pageRank, figures.pageRankIterations(), figures.pageRankConverged());
        out.printf(
                "  %-40s %12.3f s   (%d pivots, sampled; %.1f ms per source)%n",
                "betweenness",
                betweenness,
                figures.betweennessSources(),
                betweenness * 1e3 / figures.betweennessSources());
        line(out, "  top-k lists", topK, "s", -1, false);
        line(out, "  all figures", total, "s", -1, false);
        out.printf(
                "figures: density %.3g, reciprocity %.3g, transitivity %.3g, weak %d, strong %d%n",
                figures.densityDirected(),
                figures.reciprocity(),
                figures.transitivity(),
                figures.weakComponents(),
                figures.strongComponents());

        if (json) {
            out.println(
                    new JsonSummary()
                            .put("nodes", nodes)
                            .put("edges", edges)
                            .put("runs", runs)
                            .put("new_edge_updates_per_s", Math.round(newRate))
                            .put("existing_edge_updates_per_s", Math.round(existingRate))
                            .put("goal_updates_per_s", (long) GOAL_UPDATES_PER_SECOND)
                            .put("density_s", round(density))
                            .put("degrees_s", round(snapshot))
                            .put("weak_components_s", round(weak))
                            .put("strong_components_s", round(strong))
                            .put("goal_recompute_s", GOAL_RECOMPUTE_SECONDS)
                            .put("clustering_s", round(clustering))
                            .put("pagerank_s", round(pageRank))
                            .put("pagerank_iterations", figures.pageRankIterations())
                            .put("betweenness_s", round(betweenness))
                            .put("betweenness_pivots", figures.betweennessSources())
                            .put("all_figures_s", round(total))
                            .toJson());
        }
        out.flush();
        return 0;
    }

    /** Distinct directed pairs u != v into the first {@code edges} slots. */
    private void fillDistinctPairs(
            SplittableRandom random, int[] sources, int[] targets, double[] weights) {
        TradeGraph seen = new TradeGraph(nodes, edges); // reuses the edge index for dedup
        for (int v = 0; v < nodes; v++) {
            seen.node(Integer.toString(v));
        }
        int filled = 0;
        while (filled < edges) {
            int u = random.nextInt(nodes);
            int v = random.nextInt(nodes);
            if (u == v || seen.edge(u, v) >= 0) {
                continue;
            }
            seen.addTrade(u, v, 1, 0);
            sources[filled] = u;
            targets[filled] = v;
            weights[filled] = 1 + random.nextInt(100);
            filled++;
        }
    }

    private static void line(
            PrintWriter out, String what, double value, String unit, double goal, boolean atLeast) {
        String format = unit.equals("s") ? "%12.3f" : "%,12.0f";
        String figure = String.format(format, value);
        if (goal < 0) {
            out.printf("%-42s %s %s%n", what, figure, unit);
            return;
        }
        boolean met = atLeast ? value >= goal : value <= goal;
        out.printf(
                "%-42s %s %s   goal %s %s %s  %s%n",
                what,
                figure,
                unit,
                atLeast ? ">=" : "<=",
                unit.equals("s") ? String.format("%.1f", goal) : String.format("%,.0f", goal),
                unit,
                met ? "MET" : "MISSED");
    }

    private static double seconds(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1e9;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e4) / 1e4;
    }
}
