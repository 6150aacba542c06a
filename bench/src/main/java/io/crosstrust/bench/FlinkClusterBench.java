package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.deploy.stack.EmbeddedFlow;
import io.crosstrust.deploy.stack.LocalStack;
import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.deploy.stack.TopicCounter;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.jobs.cluster.StandaloneFlinkCluster;
import io.crosstrust.jobs.tradeflow.TradeFlowJob;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The trade flow on Flink's MiniCluster (one JVM, as {@code ./crosstrust run}) and on a standalone
 * session cluster (a JobManager and TaskManagers as separate processes, the shaded job jar
 * submitted over REST, as a production cluster runs it), same backlog, same parallelism, same
 * checkpoint interval: throughput side by side. The MiniCluster run reads the backlog first (its
 * own consumer group), then the cluster run reads it again with another group and transactional id
 * prefix; each rate is counted on trade.events (read_committed) from its first committed record to
 * its last, so job start-up and submission are not counted.
 */
@Command(
        name = "flink-cluster",
        mixinStandardHelpOptions = true,
        description =
                "Trade flow throughput on the MiniCluster and on a standalone Flink cluster"
                        + " (separate JobManager/TaskManager processes), side by side.")
public final class FlinkClusterBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--events",
            defaultValue = "200000",
            description = "Backlog size (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description =
                    "Flink parallelism; the cluster gets this many TaskManagers of one slot each"
                            + " (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "1000",
            description = "Checkpoint interval of both runs (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (events < 10_000) {
            throw new IllegalArgumentException(
                    "--events must be >= 10000 for a meaningful rate, got " + events);
        }
        if (parallelism < 1 || parallelism > 8) {
            throw new IllegalArgumentException("--parallelism must be 1..8, got " + parallelism);
        }
        if (checkpointMs < 100) {
            throw new IllegalArgumentException(
                    "--checkpoint-ms must be >= 100, got " + checkpointMs);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path jobJar = StandaloneFlinkCluster.builtJobJar();
        Path dir = ProjectRoot.find().resolve(".crosstrust/bench-flink-cluster");
        Duration checkpoint = Duration.ofMillis(checkpointMs);
        TradeWorldConfig world = TradeWorldConfig.builder().seed(1).maxEvents(events).build();
        try (LocalStack stack =
                LocalStack.start(
                        StackSettings.resolve(Map.of(), Map.of(), null),
                        dir.resolve("stack"),
                        out::println,
                        false)) {
            TradeFlowBench.loadBacklog(stack, world, events, out);

            double miniRate;
            double clusterRate;
            try (TopicCounter counter =
                    new TopicCounter(stack.bootstrapServers(), List.of(Topics.TRADE_EVENTS))) {
                try (EmbeddedFlow flow = EmbeddedFlow.start(stack, parallelism, checkpoint)) {
                    miniRate =
                            TradeFlowBench.committedRate(
                                    counter,
                                    Topics.TRADE_EVENTS,
                                    0,
                                    events,
                                    Duration.ofMinutes(15));
                }
                out.printf(
                        "MiniCluster (1 JVM, parallelism %d)                %,10.0f events/s%n",
                        parallelism, miniRate);

                long before = counter.count(Topics.TRADE_EVENTS);
                out.printf(
                        "starting a standalone cluster: 1 JobManager + %d TaskManagers (1 slot"
                                + " each) ...%n",
                        parallelism);
                try (StandaloneFlinkCluster cluster =
                        StandaloneFlinkCluster.builder(
                                        Files.createDirectories(dir.resolve("cluster")))
                                .taskManagers(parallelism)
                                .slotsPerTaskManager(1)
                                .environment(
                                        TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV,
                                        stack.clickhouse().password())
                                .start()) {
                    String jobId =
                            cluster.submit(
                                    jobJar,
                                    TradeFlowJob.class.getName(),
                                    List.of(
                                            "--" + TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
                                            stack.bootstrapServers(),
                                            "--" + TradeFlowOptions.CLICKHOUSE_URL.key(),
                                            stack.clickhouse().url(),
                                            "--" + TradeFlowOptions.CLICKHOUSE_USER.key(),
                                            stack.clickhouse().user(),
                                            "--" + TradeFlowOptions.CLICKHOUSE_DATABASE.key(),
                                            stack.clickhouse().database(),
                                            "--" + TradeFlowOptions.GROUP_ID.key(),
                                            EmbeddedFlow.GROUP_ID + "-cluster",
                                            "--" + TradeFlowOptions.TRANSACTIONAL_ID_PREFIX.key(),
                                            "crosstrust-trade-flow-cluster",
                                            "--" + TradeFlowOptions.CHECKPOINT_INTERVAL.key(),
                                            checkpointMs + " ms"),
                                    parallelism);
                    cluster.awaitJobState(jobId, Set.of("RUNNING"), Duration.ofMinutes(2));
                    clusterRate =
                            TradeFlowBench.committedRate(
                                    counter,
                                    Topics.TRADE_EVENTS,
                                    before,
                                    events,
                                    Duration.ofMinutes(15));
                    cluster.cancel(jobId);
                }
            }
            out.printf(
                    "standalone cluster (%d TaskManager processes)      %,10.0f events/s%n",
                    parallelism, clusterRate);
            out.printf(
                    "ratio cluster / MiniCluster                        %10.2f%n",
                    clusterRate / miniRate);
            if (json) {
                out.println(
                        new JsonSummary()
                                .put("events", events)
                                .put("parallelism", parallelism)
                                .put("checkpoint_ms", checkpointMs)
                                .put("minicluster_events_per_s", Math.round(miniRate))
                                .put("cluster_events_per_s", Math.round(clusterRate))
                                .put("ratio", Math.round(clusterRate / miniRate * 1000) / 1000.0)
                                .toJson());
            }
        }
        return 0;
    }
}
