package io.crosstrust.jobs.network;

import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.JobArguments;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseSink;
import io.crosstrust.sinks.clickhouse.NetworkMetricsRowEncoder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Regional trade-network analytics: from canonical ORDER_PLACED events, one trade graph per scope
 * (GLOBAL, each REGION, each CORRIDOR origin>destination) per event-time window (1-day tumbling and
 * 30-day sliding by a day by default), and its {@link NetworkMetrics} when the window closes.
 *
 * <pre>
 *  trade events ─watermarks─► order -> scoped edges ─by scope─► window graphs ─► NetworkMetrics
 *                                                                     └─(GLOBAL)─► entity positions
 * </pre>
 *
 * Like the trade flow, the graph maps input streams to output streams ({@link #build}) and the
 * caller attaches sinks ({@link #sinkTo}); {@link #main} and {@link #wire} add the production
 * connectors: trade.events in, network.metrics (Kafka, exactly-once) and ClickHouse {@code
 * network_metrics} (ReplacingMergeTree keyed by event_id, inserted when the checkpoint completed)
 * out.
 *
 * <p>Assumptions: event time is the order's event_time; events may arrive out of order by up to
 * {@link Settings#outOfOrderness()} and still count everywhere; later ones count only in windows
 * not closed yet (see {@link TradeNetworkWindowFunction}). The GLOBAL scope is one key, so its
 * graph lives on one subtask: size the time budget and the task's memory for the whole window's
 * graph. Entity positions are a typed stream for the scoring job ({@link Outputs#positions()}); no
 * production sink takes them yet.
 */
public final class NetworkJob {

    /** What {@link #build} needs. */
    public record Settings(
            NetworkWindows windows,
            AnalysisSettings analysis,
            String reportingCurrency,
            Duration outOfOrderness,
            Duration idleness,
            boolean positions) {
        public Settings {
            Objects.requireNonNull(windows, "windows");
            Objects.requireNonNull(analysis, "analysis");
            Objects.requireNonNull(reportingCurrency, "reportingCurrency");
            if (outOfOrderness.isNegative()) {
                throw new IllegalArgumentException(
                        "outOfOrderness must be >= 0, got " + outOfOrderness);
            }
        }

        /** The defaults of {@link NetworkOptions}. */
        public static Settings defaults() {
            return NetworkOptions.settings(new Configuration());
        }

        public Settings withWindows(NetworkWindows w) {
            return new Settings(
                    w, analysis, reportingCurrency, outOfOrderness, idleness, positions);
        }

        public Settings withOutOfOrderness(Duration d) {
            return new Settings(windows, analysis, reportingCurrency, d, idleness, positions);
        }
    }

    /** The job's output streams. */
    public record Outputs(
            DataStream<NetworkMetrics> metrics, DataStream<EntityNetworkPosition> positions) {}

    /** Where each output goes; each list may hold several sinks (Kafka, ClickHouse). */
    public record Sinks(
            List<Sink<NetworkMetrics>> metrics, List<Sink<EntityNetworkPosition>> positions) {}

    private NetworkJob() {}

    /**
     * Entry point on a Flink cluster: {@code flink run -c io.crosstrust.jobs.network.NetworkJob
     * crosstrust-jobs-*-job.jar --crosstrust.kafka.bootstrap-servers kafka:9092
     * --crosstrust.clickhouse.url http://ch:8123} (every option in {@link NetworkOptions}).
     */
    public static void main(String[] args) throws Exception {
        Configuration conf =
                JobArguments.startup(
                        "crosstrust trade network",
                        args,
                        NetworkOptions.ALL,
                        c -> List.of(TradeFlowOptions.CLICKHOUSE_PASSWORD));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wire(env, conf, System.getenv(TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV));
        env.execute("crosstrust trade network");
    }

    /** The production wiring: checkpointing, the trade.events source, the graph, the sinks. */
    public static void wire(
            StreamExecutionEnvironment env, ReadableConfig conf, String clickhousePassword) {
        env.enableCheckpointing(
                conf.get(TradeFlowOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        Outputs outputs = build(source(env, conf), NetworkOptions.settings(conf));
        sinkTo(outputs, productionSinks(conf, clickhousePassword));
    }

    /** trade.events decoded, resuming from the group's committed offsets. */
    public static DataStream<TradeEvent> source(
            StreamExecutionEnvironment env, ReadableConfig conf) {
        return env.fromSource(
                        KafkaConnectors.rawSource(
                                JobArguments.required(
                                        conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS),
                                List.of(Topics.TRADE_EVENTS),
                                conf.get(NetworkOptions.GROUP_ID)),
                        WatermarkStrategy.noWatermarks(),
                        "trade.events")
                .uid(NetworkDescriptors.UID_SOURCE)
                .flatMap(new DecodeTradeEvents(), new AvroTypeInfo<>(TradeEvent.class))
                .uid(NetworkDescriptors.UID_DECODE)
                .name("decode trade events");
    }

    /** NetworkMetrics to network.metrics (exactly-once) and ClickHouse network_metrics. */
    public static Sinks productionSinks(ReadableConfig conf, String clickhousePassword) {
        ClickHouseConnection clickhouse =
                ClickHouseConnection.of(
                        JobArguments.required(conf, TradeFlowOptions.CLICKHOUSE_URL),
                        conf.get(TradeFlowOptions.CLICKHOUSE_USER),
                        clickhousePassword == null ? "" : clickhousePassword,
                        conf.get(TradeFlowOptions.CLICKHOUSE_DATABASE));
        return new Sinks(
                List.of(
                        KafkaConnectors.exactlyOnceSink(
                                JobArguments.required(
                                        conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS),
                                Topics.NETWORK_METRICS,
                                conf.get(NetworkOptions.TRANSACTIONAL_ID_PREFIX)
                                        + "-network-metrics",
                                NetworkMetrics::getEventId),
                        ClickHouseSink.<NetworkMetrics>builder()
                                .setConnection(clickhouse)
                                .setEncoder(new NetworkMetricsRowEncoder())
                                .setBatchSize(conf.get(TradeFlowOptions.CLICKHOUSE_BATCH_SIZE))
                                .setDeliveryGuarantee(
                                        conf.get(TradeFlowOptions.CLICKHOUSE_DELIVERY_GUARANTEE))
                                .build()),
                List.of());
    }

    /** Builds the graph over a stream of canonical trade events (any order, any parallelism). */
    public static Outputs build(DataStream<TradeEvent> events, Settings settings) {
        WatermarkStrategy<TradeEvent> watermarks =
                WatermarkStrategy.<TradeEvent>forBoundedOutOfOrderness(settings.outOfOrderness())
                        .withTimestampAssigner((e, previous) -> e.getEventTime().toEpochMilli());
        if (settings.idleness() != null && !settings.idleness().isZero()) {
            watermarks = watermarks.withIdleness(settings.idleness());
        }
        SingleOutputStreamOperator<NetworkMetrics> metrics =
                events.assignTimestampsAndWatermarks(watermarks)
                        .uid(NetworkDescriptors.UID_WATERMARKS)
                        .name("event-time watermarks")
                        .flatMap(
                                new TradeScopes(settings.reportingCurrency()),
                                TypeInformation.of(ScopedTrade.class))
                        .uid(NetworkDescriptors.UID_SCOPES)
                        .name("orders to scoped edges")
                        .keyBy(ScopedTrade::scopeKey, Types.STRING)
                        .process(
                                new TradeNetworkWindowFunction(
                                        settings.windows(),
                                        settings.analysis(),
                                        settings.positions()),
                                new AvroTypeInfo<>(NetworkMetrics.class))
                        .uid(NetworkDescriptors.UID_WINDOWS)
                        .name("trade network windows");
        return new Outputs(metrics, metrics.getSideOutput(NetworkDescriptors.POSITIONS));
    }

    /** Attaches every sink to its output, with stable uids. */
    public static void sinkTo(Outputs outputs, Sinks sinks) {
        attach(outputs.metrics(), sinks.metrics(), "network-metrics");
        attach(outputs.positions(), sinks.positions(), "entity-network-positions");
    }

    private static <T> void attach(DataStream<T> stream, List<Sink<T>> sinks, String name) {
        for (Sink<T> sink : sinks) {
            String id = name + "-sink-" + sink.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            stream.sinkTo(sink).uid(id).name(name + " -> " + sink.getClass().getSimpleName());
        }
    }
}
