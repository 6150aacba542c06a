package io.crosstrust.deploy.cli;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.scoring.CreditRiskJob;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.jobs.scoring.ScoringOptions;
import io.crosstrust.jobs.scoring.ScoringSettings;
import io.crosstrust.jobs.scoring.TradeWorldModel;
import io.crosstrust.jobs.warnings.RiskRules;
import io.crosstrust.jobs.warnings.WarningMetrics;
import io.crosstrust.jobs.warnings.WarningOptions;
import io.crosstrust.jobs.warnings.WarningsEvaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrust evaluate ...}: the outputs measured against a labelled generated world. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Measures the outputs against the ground truth of a generated world.",
        subcommands = {EvaluateCommand.Warnings.class, CommandLine.HelpCommand.class})
public final class EvaluateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code crosstrust evaluate warnings [--seed N] [--entities N] [--json]}. */
    @Command(
            name = "warnings",
            mixinStandardHelpOptions = true,
            description = {
                "Runs a labelled generated world through the real credit-risk job (an embedded"
                        + " Kafka broker, a Flink MiniCluster, exactly-once sinks) and reports,"
                        + " per warning type and overall, precision, recall, F1, lead time before"
                        + " the default and accuracy beside the trivial baseline (definitions:"
                        + " docs/warnings.md)."
            })
    public static final class Warnings implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "3",
                description = "Seed of the world (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--entities",
                paramLabel = "N",
                defaultValue = "600",
                description = "Entities in the world (default: ${DEFAULT-VALUE}).")
        int entities;

        @Option(
                names = "--days",
                paramLabel = "N",
                defaultValue = "180",
                description = "Days of trade (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--parallelism",
                paramLabel = "N",
                defaultValue = "2",
                description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(
                names = "--model",
                paramLabel = "FILE",
                description =
                        "Model artifact to score with (default: the model trained on generated"
                                + " worlds, jobs/src/main/resources/.../trade-world-model.json).")
        Path model;

        @Option(
                names = "--rules",
                paramLabel = "FILE",
                description = "Risk rules JSON (default: the shipped defaults).")
        Path rules;

        @Option(
                names = "--timeout",
                paramLabel = "S",
                defaultValue = "1200",
                description =
                        "Give up when the job has not consumed the world after S seconds (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(
                names = "--json",
                description = "End with one JSON object of the figures on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (entities < 10) {
                throw new IllegalArgumentException("--entities must be >= 10, got " + entities);
            }
            if (days < 30) {
                throw new IllegalArgumentException("--days must be >= 30, got " + days);
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException(
                        "--parallelism must be >= 1, got " + parallelism);
            }
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout must be >= 1, got " + timeoutSeconds);
            }
            for (Path f : new Path[] {model, rules}) {
                if (f != null && !Files.isRegularFile(f)) {
                    throw new IllegalArgumentException(
                            (f == model ? "--model" : "--rules") + ": no such file " + f);
                }
            }
            Configuration files = new Configuration();
            if (model != null) {
                files.set(ScoringOptions.MODEL_FILE, model.toString());
            }
            if (rules != null) {
                files.set(WarningOptions.RULES_FILE, rules.toString());
            }
            byte[] initialModel =
                    model != null
                            ? CreditRiskJob.initialModel(files)
                            : ModelUpdates.json(TradeWorldModel.shipped());
            RiskRules initialRules = CreditRiskJob.initialRules(files);
            TradeWorldConfig world =
                    TradeWorldConfig.builder().seed(seed).entities(entities).days(days).build();

            PrintWriter out = spec.commandLine().getOut();
            long started = System.nanoTime();
            List<RiskWarning> warnings;
            WarningsEvaluation.Published published;
            try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
                String bootstrap = kafka.bootstrapServers();
                WarningsEvaluation.createTopics(bootstrap);
                published = WarningsEvaluation.publish(bootstrap, world);
                out.printf(
                        "published %d trade events of world seed %d (%d entities, %d days) in %.1f s%n",
                        published.events(),
                        seed,
                        entities,
                        days,
                        (System.nanoTime() - started) / 1e9);
                out.flush();
                Configuration conf = new Configuration();
                conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
                WarningsEvaluation.wire(
                        env,
                        bootstrap,
                        null,
                        initialModel,
                        initialRules,
                        ScoringSettings.defaults(),
                        Duration.ofSeconds(1),
                        UnaryOperator.identity());
                long jobStart = System.nanoTime();
                JobClient job = env.executeAsync("crosstrust evaluate warnings");
                try {
                    WarningsEvaluation.awaitCaughtUp(
                            bootstrap, Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(3));
                } finally {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
                out.printf(
                        "the credit-risk job consumed them in %.1f s (parallelism %d)%n",
                        (System.nanoTime() - jobStart) / 1e9, parallelism);
                warnings =
                        WarningsEvaluation.readCommitted(
                                bootstrap, Topics.RISK_WARNINGS, RiskWarning.class);
            }
            WarningMetrics.Report report = WarningMetrics.evaluate(warnings, published.truth());
            String text = report.toText();
            out.print(text.endsWith("\n") ? text : text + "\n");
            if (json) {
                out.println(report.toJson());
            }
            return 0;
        }
    }
}
