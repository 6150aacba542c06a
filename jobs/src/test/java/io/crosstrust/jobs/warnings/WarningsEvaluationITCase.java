package io.crosstrust.jobs.warnings;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.jobs.scoring.ScoringSettings;
import io.crosstrust.jobs.scoring.TradeWorldModel;
import io.crosstrust.jobs.testing.FailOnceAfterCheckpoint;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5's acceptance on real servers: a labelled generated world (600 entities, 180 days, about
 * 300,000 trade events) through the credit-risk job on a Flink MiniCluster (parallelism 2,
 * checkpoints every second) with a real Kafka broker and a real ClickHouse server, and a task
 * failure injected after a checkpoint. Mid-stream, after the failure, a malformed model, a new
 * model version, a malformed rule set and a new rule set are published. Checked: overall precision
 * and recall of the warnings >= 0.90 against the ground truth with a positive median lead time; the
 * new model's version on later scores; the new rules in force on later warnings; the malformed
 * updates refused to dead.letters with their reason while the job went on; every score and warning
 * exactly once in the read_committed topics, and in ClickHouse under FINAL exactly the same scores
 * ((entity, version) and ids), latest versions and warning ids: no row of the failed attempt.
 */
class WarningsEvaluationITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
        WarningsEvaluation.createTopics(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void aLabelledWorldThroughTheRealJobMeetsTheTargetsExactlyOnce() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        TradeWorldConfig world = TradeWorldConfig.builder().seed(3).entities(600).days(180).build();
        WarningsEvaluation.Published published = WarningsEvaluation.publish(bootstrap, world);
        ClickHouseConnection ch = CLICKHOUSE.createSchema("evaluation_it");
        CreditModel model = TradeWorldModel.shipped();

        FailOnceAfterCheckpoint.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        long failAfter = published.events() / 4;
        WarningsEvaluation.wire(
                env,
                bootstrap,
                ch,
                ModelUpdates.json(model),
                RiskRules.defaults(),
                ScoringSettings.defaults(),
                Duration.ofSeconds(1),
                trade ->
                        trade.map(
                                new FailOnceAfterCheckpoint<>(failAfter),
                                new AvroTypeInfo<>(TradeEvent.class)));
        JobClient job = env.executeAsync("warnings-evaluation-it");
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!FailOnceAfterCheckpoint.FAILED.get() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
            // mid-stream updates, in this order: two refused, two taken
            WarningsEvaluation.send(
                    bootstrap,
                    Topics.MODEL_UPDATES,
                    "{\"format\": \"crosstrust-model\"".getBytes(StandardCharsets.UTF_8));
            WarningsEvaluation.send(
                    bootstrap,
                    Topics.MODEL_UPDATES,
                    ArtifactCodec.toJson(
                                    ArtifactCodec.sealed(
                                            model.artifact()
                                                    .withIdentity(
                                                            model.id(),
                                                            "1.0.1",
                                                            "2026-07-02T00:00:00Z")))
                            .getBytes(StandardCharsets.UTF_8));
            WarningsEvaluation.send(
                    bootstrap,
                    Topics.RISK_RULES,
                    "{\"version\": 2, \"rules\": {\"BUST_OUT\": {\"min_ratio\": -1}}}"
                            .getBytes(StandardCharsets.UTF_8));
            WarningsEvaluation.send(
                    bootstrap,
                    Topics.RISK_RULES,
                    "{\"version\": 2, \"rules\": {\"LATE_DELIVERY_CLUSTER\": {\"enabled\": false}}}"
                            .getBytes(StandardCharsets.UTF_8));
            WarningsEvaluation.awaitCaughtUp(
                    bootstrap, Duration.ofMinutes(5), Duration.ofSeconds(3));
        } finally {
            job.cancel().get();
        }

        List<CreditScore> scores =
                WarningsEvaluation.readCommitted(
                        bootstrap, Topics.CREDIT_SCORES, CreditScore.class);
        List<RiskWarning> warnings =
                WarningsEvaluation.readCommitted(
                        bootstrap, Topics.RISK_WARNINGS, RiskWarning.class);
        List<DeadLetter> letters =
                WarningsEvaluation.readCommitted(bootstrap, Topics.DEAD_LETTERS, DeadLetter.class);

        // --- the targets ---
        WarningMetrics.Report report = WarningMetrics.evaluate(warnings, published.truth());
        System.out.println(report.toText()); // the figures docs/warnings.md quotes
        assertThat(report.overall().precision()).isGreaterThanOrEqualTo(0.90);
        assertThat(report.overall().recall()).isGreaterThanOrEqualTo(0.90);
        assertThat(report.overall().leadTimeMedianSeconds()).isGreaterThan(0);

        // --- exactly once, in Kafka: unique ids, every entity's versions 1..n without a gap ---
        assertThat(scores).extracting(CreditScore::getEventId).doesNotHaveDuplicates();
        assertThat(warnings).extracting(RiskWarning::getEventId).doesNotHaveDuplicates();
        Map<String, List<CreditScore>> byEntity =
                scores.stream().collect(Collectors.groupingBy(CreditScore::getEntityId));
        assertThat(byEntity.size()).isGreaterThan(550);
        Map<String, Long> latest = new HashMap<>();
        for (Map.Entry<String, List<CreditScore>> e : byEntity.entrySet()) {
            List<Long> versions =
                    e.getValue().stream().map(CreditScore::getScoreVersion).sorted().toList();
            for (int i = 0; i < versions.size(); i++) {
                assertThat(versions.get(i)).as(e.getKey()).isEqualTo(i + 1L);
            }
            latest.put(e.getKey(), (long) versions.size());
        }

        // --- the model published mid-stream: later scores carry its version, never back ---
        assertThat(scores).extracting(CreditScore::getModelVersion).contains("1.0.0", "1.0.1");
        for (List<CreditScore> list : byEntity.values()) {
            List<CreditScore> ordered =
                    list.stream()
                            .sorted(
                                    (a, b) ->
                                            Long.compare(a.getScoreVersion(), b.getScoreVersion()))
                            .toList();
            boolean swapped = false;
            for (CreditScore s : ordered) {
                swapped |= s.getModelVersion().equals("1.0.1");
                if (swapped) {
                    assertThat(s.getModelVersion()).as(s.getEventId()).isEqualTo("1.0.1");
                }
            }
        }

        // --- the rules published mid-stream: in force on later warnings ---
        assertThat(warnings).extracting(RiskWarning::getRuleVersion).contains(1L, 2L);
        assertThat(warnings)
                .filteredOn(w -> w.getRuleVersion() == 2 && w.getStatus() == WarningStatus.RAISED)
                .extracting(RiskWarning::getType)
                .isNotEmpty()
                .doesNotContain(WarningType.LATE_DELIVERY_CLUSTER);

        // --- malformed updates refused with their reason, once each ---
        assertThat(letters).hasSize(2);
        DeadLetter badModel =
                letters.stream()
                        .filter(d -> d.getStage().equals("model-update"))
                        .findFirst()
                        .orElseThrow();
        assertThat(badModel.getReason()).startsWith("not a loadable model artifact");
        DeadLetter badRules =
                letters.stream()
                        .filter(d -> d.getStage().equals("risk-rules"))
                        .findFirst()
                        .orElseThrow();
        assertThat(badRules.getReason()).contains("BUST_OUT.min_ratio");

        // --- ClickHouse under FINAL: exactly what the read_committed topics carry, no more ---
        // The ClickHouse sinks insert a checkpoint's rows after it completed (exactly-once), so
        // the failed attempt's rows, which its replay may compute otherwise, never arrive.
        ClickHouseQuery query = new ClickHouseQuery(ch);
        List<Map<String, String>> chScores =
                query.select(
                                "SELECT event_id, entity_id, score_version"
                                        + " FROM evaluation_it.credit_scores FINAL")
                        .asMaps();
        List<String> chScoreIds = chScores.stream().map(r -> r.get("event_id")).toList();
        assertThat(chScoreIds).doesNotHaveDuplicates();
        assertSameSet(
                "score ids", chScoreIds, scores.stream().map(CreditScore::getEventId).toList());
        assertSameSet(
                "(entity, version) of the scores",
                chScores.stream()
                        .map(r -> r.get("entity_id") + "#" + r.get("score_version"))
                        .toList(),
                scores.stream().map(c -> c.getEntityId() + "#" + c.getScoreVersion()).toList());
        Map<String, Long> chLatest = new HashMap<>();
        for (Map<String, String> row :
                query.select(
                                "SELECT entity_id, score_version FROM"
                                        + " evaluation_it.credit_scores_latest FINAL")
                        .asMaps()) {
            assertThat(chLatest.put(row.get("entity_id"), Long.parseLong(row.get("score_version"))))
                    .as("one latest row per entity")
                    .isNull();
        }
        assertThat(chLatest).isEqualTo(latest);
        List<String> chWarningRows =
                query.select("SELECT event_id FROM evaluation_it.risk_warnings FINAL")
                        .column("event_id");
        assertThat(chWarningRows).doesNotHaveDuplicates();
        assertSameSet(
                "warning ids",
                chWarningRows,
                warnings.stream().map(RiskWarning::getEventId).toList());
        assertThat(
                        query.select(
                                        "SELECT count() AS n FROM evaluation_it.dead_letters FINAL"
                                                + " WHERE stage IN ('model-update', 'risk-rules')")
                                .single())
                .isEqualTo("2");
    }

    /** ClickHouse holds exactly the committed values: none missing, none extra (hash sets). */
    private static void assertSameSet(String what, List<String> clickhouse, List<String> kafka) {
        Set<String> inClickHouse = new HashSet<>(clickhouse);
        Set<String> committed = new HashSet<>(kafka);
        Set<String> missing = new HashSet<>(committed);
        missing.removeAll(inClickHouse);
        Set<String> extra = new HashSet<>(inClickHouse);
        extra.removeAll(committed);
        assertThat(missing).as(what + " committed to Kafka but not in ClickHouse").isEmpty();
        assertThat(extra).as(what + " in ClickHouse that Kafka never committed").isEmpty();
    }
}
