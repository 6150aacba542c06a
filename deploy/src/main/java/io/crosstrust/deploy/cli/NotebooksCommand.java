package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.stack.DemoFeed;
import io.crosstrust.deploy.stack.EmbeddedFlow;
import io.crosstrust.deploy.stack.LocalStack;
import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.jobs.network.NetworkOptions;
import io.crosstrust.jobs.scoring.GeneratedTrainingSet;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.scoring.CreditModel;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrust notebooks ...}: the Jupyter notebooks of {@code notebooks/} run headless
 * against a ClickHouse filled by a bounded pipeline run, and the point-in-time training set they
 * and the Java trainer share (docs/notebooks.md).
 */
@Command(
        name = "notebooks",
        mixinStandardHelpOptions = true,
        description = "Runs the notebooks headless; exports the point-in-time training set.",
        subcommands = {
            NotebooksCommand.Run.class,
            NotebooksCommand.TrainingSet.class,
            CommandLine.HelpCommand.class
        })
public final class NotebooksCommand implements Runnable {
    @Spec CommandSpec spec;

    /** Label column of the training set: default within the horizon after the as-of time. */
    static String labelColumn(int horizonDays) {
        return "defaulted_within_" + horizonDays + "d";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Generator settings the notebooks' world starts from: more delinquents and bust-outs, whose
     * trouble starts earlier than by default, so a short, small world (quick in the test suite)
     * still has a few hundred positive rows to train on. {@code --set} overrides them.
     */
    static final Map<String, String> RISKIER_WORLD =
            Map.of(
                    "delinquent.share", "0.2",
                    "delinquent.onsetMinDays", "5",
                    "delinquent.onsetMaxDays", "40",
                    "delinquent.rampMinDays", "20",
                    "delinquent.rampMaxDays", "50",
                    "bustOut.share", "0.06",
                    "bustOut.buildMinDays", "30",
                    "bustOut.buildMaxDays", "60");

    /** The world and the snapshots both subcommands take. */
    static final class WorldOptions {
        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "11",
                description = "Seed of the generated world (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--entities",
                paramLabel = "N",
                defaultValue = "120",
                description = "Entities in the world (default: ${DEFAULT-VALUE}).")
        int entities;

        @Option(
                names = "--days",
                paramLabel = "N",
                defaultValue = "90",
                description = "Days of trade (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--first-day",
                paramLabel = "N",
                defaultValue = "40",
                description = "First as-of day of the training set (default: ${DEFAULT-VALUE}).")
        int firstDay;

        @Option(
                names = "--step-days",
                paramLabel = "N",
                defaultValue = "3",
                description = "Days between as-of snapshots (default: ${DEFAULT-VALUE}).")
        int stepDays;

        @Option(
                names = "--horizon-days",
                paramLabel = "N",
                defaultValue = "30",
                description = "Label horizon: default within N days (default: ${DEFAULT-VALUE}).")
        int horizonDays;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description =
                        "A generator option (docs/generator.md), over the notebooks' riskier"
                                + " defaults (repeatable).")
        List<String> set = new ArrayList<>();

        @Option(
                names = "--model",
                paramLabel = "FILE",
                description =
                        "Artifact whose feature settings (half-lives) compute the features"
                                + " (default: the built-in model, the one the pipeline scores with).")
        Path model;

        TradeWorldConfig world() {
            if (entities < 10) {
                throw new IllegalArgumentException("--entities must be >= 10, got " + entities);
            }
            if (stepDays < 1 || firstDay < 1 || horizonDays < 1) {
                throw new IllegalArgumentException(
                        "--first-day, --step-days and --horizon-days must be >= 1");
            }
            if (firstDay + horizonDays > days) {
                throw new IllegalArgumentException(
                        "--first-day + --horizon-days must fit in --days ("
                                + firstDay
                                + " + "
                                + horizonDays
                                + " > "
                                + days
                                + ")");
            }
            return TradeWorldConfig.builder()
                    .seed(seed)
                    .entities(entities)
                    .days(days)
                    .setAll(RISKIER_WORLD)
                    .parse(set)
                    .build();
        }

