package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.models.scoring.CreditModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The risk teams' commands on real servers: {@code warnings tail} on a real broker (committed
 * warnings only, filters), and {@code evaluate warnings} running a small labelled world through the
 * real job on a MiniCluster.
 */
class WarningsCliITCase {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void tailShowsCommittedWarningsThatPassTheFilters() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
            EventCodec codec = EventCodec.standard();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tail-it");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (RiskWarning w :
                        List.of(
                                WarningsCommandTest.warning(
                                        "w1", "E-1", "EU", WarningType.BUST_OUT, Severity.HIGH),
                                WarningsCommandTest.warning(
                                        "w2", "E-2", "EU", WarningType.DISPUTE_SPIKE, Severity.LOW),
                                WarningsCommandTest.warning(
                                        "w3",
                                        "E-3",
                                        "APAC",
                                        WarningType.LIMIT_BREACH,
                                        Severity.CRITICAL),
                                WarningsCommandTest.warning(
                                        "w4",
                                        "E-4",
                                        "EU",
                                        WarningType.SCORE_DROP,
                                        Severity.CRITICAL))) {
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.RISK_WARNINGS,
                                    w.getEntityId().getBytes(),
                                    codec.encode(w)));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(
                        new ProducerRecord<>(
                                Topics.RISK_WARNINGS,
                                "E-5".getBytes(),
                                codec.encode(
                                        WarningsCommandTest.warning(
                                                "aborted",
                                                "E-5",
                                                "EU",
                                                WarningType.BUST_OUT,
                                                Severity.CRITICAL))));
                producer.flush();
                producer.abortTransaction();
            }

            assertThat(
                            run(
                                    "warnings",
                                    "tail",
                                    "--kafka",
                                    kafka.bootstrapServers(),
                                    "--from-beginning",
                                    "--severity",
                                    "HIGH",
                                    "--region",
                                    "EU",
                                    "--limit",
                                    "2"))
                    .as(err.toString())
                    .isZero();
            List<String> lines = Arrays.asList(out.toString().split("\n"));
            assertThat(lines.get(0))
                    .startsWith("following risk.warnings on " + kafka.bootstrapServers())
                    .contains("severity >= HIGH, region EU");
            List<String> shown = lines.stream().filter(l -> l.contains("RAISED:")).toList();
            assertThat(shown).hasSize(2);
            assertThat(String.join("\n", shown))
                    .contains("because w1")
                    .contains("because w4")
                    .doesNotContain("because w2") // LOW
                    .doesNotContain("because w3") // APAC
                    .doesNotContain("because aborted"); // never committed
        }
    }

    @Test
    void publishChecksTheFileThenHandsItToTheJobsTopic(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(1), (short) 1);
            Path model = dir.resolve("model.json");
            Files.write(model, ModelUpdates.json(CreditModel.builtIn()));
            Path rules = dir.resolve("rules.json");
            Files.writeString(
                    rules, "{\"version\": 7, \"rules\": {\"BUST_OUT\": {\"min_ratio\": 6}}}");
            Path badRules = dir.resolve("bad.json");
            Files.writeString(
                    badRules, "{\"version\": 8, \"rules\": {\"BUST_OUT\": {\"min_ratio\": -1}}}");
            String b = kafka.bootstrapServers();

            assertThat(run("publish", "model", model.toString(), "--kafka", b))
                    .as(err.toString())
                    .isZero();
            assertThat(out.toString())
                    .contains("published model " + CreditModel.builtIn().id())
                    .contains("to model.updates/0/0");
            assertThat(run("publish", "rules", rules.toString(), "--kafka", b)).isZero();
            assertThat(out.toString()).contains("published rule set version 7 to risk.rules/0/0");
            assertThat(run("publish", "rules", badRules.toString(), "--kafka", b)).isEqualTo(2);
            assertThat(err.toString())
                    .contains("is not a valid rule set")
                    .contains("BUST_OUT.min_ratio");
            assertThat(run("publish", "model", rules.toString(), "--kafka", b)).isEqualTo(2);
            assertThat(err.toString()).contains("is not a loadable model");

            // the two valid files went out; the refused ones never reached a topic
            assertThat(admin.endOffsetSum(Topics.MODEL_UPDATES)).isEqualTo(1);
            assertThat(admin.endOffsetSum(Topics.RISK_RULES)).isEqualTo(1);
        }
    }

    @Test
    void evaluateWarningsReportsTheFiguresOfASmallWorld() {
        assertThat(
                        run(
                                "evaluate",
                                "warnings",
                                "--seed",
                                "3",
                                "--entities",
                                "120",
                                "--days",
                                "120",
                                "--json"))
                .as(err.toString())
                .isZero();
        String[] lines = out.toString().split("\n");
        String json = lines[lines.length - 1];
        assertThat(out.toString()).contains("OVERALL (misbehaved)").contains("BUST_OUT");
        assertThat(json)
                .startsWith("{")
                .contains("\"precision\":")
                .contains("\"recall\":")
                .contains("\"f1\":")
                .contains("\"lead_time_median_s\":")
                .contains("\"baseline_accuracy\":")
                .contains("\"per_type\":{");
        double precision = number(json, "precision");
        double recall = number(json, "recall");
        assertThat(precision).isBetween(0.5, 1.0);
        assertThat(recall).isBetween(0.5, 1.0);
        assertThat(number(json, "accuracy")).isGreaterThan(number(json, "baseline_accuracy"));
    }

    /** The first value of a key in the JSON line (the overall figures come before per_type). */
    private static double number(String json, String key) {
        int i = json.indexOf("\"" + key + "\":") + key.length() + 3;
        int j = i;
        while (j < json.length() && "0123456789.-".indexOf(json.charAt(j)) >= 0) {
            j++;
        }
        return Double.parseDouble(json.substring(i, j));
    }
}
