package io.crosstrust.deploy.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.deploy.cli.Crosstrust;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.jobs.scoring.ScoringSettings;
import io.crosstrust.jobs.warnings.RiskRules;
import io.crosstrust.jobs.warnings.WarningsEvaluation;
import io.crosstrust.models.scoring.CreditModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The notebooks in the test suite: {@code crosstrust notebooks run} fills a fresh embedded stack by
 * a bounded pipeline run and executes every notebook headless (a failing cell fails this test);
 * then the model the retraining notebook exported loads in the Java scorer and hot-swaps into a
 * running credit-risk job: published to model.updates between two halves of a world, every score of
 * the second half carries its version and none of the first does.
 */
class NotebooksITCase {
    static final String NOTEBOOK_MODEL_ID = "crosstrust-notebook-retrained";

    @TempDir Path work;

    @Test
    void theNotebooksRunHeadlessAndTheirModelHotSwapsIntoARunningJob() throws Exception {
        assertThat(Path.of("/usr/bin/jupyter"))
                .as("the notebooks' packages: run deploy/bin/setup python")
                .isExecutable();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute("notebooks", "run", "--work-dir", work.toString(), "--json");
        assertThat(rc).as(out + "\n" + err).isZero();

        JsonNode summary = lastJsonLine(out.toString());
        assertThat(summary.get("notebooks")).hasSize(3);
        assertThat(summary.get("training_positives").asLong()).isPositive();
        ObjectMapper json = new ObjectMapper();
        for (String name : NotebooksStrippedTest.EXPECTED) {
            JsonNode nb = json.readTree(work.resolve("executed").resolve(name).toFile());
            int executed = 0;
            for (JsonNode cell : nb.get("cells")) {
                if (cell.get("cell_type").asText().equals("code")) {
                    assertThat(cell.get("execution_count").isNull()).as(name).isFalse();
                    for (JsonNode o : cell.get("outputs")) {
                        assertThat(o.get("output_type").asText()).as(name).isNotEqualTo("error");
                    }
                    executed++;
                }
            }
            assertThat(executed).as(name).isPositive();
        }

        // the retraining notebook's artifact loads in the Java scorer and may replace the model
        // in force without rebuilding the keyed feature state
        byte[] artifact = Files.readAllBytes(work.resolve("retrained-model.json"));
        CreditModel retrained = CreditModel.fromJson(artifact);
        CreditModel inForce = CreditModel.builtIn();
        assertThat(retrained.id()).isEqualTo(NOTEBOOK_MODEL_ID);
        assertThat(retrained.stateCompatibleWith(inForce)).isTrue();

        hotSwap(inForce, retrained, artifact);
    }

    private static void hotSwap(CreditModel inForce, CreditModel retrained, byte[] artifact)
            throws Exception {
        TradeWorldConfig world = TradeWorldConfig.builder().seed(5).entities(80).days(50).build();
        Instant cut = world.start().plus(Duration.ofDays(30));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            String bootstrap = kafka.bootstrapServers();
            WarningsEvaluation.createTopics(bootstrap);
            WarningsEvaluation.publish(bootstrap, world, e -> e.getEventTime().isBefore(cut));
            Configuration conf = new Configuration();
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(2, conf);
            WarningsEvaluation.wire(
                    env,
                    bootstrap,
                    null,
                    ModelUpdates.json(inForce),
                    RiskRules.defaults(),
                    ScoringSettings.defaults(),
                    Duration.ofMillis(500),
                    UnaryOperator.identity());
            JobClient job = env.executeAsync("notebook model hot swap");
            try {
                Duration timeout = Duration.ofSeconds(180);
                WarningsEvaluation.awaitCaughtUp(bootstrap, timeout, Duration.ofSeconds(1));
                WarningsEvaluation.send(bootstrap, Topics.MODEL_UPDATES, artifact);
                Thread.sleep(3_000); // the update reaches every scoring instance (broadcast)
                WarningsEvaluation.publish(bootstrap, world, e -> !e.getEventTime().isBefore(cut));
                WarningsEvaluation.awaitCaughtUp(bootstrap, timeout, Duration.ofSeconds(2));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            List<CreditScore> scores =
                    WarningsEvaluation.readCommitted(
                            bootstrap, Topics.CREDIT_SCORES, CreditScore.class);
            // scores triggered by events (a heartbeat timer from before the cut may fire after the
            // swap, so heartbeats say nothing about which model was in force at their as-of time)
            List<CreditScore> events =
                    scores.stream()
                            .filter(s -> "EVENT".equals(String.valueOf(s.getTrigger())))
                            .toList();
            List<CreditScore> before =
                    events.stream().filter(s -> s.getAsOf().isBefore(cut)).toList();
            List<CreditScore> after =
                    events.stream().filter(s -> !s.getAsOf().isBefore(cut)).toList();
            assertThat(before).isNotEmpty();
            assertThat(after).isNotEmpty();
            assertThat(before)
                    .allSatisfy(s -> assertThat(s.getModelVersion()).isEqualTo(inForce.version()));
            assertThat(after)
                    .allSatisfy(
                            s -> {
                                assertThat(s.getModelId()).isEqualTo(retrained.id());
                                assertThat(s.getModelVersion()).isEqualTo(retrained.version());
                            });
        }
    }

    private static JsonNode lastJsonLine(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
