package io.crosstrust.jobs.scoring;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.JobArguments;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.jobs.warnings.InvalidRulesException;
import io.crosstrust.jobs.warnings.RiskRules;
import io.crosstrust.jobs.warnings.WarningDescriptors;
import io.crosstrust.jobs.warnings.WarningOptions;
import io.crosstrust.jobs.warnings.WarningsJob;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseSink;
import io.crosstrust.sinks.clickhouse.CreditScoreRowEncoder;
import io.crosstrust.sinks.clickhouse.RiskWarningRowEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Credit scoring and risk warnings in one Flink job: trade.events in; credit.scores, risk.warnings
 * and the refused model and rule updates (dead.letters) out, to Kafka (exactly-once) and to
 * ClickHouse ({@code credit_scores}, {@code credit_scores_latest}, {@code risk_warnings}, {@code
 * dead_letters}; effectively once: replays collapse on the tables' keys).
 *
 * <pre>
 *  trade.events (decoded, event time per partition) ─► ScoringJob ─► scores ──────────────────► credit.scores + CH
 *  model.updates ──────────────────────────┘   └─ scored ─► WarningsJob ─► warnings ─► risk.warnings + CH
 *  risk.rules ─────────────────────────────────────────────────┘   refused updates ─► dead.letters + CH
 * </pre>
 *
 * {@link #build} maps streams to streams; {@link #wire} attaches the production connectors.
 * Assumptions: trade.events is keyed by subject (the trade flow writes it so) and out of event-time
 * order by at most {@link ScoringOptions#MAX_OUT_OF_ORDERNESS}; a record that does not decode is
 * counted and skipped (the trade flow validated everything it wrote).
 */
public final class CreditRiskJob {

    public record Outputs(
            DataStream<CreditScore> scores,
            DataStream<RiskWarning> warnings,
            DataStream<DeadLetter> rejectedUpdates) {}

    public record Sinks(
            List<Sink<CreditScore>> scores,
            List<Sink<RiskWarning>> warnings,
            List<Sink<DeadLetter>> rejectedUpdates) {}

    /** Every option the job reads. */
    public static final List<ConfigOption<?>> OPTIONS = options();

    private CreditRiskJob() {}

    public static void main(String[] args) throws Exception {
        Configuration conf =
                JobArguments.startup(
                        "crosstrust credit scoring and risk warnings",
                        args,
                        OPTIONS,
                        c -> List.of(TradeFlowOptions.CLICKHOUSE_PASSWORD));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wire(env, conf, System.getenv(TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV));
        env.execute("crosstrust credit scoring and risk warnings");
    }

    /** Checkpointing, the three Kafka sources, the graph, and the production sinks. */
    public static void wire(
            StreamExecutionEnvironment env, ReadableConfig conf, String clickhousePassword) {
        env.enableCheckpointing(
                conf.get(TradeFlowOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        // No defensive copy between chained operators: no function of this job changes a record
        // it received or keeps one past the call (state holds copies: feature bytes, pending-order
        // POJOs, the risk state's own fields), and the sink writers encode on write().
        env.getConfig().enableObjectReuse();
        String bootstrap = JobArguments.required(conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS);
        String group = conf.get(ScoringOptions.GROUP_ID);
        DataStream<TradeEvent> trade =
                tradeEvents(
                        env,
                        bootstrap,
                        group,
                        conf.get(ScoringOptions.MAX_OUT_OF_ORDERNESS),
                        conf.get(ScoringOptions.SOURCE_IDLENESS));
        DataStream<RawRecord> models =
                env.fromSource(
                                KafkaConnectors.rawSource(
                                        bootstrap,
                                        List.of(Topics.MODEL_UPDATES),
                                        group + "-models"),
                                ScoringJob.controlStream(),
                                Topics.MODEL_UPDATES)
                        .uid(ScoringDescriptors.UID_MODEL_SOURCE);
        DataStream<RawRecord> rules =
                env.fromSource(
                                KafkaConnectors.rawSource(
                                        bootstrap, List.of(Topics.RISK_RULES), group + "-rules"),
                                ScoringJob.controlStream(),
                                Topics.RISK_RULES)
                        .uid(WarningDescriptors.UID_RULES_SOURCE);
        Outputs outputs =
                build(
                        trade,
                        models,
                        rules,
                        initialModel(conf),
                        initialRules(conf),
                        ScoringSettings.of(conf));
        sinkTo(outputs, productionSinks(conf, clickhousePassword));
    }

    /**
     * trade.events as a Kafka source that decodes each record and assigns event time per partition,
     * partitions aligned ({@link ScoringJob#alignedSourceEventTime}).
     */
    public static DataStream<TradeEvent> tradeEvents(
            StreamExecutionEnvironment env,
            String bootstrap,
            String group,
            Duration lag,
            Duration idleness) {
        return env.fromSource(
                        KafkaConnectors.decodedSource(
                                bootstrap, Topics.TRADE_EVENTS, group, TradeEvent.class),
                        ScoringJob.alignedSourceEventTime(lag, idleness),
                        Topics.TRADE_EVENTS)
                .uid(ScoringDescriptors.UID_SOURCE);
    }

    /** The whole graph over its three inputs. */
    public static Outputs build(
            DataStream<TradeEvent> events,
            DataStream<RawRecord> modelUpdates,
            DataStream<RawRecord> ruleUpdates,
            byte[] initialModel,
            RiskRules initialRules,
            ScoringSettings settings) {
        ScoringJob.Outputs scoring = ScoringJob.build(events, modelUpdates, initialModel, settings);
        WarningsJob.Outputs warnings =
                WarningsJob.build(
                        scoring.scored(),
                        events,
                        ruleUpdates,
                        initialRules,
                        settings.inactivityMillis());
        return new Outputs(
                scoring.scores(),
                warnings.warnings(),
                scoring.rejectedModels().union(warnings.rejectedRules()));
    }

    public static Sinks productionSinks(ReadableConfig conf, String clickhousePassword) {
        String bootstrap = JobArguments.required(conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS);
        String tx = conf.get(ScoringOptions.TRANSACTIONAL_ID_PREFIX);
        ClickHouseConnection clickhouse =
                ClickHouseConnection.of(
                        JobArguments.required(conf, TradeFlowOptions.CLICKHOUSE_URL),
                        conf.get(TradeFlowOptions.CLICKHOUSE_USER),
                        clickhousePassword == null ? "" : clickhousePassword,
                        conf.get(TradeFlowOptions.CLICKHOUSE_DATABASE));
        int batch = conf.get(TradeFlowOptions.CLICKHOUSE_BATCH_SIZE);
        DeliveryGuarantee guarantee = conf.get(TradeFlowOptions.CLICKHOUSE_DELIVERY_GUARANTEE);
        return new Sinks(
                List.of(
                        KafkaConnectors.exactlyOnceSink(
                                bootstrap,
                                Topics.CREDIT_SCORES,
                                tx + "-credit-scores",
                                CreditScore::getEntityId),
                        ClickHouseSink.<CreditScore>builder()
                                .setConnection(clickhouse)
                                .setEncoder(new CreditScoreRowEncoder())
                                .setBatchSize(batch)
                                .setDeliveryGuarantee(guarantee)
                                .build(),
                        ClickHouseSink.<CreditScore>builder()
                                .setConnection(clickhouse)
                                .setEncoder(CreditScoreRowEncoder.latest())
                                .setBatchSize(batch)
                                .setDeliveryGuarantee(guarantee)
                                .build()),
                List.of(
                        KafkaConnectors.exactlyOnceSink(
                                bootstrap,
                                Topics.RISK_WARNINGS,
                                tx + "-risk-warnings",
                                RiskWarning::getEntityId),
                        ClickHouseSink.<RiskWarning>builder()
                                .setConnection(clickhouse)
                                .setEncoder(new RiskWarningRowEncoder())
                                .setBatchSize(batch)
                                .setDeliveryGuarantee(guarantee)
                                .build()),
                List.of(
                        KafkaConnectors.exactlyOnceSink(
                                bootstrap,
                                Topics.DEAD_LETTERS,
                                tx + "-dead-letters",
                                DeadLetter::getEventId),
                        ClickHouseSink.deadLetters(clickhouse)
                                .setBatchSize(batch)
                                .setDeliveryGuarantee(guarantee)
                                .build()));
    }

    /** Attaches every sink to its output, with stable uids. */
    public static void sinkTo(Outputs outputs, Sinks sinks) {
        attach(outputs.scores(), sinks.scores(), "credit-scores");
        attach(outputs.warnings(), sinks.warnings(), "risk-warnings");
        attach(outputs.rejectedUpdates(), sinks.rejectedUpdates(), "rejected-updates");
    }

    private static <T> void attach(DataStream<T> stream, List<Sink<T>> sinks, String name) {
        for (int i = 0; i < sinks.size(); i++) {
            Sink<T> sink = sinks.get(i);
            String id = name + "-sink-" + i;
            stream.sinkTo(sink).uid(id).name(name + " -> " + sink.getClass().getSimpleName());
        }
    }

    /** The initial model: the configured artifact file, else the built-in default. */
    public static byte[] initialModel(ReadableConfig conf) {
        return conf.getOptional(ScoringOptions.MODEL_FILE)
                .filter(f -> !f.isBlank())
                .map(
                        f -> {
                            try {
                                byte[] json = Files.readAllBytes(Path.of(f));
                                CreditModel.fromJson(json);
                                return json;
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot read model file " + f, e);
                            } catch (ArtifactException e) {
                                throw new IllegalArgumentException(
                                        "model file " + f + ": " + e.getMessage(), e);
                            }
                        })
                .orElseGet(() -> ModelUpdates.json(CreditModel.builtIn()));
    }

    /** The initial rules: the configured rule file, else the shipped defaults. */
    public static RiskRules initialRules(ReadableConfig conf) {
        return conf.getOptional(WarningOptions.RULES_FILE)
                .filter(f -> !f.isBlank())
                .map(
                        f -> {
                            try {
                                return RiskRules.parse(Files.readAllBytes(Path.of(f)));
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot read rules file " + f, e);
                            } catch (InvalidRulesException e) {
                                throw new IllegalArgumentException(
                                        "rules file " + f + ": " + e.getMessage(), e);
                            }
                        })
                .orElseGet(RiskRules::defaults);
    }

    private static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>(TradeFlowOptions.ALL);
        all.addAll(ScoringOptions.ALL);
        all.addAll(WarningOptions.ALL);
        return List.copyOf(all);
    }
}
