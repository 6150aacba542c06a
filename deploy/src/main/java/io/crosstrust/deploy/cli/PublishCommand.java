package io.crosstrust.deploy.cli;

import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.warnings.InvalidRulesException;
import io.crosstrust.jobs.warnings.RiskRules;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.scoring.CreditModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrust publish model|rules FILE}: hands a model artifact or a rule set to the running
 * credit-risk job, which applies it without restart (model.updates, risk.rules). The file is
 * checked here first, with the job's own validation, so a bad one is refused with the reason before
 * it reaches the topic; the job checks again and refuses anything invalid to dead.letters.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publishes a model artifact or a rule set to the running jobs.",
        subcommands = {
            PublishCommand.Model.class,
            PublishCommand.Rules.class,
            CommandLine.HelpCommand.class
        })
public final class PublishCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "model",
            mixinStandardHelpOptions = true,
            description =
                    "Publishes a model artifact (docs/model-artifact.md) to model.updates: the"
                            + " scoring job swaps to it without restart and every later score"
                            + " records its version.")
    public static final class Model implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin KafkaOptions kafka;

        @Parameters(paramLabel = "FILE", description = "The artifact (JSON).")
        Path file;

        @Override
        public Integer call() {
            byte[] json = read(file);
            CreditModel model;
            try {
                model = CreditModel.fromJson(json);
            } catch (ArtifactException e) {
                throw new IllegalArgumentException(
                        file + " is not a loadable model: " + e.getMessage());
            }
            RecordMetadata at = send(kafka.bootstrap(), Topics.MODEL_UPDATES, json);
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    "published model "
                            + model.id()
                            + " "
                            + model.version()
                            + " ("
                            + model.contentHash()
                            + ") to "
                            + position(at));
            return 0;
        }
    }

    @Command(
            name = "rules",
            mixinStandardHelpOptions = true,
            description =
                    "Publishes a risk rule set (docs/warnings.md) to risk.rules: the warning rules"
                            + " apply it without restart and every later warning names its version.")
    public static final class Rules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin KafkaOptions kafka;

        @Parameters(paramLabel = "FILE", description = "The rule set (JSON).")
        Path file;

        @Override
        public Integer call() {
            byte[] json = read(file);
            RiskRules rules;
            try {
                rules = RiskRules.parse(json);
            } catch (InvalidRulesException e) {
                throw new IllegalArgumentException(
                        file + " is not a valid rule set: " + e.getMessage());
            }
            RecordMetadata at = send(kafka.bootstrap(), Topics.RISK_RULES, json);
            spec.commandLine()
                    .getOut()
                    .println(
                            "published rule set version "
                                    + rules.version()
                                    + " to "
                                    + position(at));
            return 0;
        }
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static RecordMetadata send(String bootstrap, String topic, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic + " on " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        }
    }

    private static String position(RecordMetadata at) {
        return at.topic() + "/" + at.partition() + "/" + at.offset();
    }
}
