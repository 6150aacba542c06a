package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.scoring.ScoringOptions;
import io.crosstrust.jobs.warnings.WarningsEvaluation;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sustained throughput of the credit-risk job (scoring + warnings, exactly-once Kafka sinks, no
 * ClickHouse) through a real Kafka broker, and event-to-warning latency at half that throughput,
 * beside the limit, in one run and one JVM:
 *
 * <ol>
 *   <li>an embedded broker; a generated world ({@code --entities}, {@code --days}, {@code --seed})
 *       published to trade.events by {@link WarningsEvaluation#publish};
 *   <li><b>limit</b>: one plain consumer (read_committed) reads and Avro-decodes that backlog;
 *   <li><b>throughput</b>: the job on a MiniCluster ({@link EmbeddedCreditRisk}) consumes the
 *       backlog; the rate from its group's first offset commit to the commit of the end offsets
 *       (commits come with checkpoints, so start-up is excluded and only committed work counts);
 *   <li><b>latency</b>: the world continued past its last day ({@link PacedTradeFeed}) at half that
 *       rate while the job runs (a few seconds of warm-up, then the measured window), and a
 *       read_committed consumer of risk.warnings ({@link WarningTap}); {@link WarningLatency} says
 *       what is measured. Once at {@code --checkpoint-ms}, then again after a stop with savepoint
 *       and a restart at {@code --short-checkpoint-ms}.
 * </ol>
 *
 * Figures are wall clock on a shared machine: the broker, the job, the feed and the consumers all
 * share this JVM and its cores.
 */
@Command(
        name = "credit-risk",
        mixinStandardHelpOptions = true,
        description =
                "Credit-risk job (scoring + warnings) throughput and event-to-warning latency at half"
                        + " load, beside a plain consumer's read+decode rate of trade.events.")
public final class CreditRiskBench implements Callable<Integer> {
    static final long GOAL_EVENTS_PER_S_PER_CORE = 25_000;
    static final long GOAL_P99_MS = 250;
    private static final Duration WARMUP = Duration.ofSeconds(3);

    @Spec CommandSpec spec;

    @Option(
            names = "--entities",
            defaultValue = "500",
            description = "Entities in the generated world (default: ${DEFAULT-VALUE}).")
    int entities;

    @Option(
            names = "--days",
            defaultValue = "180",
            description = "Days of the world in the backlog (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "1000",
            description =
                    "Checkpoint interval of the throughput run and the first latency run"
                            + " (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Option(
            names = "--short-checkpoint-ms",
            defaultValue = "200",
            description =
                    "Checkpoint interval of the second latency run (default: ${DEFAULT-VALUE}).")
    long shortCheckpointMs;

    @Option(
            names = "--latency-seconds",
            defaultValue = "30",
            description =
                    "Length of each measured latency window, after "
                            + "3 s of warm-up (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TradeWorldConfig world = validate();
        PrintWriter out = spec.commandLine().getOut();
        int cores = Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        out.printf(
                "credit-risk bench: %,d entities, %d days, seed %d, parallelism %d on %d"
                        + " available core(s), load average %.2f%n",
                entities,
                days,
                seed,
                parallelism,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        Path savepoints = Files.createTempDirectory("crosstrust-bench-credit-risk");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            WarningsEvaluation.createTopics(bootstrap);
            long t0 = System.nanoTime();
            long events = WarningsEvaluation.publish(bootstrap, world).events();
            if (admin.endOffsetSum(Topics.TRADE_EVENTS) != events) {
                throw new IllegalStateException("trade.events does not hold the backlog alone");
            }
            out.printf(
                    "published %,d trade events to %s in %.1f s%n",
                    events, Topics.TRADE_EVENTS, (System.nanoTime() - t0) / 1e9);

            double limit =
                    TradeFlowBench.rawConsumeDecodeRate(bootstrap, Topics.TRADE_EVENTS, events);
            out.printf("limit: plain consumer read + Avro decode   %,12.0f events/s%n", limit);

            try (PacedTradeFeed feed = PacedTradeFeed.after(bootstrap, world)) {
                if (feed.skipped() != events) {
                    throw new IllegalStateException(
                            "the continued world skipped "
                                    + feed.skipped()
                                    + " events, the backlog holds "
                                    + events);
                }
                Throughput throughput;
                double rate; // the latency runs' load: half the measured throughput
                WarningLatency.Figures normal;
                WarningLatency.Figures fast;
                Measured normalWindow;
                Measured fastWindow;
                String savepoint;
                try (EmbeddedCreditRisk job =
                        EmbeddedCreditRisk.start(
                                bootstrap, parallelism, Duration.ofMillis(checkpointMs), null)) {
                    throughput = measureThroughput(job, admin, events);
                    out.printf(
                            "credit-risk job, checkpoints every %,d ms   %,12.0f events/s"
                                    + "   (%,.0f per core on %d; %,.0f incl. start-up; %.2f cores"
                                    + " busy in this JVM)%n",
                            checkpointMs,
                            throughput.eventsPerSecond(),
                            throughput.eventsPerSecond() / cores,
                            cores,
                            throughput.inclStartup(),
                            throughput.coresBusy());
                    out.printf(
                            "ratio job / limit                           %12.2f%n",
                            throughput.eventsPerSecond() / limit);
                    rate = throughput.eventsPerSecond() / 2;
                    out.printf(
                            "latency at 50%% load (%,.0f events/s), checkpoints every %,d ms,"
                                    + " %d s ...%n",
                            rate, checkpointMs, latencySeconds);
                    normalWindow = latencyWindow(job, admin, feed, bootstrap, rate);
                    normal = normalWindow.figures();
                    print(out, normal, normalWindow.window());
                    savepoint = job.stopWithSavepoint(savepoints);
                }
                out.printf(
                        "latency at 50%% load (%,.0f events/s), checkpoints every %,d ms (restarted"
                                + " from a savepoint), %d s ...%n",
                        rate, shortCheckpointMs, latencySeconds);
                try (EmbeddedCreditRisk job =
                        EmbeddedCreditRisk.start(
                                bootstrap,
                                parallelism,
                                Duration.ofMillis(shortCheckpointMs),
                                savepoint)) {
                    job.awaitRunning(Duration.ofMinutes(2));
                    fastWindow = latencyWindow(job, admin, feed, bootstrap, rate);
                    fast = fastWindow.figures();
                    print(out, fast, fastWindow.window());
                }
                double perCore = throughput.eventsPerSecond() / cores;
                out.printf(
                        "summary: %,.0f events/s per core (goal >= %,d: %s); p99 event append ->"
                                + " warning append %,d ms at %,d ms checkpoints, %,d ms at %,d ms"
                                + " (goal <= %d: %s / %s); load average %.2f%n",
                        perCore,
                        GOAL_EVENTS_PER_S_PER_CORE,
                        perCore >= GOAL_EVENTS_PER_S_PER_CORE ? "MET" : "MISSED",
                        normal.append().p99(),
                        checkpointMs,
                        fast.append().p99(),
                        shortCheckpointMs,
                        GOAL_P99_MS,
                        met(normal.append().p99()),
                        met(fast.append().p99()),
                        loadAverage());
                if (json) {
                    out.println(
                            new JsonSummary()
                                    .put("entities", entities)
                                    .put("days", days)
                                    .put("seed", seed)
                                    .put("events", events)
                                    .put("parallelism", parallelism)
                                    .put("cores", cores)
                                    .put("checkpoint_ms", checkpointMs)
                                    .put("limit_events_per_s", Math.round(limit))
                                    .put("events_per_s", Math.round(throughput.eventsPerSecond()))
                                    .put("events_per_s_per_core", Math.round(perCore))
                                    .put(
                                            "events_per_s_incl_startup",
                                            Math.round(throughput.inclStartup()))
                                    .put(
                                            "ratio_to_limit",
                                            round3(throughput.eventsPerSecond() / limit))
                                    .put("cores_busy", round3(throughput.coresBusy()))
                                    .put("goal_events_per_s_per_core", GOAL_EVENTS_PER_S_PER_CORE)
                                    .put("latency_target_events_per_s", Math.round(rate))
                                    .put(
                                            "latency_events_per_s",
                                            Math.round(normalWindow.window().ratePerSecond()))
                                    .put("latency_events", normalWindow.window().sent())
                                    .put("latency_p50_ms", normal.append().p50())
                                    .put("latency_p99_ms", normal.append().p99())
                                    .put("latency_max_ms", normal.append().max())
                                    .put("visible_latency_p50_ms", normal.visible().p50())
                                    .put("visible_latency_p99_ms", normal.visible().p99())
                                    .put("visible_latency_max_ms", normal.visible().max())
                                    .put("warnings_measured", normal.measured())
                                    .put("warnings_skipped", normal.skipped())
                                    .put("warnings_event_triggered", normal.eventTriggered())
                                    .put("cause_latency_p50_ms", normal.causeAppend().p50())
                                    .put("cause_latency_p99_ms", normal.causeAppend().p99())
                                    .put(
                                            "cause_visible_latency_p99_ms",
                                            normal.causeVisible().p99())
                                    .put("warnings_with_cause", normal.causes())
                                    .put("goal_p99_ms", GOAL_P99_MS)
                                    .put("short_checkpoint_ms", shortCheckpointMs)
                                    .put(
                                            "short_latency_events_per_s",
                                            Math.round(fastWindow.window().ratePerSecond()))
                                    .put("short_latency_p50_ms", fast.append().p50())
                                    .put("short_latency_p99_ms", fast.append().p99())
                                    .put("short_latency_max_ms", fast.append().max())
                                    .put("short_visible_latency_p50_ms", fast.visible().p50())
                                    .put("short_visible_latency_p99_ms", fast.visible().p99())
                                    .put("short_visible_latency_max_ms", fast.visible().max())
                                    .put("short_warnings_measured", fast.measured())
                                    .put("short_cause_latency_p99_ms", fast.causeAppend().p99())
                                    .put(
                                            "short_cause_visible_latency_p99_ms",
                                            fast.causeVisible().p99())
                                    .put("load_average", round3(loadAverage()))
                                    .toJson());
                }
            }
        } finally {
            deleteRecursively(savepoints);
        }
        out.flush();
        return 0;
    }

    /** Checks every option before anything starts; the backlog's world. */
    private TradeWorldConfig validate() {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
        }
        if (days < 1) {
            throw new IllegalArgumentException("--days must be >= 1, got " + days);
        }
        if (checkpointMs < 10 || shortCheckpointMs < 10) {
            throw new IllegalArgumentException(
                    "--checkpoint-ms and --short-checkpoint-ms must be >= 10, got "
                            + checkpointMs
                            + " and "
                            + shortCheckpointMs);
        }
        if (latencySeconds < 1) {
            throw new IllegalArgumentException(
                    "--latency-seconds must be >= 1, got " + latencySeconds);
        }
        // the world's own checks: --entities in range and so on (IllegalArgumentException)
        return TradeWorldConfig.builder().seed(seed).entities(entities).days(days).build();
    }

    /** Throughput over the pre-published backlog. */
    record Throughput(double eventsPerSecond, double inclStartup, double coresBusy) {}

    private static Throughput measureThroughput(
            EmbeddedCreditRisk job, TopicAdmin admin, long events) throws InterruptedException {
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long firstNanos = 0;
        long firstCommitted = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            job.checkRunning();
            long lag = job.lag(admin);
            long now = System.nanoTime();
            long committed = events - Math.min(lag, events);
            if (firstNanos == 0 && committed > 0) {
                firstNanos = now;
                firstCommitted = committed;
            }
            if (lag == 0) {
                double inclStartup = events / ((now - job.submittedNanos()) / 1e9);
                double cores =
                        (os.getProcessCpuTime() - cpu0) / (double) (now - job.submittedNanos());
                // with a backlog done before the second commit there is no steady figure:
                // report the one from submission then
                double steady =
                        committed > firstCommitted && now > firstNanos
                                ? (committed - firstCommitted) / ((now - firstNanos) / 1e9)
                                : inclStartup;
                return new Throughput(steady, inclStartup, cores);
            }
            if (now > deadline) {
                throw new IllegalStateException(
                        "the job consumed " + committed + " of " + events + " within 30 min");
            }
            Thread.sleep(100);
        }
    }

    private record Measured(PacedTradeFeed.Window window, WarningLatency.Figures figures) {}

    private Measured latencyWindow(
            EmbeddedCreditRisk job,
            TopicAdmin admin,
            PacedTradeFeed feed,
            String bootstrap,
            double rate)
            throws Exception {
        List<WarningLatency.Observed> observed;
        PacedTradeFeed.Window window;
        try (WarningTap tap = WarningTap.fromEnd(bootstrap)) {
            feed.publish(rate, WARMUP, false);
            job.checkRunning();
            window = feed.publish(rate, Duration.ofSeconds(latencySeconds), true);
            job.awaitCaughtUp(admin, Duration.ofMinutes(10));
            // the outputs commit with the offsets; give the last transactions time to show
            Thread.sleep(job.checkpoint().toMillis() + 1000);
            observed = tap.stop();
        }
        return new Measured(
                window,
                WarningLatency.measure(
                        window.published(),
                        observed,
                        ScoringOptions.MAX_OUT_OF_ORDERNESS.defaultValue().toMillis()));
    }

    private static void print(
            PrintWriter out, WarningLatency.Figures f, PacedTradeFeed.Window window) {
        out.printf(
                "  sent %,d events at %,.0f events/s; %,d warnings measured (%,d raised by their"
                        + " newest evidence event, the rest by event-time timers), %,d skipped"
                        + " (no evidence from this window; %,d of them cite none)%n",
                window.sent(),
                window.ratePerSecond(),
                f.measured(),
                f.eventTriggered(),
                f.skipped(),
                f.withoutEvidence());
        out.printf("  %-50s %8s %8s %8s%n", "latency, ms", "p50", "p99", "max");
        line(out, "newest evidence append -> warning append", f.append(), true);
        line(out, "newest evidence append -> warning visible", f.visible(), false);
        line(out, "cause append -> warning append (" + f.causes() + ")", f.causeAppend(), false);
        line(out, "cause append -> warning visible", f.causeVisible(), false);
    }

    private static void line(
            PrintWriter out, String what, WarningLatency.Percentiles p, boolean goal) {
        out.printf(
                "  %-50s %,8d %,8d %,8d%s%n",
                what,
                p.p50(),
                p.p99(),
                p.max(),
                goal ? "   goal p99 <= " + GOAL_P99_MS + " ms  " + met(p.p99()) : "");
    }

    private static String met(long p99) {
        return p99 <= GOAL_P99_MS ? "MET" : "MISSED";
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