        CreditModel creditModel() {
            if (model == null) {
                return CreditModel.builtIn();
            }
            if (!Files.isRegularFile(model)) {
                throw new IllegalArgumentException("--model: no such file " + model);
            }
            try {
                return CreditModel.fromJson(Files.readAllBytes(model));
            } catch (ArtifactException e) {
                throw new IllegalArgumentException(model + " is not a loadable model: " + e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Builds the table and writes it as CSV (and the world's outcomes when {@code outcomes} is
         * not null); returns its row and positive counts.
         */
        long[] export(CreditModel creditModel, Path csv, Path outcomes) {
            TradeWorldConfig w = world();
            Duration horizon = Duration.ofDays(horizonDays);
            List<Instant> asOf =
                    GeneratedTrainingSet.asOfInstants(
                            w, Duration.ofDays(firstDay), Duration.ofDays(stepDays), horizon);
            GeneratedTrainingSet.Result r =
                    GeneratedTrainingSet.build(w, creditModel, asOf, horizon);
            if (outcomes != null) {
                writeOutcomes(r, outcomes);
            }
            return writeCsv(r, labelColumn(horizonDays), csv);
        }
    }

    /**
     * The training table as CSV: entity_id, as_of (ISO-8601), as_of_ms, the label, then every
     * feature. Doubles are written in Java's shortest round-trip form, so Python's float() and the
     * Java CSV reader get the same binary64 values.
     */
    static long[] writeCsv(GeneratedTrainingSet.Result r, String label, Path csv) {
        TabularData data = r.data();
        List<TabularData.NumericColumn> cols = new ArrayList<>();
        for (TabularData.Column c : data.columns()) {
            cols.add((TabularData.NumericColumn) c);
        }
        long positives = 0;
        try {
            if (csv.toAbsolutePath().getParent() != null) {
                Files.createDirectories(csv.toAbsolutePath().getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                out.write("entity_id,as_of,as_of_ms," + label);
                for (TabularData.NumericColumn c : cols) {
                    out.write(',');
                    out.write(c.name());
                }
                out.write('\n');
                int[] labels = data.labels();
                for (int i = 0; i < labels.length; i++) {
                    Instant t = r.asOf().get(i);
                    out.write(r.entityIds().get(i));
                    out.write(',');
                    out.write(t.toString());
                    out.write(',');
                    out.write(Long.toString(t.toEpochMilli()));
                    out.write(',');
                    out.write(Integer.toString(labels[i]));
                    positives += labels[i];
                    for (TabularData.NumericColumn c : cols) {
                        out.write(',');
                        double v = c.values()[i];
                        out.write(Double.isNaN(v) ? "" : Double.toString(v));
                    }
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
        return new long[] {data.labels().length, positives};
    }

    /**
     * The world's ground truth per entity as CSV (entity_id, kind, region, profile, registered,
     * default_time, default_cause, misbehaved): the outcomes the warnings notebook measures
     * against.
     */
    static void writeOutcomes(GeneratedTrainingSet.Result r, Path csv) {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(
                    "entity_id,kind,region,profile,registered,default_time,default_cause,misbehaved\n");
            for (var t : r.truth().entities()) {
                out.write(
                        String.join(
                                ",",
                                t.id(),
                                t.kind().name(),
                                t.region() == null ? "" : t.region(),
                                t.profile().name(),
                                t.registered() == null ? "" : t.registered().toString(),
                                t.defaultTime() == null ? "" : t.defaultTime().toString(),
                                t.defaultCause() == null ? "" : t.defaultCause().name(),
                                t.misbehaved() ? "1" : "0"));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    /** {@code crosstrust notebooks training-set --out CSV}. */
    @Command(
            name = "training-set",
            mixinStandardHelpOptions = true,
            description = {
                "Writes the point-in-time training set of a generated world as CSV: every live"
                        + " buyer and seller every --step-days from --first-day, its features as of"
                        + " that instant (the scoring job's own code, no look-ahead) and whether it"
                        + " defaulted within --horizon-days after it (ground truth). The retraining"
                        + " notebook and `model train --streaming` read the same rows."
            })
    public static final class TrainingSet implements Callable<Integer> {
        @Spec CommandSpec spec;
        @CommandLine.Mixin WorldOptions world;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "CSV",
                description = "Where to write.")
        Path out;

        @Option(
                names = "--outcomes",
                paramLabel = "CSV",
                description = "Also write the world's ground truth per entity here.")
        Path outcomes;

        @Override
        public Integer call() {
            long started = System.nanoTime();
            long[] rp = world.export(world.creditModel(), out, outcomes);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s: %d rows, %d positives (label %s) in %.1f s%n",
                            out,
                            rp[0],
                            rp[1],
                            labelColumn(world.horizonDays),
                            (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    /** {@code crosstrust notebooks run}. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Fills a fresh embedded stack with a bounded pipeline run (a generated world through"
                        + " the trade flow, the credit-risk job and the network job into ClickHouse),"
                        + " exports the training set, then executes every notebook headless"
                        + " (jupyter nbconvert --execute, /usr/bin/python3) against it. Exit 1 when"
                        + " a cell fails; the executed notebooks and logs stay in the work dir."
            })
    public static final class Run implements Callable<Integer> {
        @Spec CommandSpec spec;
        @CommandLine.Mixin WorldOptions world;

        @Option(
                names = "--notebook",
                paramLabel = "NAME",
                description = "Run only this notebook (file name, repeatable; default: all).")
        List<String> only = new ArrayList<>();

        @Option(
                names = "--work-dir",
                paramLabel = "DIR",
                description = "Work dir (default: .crosstrust/notebooks; cleared first).")
        Path workDir;

        @Option(
                names = "--timeout",
                paramLabel = "S",
                defaultValue = "600",
                description = "Give up after S seconds per stage (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(
                names = "--json",
                description = "End with one JSON object of the figures on the last line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path root = ProjectRoot.find();
            Path nbDir = root.resolve("notebooks");
            List<Path> notebooks = notebooks(nbDir, only);
            Path jupyter = Path.of("/usr/bin/jupyter");
            if (!Files.isExecutable(jupyter)) {
                throw new IllegalStateException(
                        "no /usr/bin/jupyter: run deploy/bin/setup python (Debian's"
                                + " jupyter-nbconvert and the notebooks' packages)");
            }
            TradeWorldConfig worldConfig = world.world();
            CreditModel inForce = world.creditModel();
            PrintWriter out = spec.commandLine().getOut();
            Path dir = workDir != null ? workDir : root.resolve(".crosstrust/notebooks");
            Map<String, Object> figures = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            try (LocalStack stack =
                    LocalStack.start(
                            new StackSettings(null, null, null, "default", ""),
                            dir,
                            line -> {
                                out.println(line);
                                out.flush();
                            },
                            false)) {
                long events;
                try (EmbeddedFlow flow =
                        EmbeddedFlow.startPipelineWithNetwork(stack, 2, Duration.ofSeconds(1))) {
                    try (DemoFeed feed =
                            new DemoFeed(
                                    stack.bootstrapServers(),
                                    Topics.PLATFORM_EVENTS,
                                    new TradeWorld(worldConfig),
                                    0,
                                    0.0,
                                    world.seed)) {
                        feed.start();
                        if (!feed.awaitCompletion(Duration.ofSeconds(timeoutSeconds))) {
                            throw new IllegalStateException("the world was not published in time");
                        }
                        feed.stop();
                        events = feed.validSent();
                    }
                    awaitConsumed(
                            stack.bootstrapServers(), flow, Duration.ofSeconds(timeoutSeconds));
                    out.printf(
                            "pipeline: %d events of world seed %d (%d entities, %d days) through"
                                    + " trade flow, credit-risk and network jobs in %.1f s;"
                                    + " ClickHouse trade_events %d, credit_scores %d,"
                                    + " risk_warnings %d, network_metrics %d%n",
                            events,
                            world.seed,
                            world.entities,
                            world.days,
                            (System.nanoTime() - t0) / 1e9,
                            stack.countFinal("trade_events"),
                            stack.countFinal("credit_scores"),
                            stack.countFinal("risk_warnings"),
                            stack.countFinal("network_metrics"));
                    out.flush();
                    figures.put("events", events);
                    figures.put("pipeline_s", round1((System.nanoTime() - t0) / 1e9));

                    long t1 = System.nanoTime();
                    Path csv = dir.resolve("training-set.csv");
                    Path outcomes = dir.resolve("outcomes.csv");
                    long[] rp = world.export(inForce, csv, outcomes);
                    Path modelFile = dir.resolve("model-in-force.json");
                    Files.write(modelFile, ModelUpdates.json(inForce));
                    out.printf(
                            "training set: %d rows, %d positives -> %s (%.1f s)%n",
                            rp[0], rp[1], csv, (System.nanoTime() - t1) / 1e9);
                    out.flush();
                    figures.put("training_rows", rp[0]);
                    figures.put("training_positives", rp[1]);

                    Path executed = dir.resolve("executed");
                    Files.createDirectories(executed);
                    Map<String, String> env = new LinkedHashMap<>();
                    env.put("CROSSTRUST_HOME", root.toString());
                    env.put("CROSSTRUST_CLICKHOUSE_HOST", "127.0.0.1");
                    env.put(
                            "CROSSTRUST_CLICKHOUSE_PORT",
                            Integer.toString(stack.clickhouseNativePort()));
                    env.put("CROSSTRUST_CLICKHOUSE_URL", stack.clickhouse().url());
                    env.put("CROSSTRUST_CLICKHOUSE_USER", stack.clickhouse().user());
                    env.put("CROSSTRUST_CLICKHOUSE_DATABASE", stack.clickhouse().database());
                    env.put("CROSSTRUST_KAFKA", stack.bootstrapServers());
                    env.put("CROSSTRUST_TRAINING_SET", csv.toString());
                    env.put("CROSSTRUST_LABEL", labelColumn(world.horizonDays));
                    env.put("CROSSTRUST_OUTCOMES", outcomes.toString());
                    env.put("CROSSTRUST_MODEL_IN_FORCE", modelFile.toString());
                    env.put("CROSSTRUST_NOTEBOOK_OUT", dir.toString());
                    env.put(
                            "CROSSTRUST_JAVA",
                            ProcessHandle.current().info().command().orElse("java"));
                    env.put("CROSSTRUST_CLASSPATH", absoluteClassPath());
                    env.put("MPLBACKEND", "Agg");
                    List<Map<String, Object>> ran = new ArrayList<>();
                    for (Path nb : notebooks) {
                        long t2 = System.nanoTime();
                        String name = nb.getFileName().toString();
                        Path log = dir.resolve(name.replace(".ipynb", ".log"));
                        int rc = execute(jupyter, nb, executed, env, log, timeoutSeconds);
                        double s = (System.nanoTime() - t2) / 1e9;
                        out.printf(
                                "notebook %s: %s in %.1f s (executed copy in %s, log %s)%n",
                                name,
                                rc == 0 ? "ok" : "FAILED (exit " + rc + ")",
                                s,
                                executed,
                                log);
                        out.flush();
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("notebook", name);
                        r.put("ok", rc == 0);
                        r.put("seconds", round1(s));
                        ran.add(r);
                        if (rc != 0) {
                            spec.commandLine()
                                    .getErr()
                                    .println(
                                            "error: notebook "
                                                    + name
                                                    + " failed; the end of "
                                                    + log
                                                    + ":\n"
                                                    + tail(log, 40));
                            figures.put("notebooks", ran);
                            if (json) {
                                out.println(summary(figures));
                            }
                            return 1;
                        }
                    }
                    figures.put("notebooks", ran);
                }
            }
            figures.put("total_s", round1((System.nanoTime() - t0) / 1e9));
            out.printf(
                    "all %d notebooks ran in %.1f s%n",
                    notebooks.size(), (System.nanoTime() - t0) / 1e9);
            if (json) {
                out.println(summary(figures));
            }
            return 0;
        }

        private static String summary(Map<String, Object> figures) {
            JsonSummary j = new JsonSummary();
            figures.forEach(j::put);
            return j.toJson();
        }

        private static double round1(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    /** This JVM's classpath with absolute entries (the notebooks run in another directory). */
    static String absoluteClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** The notebooks to run: every .ipynb of notebooks/ in name order, or the named ones. */
    static List<Path> notebooks(Path nbDir, List<String> only) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(nbDir)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        if (only.isEmpty()) {
            return all;
        }
        List<Path> picked = new ArrayList<>();
        for (String name : only) {
            Path p = nbDir.resolve(name.endsWith(".ipynb") ? name : name + ".ipynb");
            if (!all.contains(p)) {
                throw new IllegalArgumentException(
                        "--notebook: no notebook " + name + " in " + nbDir);
            }
            picked.add(p);
        }
        return picked;
    }

    /**
     * Waits until the trade flow, the credit-risk job and the network job consumed everything.
     * platform.events (written by a plain producer) is done at lag 0. trade.events is written in
     * transactions, so its end offsets include commit markers that no consumer ever commits past:
     * there a group is done when its committed offset passes the partition's last data record
     * (found by reading the partition's tail read_committed).
     */
    static void awaitConsumed(String bootstrap, EmbeddedFlow flow, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            awaitCommitted(
                    admin,
                    flow,
                    EmbeddedFlow.GROUP_ID,
                    Topics.PLATFORM_EVENTS,
                    endOffsets(admin, Topics.PLATFORM_EVENTS),
                    deadline);
            Thread.sleep(2_000); // the checkpoint that committed them also commits trade.events
            Map<TopicPartition, Long> ends = lastDataOffsets(bootstrap, Topics.TRADE_EVENTS);
            awaitCommitted(
                    admin,
                    flow,
                    EmbeddedFlow.CREDIT_RISK_GROUP_ID,
                    Topics.TRADE_EVENTS,
                    ends,
                    deadline);
            awaitCommitted(
                    admin,
                    flow,
                    new Configuration().get(NetworkOptions.GROUP_ID),
                    Topics.TRADE_EVENTS,
                    ends,
                    deadline);
        }
        // one more checkpoint: the ClickHouse sinks insert a checkpoint's rows when it completed,
        // in
        // the round that committed the offsets above; this leaves them time to finish
        Thread.sleep(2_500);
    }

    private static void awaitCommitted(
            TopicAdmin admin,
            EmbeddedFlow flow,
            String group,
            String topic,
            Map<TopicPartition, Long> targets,
            long deadline)
            throws InterruptedException {
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed =
                        admin.admin()
                                .listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read offsets of " + group, e);
            }
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
                OffsetAndMetadata c = committed.get(t.getKey());
                behind += Math.max(0, t.getValue() - (c == null ? 0 : c.offset()));
            }
            if (behind == 0) {
                return;
            }
            if (flow.status().isGloballyTerminalState()) {
                throw new IllegalStateException("the pipeline stopped: " + flow.status());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        group + " did not consume " + topic + " in time (" + behind + " behind)");
            }
            Thread.sleep(500);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(TopicAdmin admin, String topic) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.admin()
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(
                            i ->
                                    request.put(
                                            new TopicPartition(topic, i.partition()),
                                            OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.admin()
                    .listOffsets(request)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Per partition: the offset after its last committed data record (0 when it has none). */
    static Map<TopicPartition, Long> lastDataOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, Long> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = partitions(c, topic);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts); // the last stable offsets
            for (TopicPartition tp : parts) {
                long from = Math.max(begin.get(tp), end.get(tp) - 1_000);
                c.assign(List.of(tp));
                c.seek(tp, from);
                long last = 0;
                boolean any = false;
                while (c.position(tp) < end.get(tp)) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        last = r.offset() + 1;
                        any = true;
                    }
                }
                if (!any && from > begin.get(tp)) {
                    throw new IllegalStateException(
                            "no data record in the last 1,000 offsets of " + tp);
                }
                out.put(tp, last);
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
    }

    /** Runs one notebook with nbconvert; returns its exit code. */
    static int execute(
            Path jupyter,
            Path notebook,
            Path outputDir,
            Map<String, String> env,
            Path log,
            long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(
                                jupyter.toString(),
                                "nbconvert",
                                "--to",
                                "notebook",
                                "--execute",
                                "--ExecutePreprocessor.timeout=" + timeoutSeconds,
                                "--ExecutePreprocessor.kernel_name=python3",
                                "--output-dir",
                                outputDir.toString(),
                                notebook.toString())
                        .directory(notebook.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        // the notebooks' python is Debian's: pyenv's shims on PATH cannot see its packages
        pb.environment().put("PATH", "/usr/bin:/bin:" + pb.environment().getOrDefault("PATH", ""));
        pb.environment().remove("PYENV_VERSION");
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds + 30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return 124;
        }
        return p.exitValue();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
