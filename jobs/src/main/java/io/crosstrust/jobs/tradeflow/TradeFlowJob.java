package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.JobArguments;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseSink;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The first flow: raw platform and chain records are decoded, validated and normalised to canonical
 * {@link TradeEvent}s; every entity's running {@link EntityActivity} is kept from them; records
 * that fail go to the dead letters with the reason. TradeEscrow chain events are attributed to
 * their platform order (order id, entities, regions) by the {@link EscrowEventLinker}, keyed by the
 * escrow order id that the platform's escrow-settled OrderPlaced and the chain share.
 *
 * <pre>
 *  raw ──normalise──► trade events ─────────────────┬──by entity──► entity activity
 *            ├── escrow orders ─┐                    │
 *            ├── escrow chain ──┴─by escrow id─► link ┘
 *            └──────► dead letters (normalise, link)
 * </pre>
 *
 * The graph takes its input stream and hands back its output streams ({@link #build}); the caller
 * attaches sources and sinks ({@link #sinkTo}), so tests run the same graph on embedded inputs.
 * Assumptions: events of one order arrive in order per partition (platforms key by order id, the
 * chain listener by escrow order id); duplicates of an event id are not dropped here, the
 * ClickHouse tables dedup on event id.
 */
public final class TradeFlowJob {

    /** The flow's output streams. */
    public record Outputs(
            DataStream<TradeEvent> tradeEvents,
            DataStream<EntityActivity> activity,
            DataStream<DeadLetter> deadLetters) {}

    /** Where each output goes; each list may hold several sinks (Kafka, ClickHouse). */
    public record Sinks(
            List<Sink<TradeEvent>> tradeEvents,
            List<Sink<EntityActivity>> activity,
            List<Sink<DeadLetter>> deadLetters) {}

    private TradeFlowJob() {}

    /**
     * Entry point on a Flink cluster: {@code flink run crosstrust-jobs-*-job.jar
     * --crosstrust.kafka.bootstrap-servers kafka:9092 --crosstrust.clickhouse.url http://ch:8123}
     * (every option in {@link TradeFlowOptions}; the ClickHouse password from the environment).
     */
    public static void main(String[] args) throws Exception {
        Configuration conf =
                JobArguments.startup(
                        "crosstrust trade flow",
                        args,
                        TradeFlowOptions.ALL,
                        c -> List.of(TradeFlowOptions.CLICKHOUSE_PASSWORD));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wire(env, conf, System.getenv(TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV));
        env.execute("crosstrust trade flow");
    }

    /**
     * The production wiring: checkpointing, the Kafka source, the graph, and exactly-once Kafka
     * plus effectively-once ClickHouse sinks. Used by {@link #main} on a cluster and by the
     * embedded stack; {@code beforeNormalise} lets a test put a fault injector in front of the
     * graph.
     */
    public static void wire(
            StreamExecutionEnvironment env,
            ReadableConfig conf,
            String clickhousePassword,
            UnaryOperator<DataStream<RawRecord>> beforeNormalise) {
        // Records are passed between chained operators without a defensive copy: no function here
        // keeps or mutates an input record, and both sink writers encode on write(). Copying cost
        // more than the work itself (Avro deep copies topped the profile).
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(
                conf.get(TradeFlowOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        Outputs outputs =
                build(
                        beforeNormalise.apply(source(env, conf)),
                        conf.get(TradeFlowOptions.ACTIVITY_EMIT_INTERVAL),
                        ChainLinkSettings.of(conf));
        sinkTo(outputs, productionSinks(conf, clickhousePassword));
    }

    public static void wire(
            StreamExecutionEnvironment env, ReadableConfig conf, String clickhousePassword) {
        wire(env, conf, clickhousePassword, UnaryOperator.identity());
    }

    /**
     * platform.events and chain.events ({@link TradeFlowOptions#SOURCE_TOPICS}) as raw records,
     * resuming from the group's committed offsets.
     */
    public static DataStream<RawRecord> source(
            StreamExecutionEnvironment env, ReadableConfig conf) {
        List<String> topics = conf.get(TradeFlowOptions.SOURCE_TOPICS);
        return env.fromSource(
                        KafkaConnectors.rawSource(
                                JobArguments.required(
                                        conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS),
                                topics,
                                conf.get(TradeFlowOptions.GROUP_ID)),
                        WatermarkStrategy.noWatermarks(),
                        String.join(" + ", topics))
                .uid(TradeFlowDescriptors.UID_SOURCE);
    }

    /**
     * Each output to its Kafka topic (exactly-once) and its ClickHouse table (exactly-once by
     * default: inserted when the checkpoint completed; {@link
     * TradeFlowOptions#CLICKHOUSE_DELIVERY_GUARANTEE}).
     */
    public static Sinks productionSinks(ReadableConfig conf, String clickhousePassword) {
        String bootstrap = JobArguments.required(conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS);
        String tx = conf.get(TradeFlowOptions.TRANSACTIONAL_ID_PREFIX);
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
                                Topics.TRADE_EVENTS,
                                tx + "-trade-events",
                                TradeEvent::getSubjectId),
                        ClickHouseSink.tradeEvents(clickhouse)
                                .setBatchSize(batch)
                                .setDeliveryGuarantee(guarantee)
                                .build()),
                List.of(
                        KafkaConnectors.exactlyOnceSink(
                                bootstrap,
                                Topics.ENTITY_ACTIVITY,
                                tx + "-entity-activity",
                                EntityActivity::getEntityId),
                        ClickHouseSink.entityActivity(clickhouse)
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

    /** Builds the graph over a stream of raw records, with the default chain settings. */
    public static Outputs build(DataStream<RawRecord> raw, Duration activityEmitInterval) {
        return build(raw, activityEmitInterval, ChainLinkSettings.DEFAULT);
    }

    /** Builds the graph over a stream of raw platform and chain records. */
    public static Outputs build(
            DataStream<RawRecord> raw, Duration activityEmitInterval, ChainLinkSettings chain) {
        SingleOutputStreamOperator<TradeEvent> normalised =
                raw.process(new NormaliseFunction(chain), new AvroTypeInfo<>(TradeEvent.class))
                        .uid(TradeFlowDescriptors.UID_NORMALISE)
                        .name("normalise platform events");
        SingleOutputStreamOperator<TradeEvent> chainEvents =
                normalised
                        .getSideOutput(TradeFlowDescriptors.ESCROW_ORDERS)
                        .keyBy(o -> o.escrowId, TypeInformation.of(String.class))
                        .connect(
                                normalised
                                        .getSideOutput(TradeFlowDescriptors.ESCROW_STEPS)
                                        .keyBy(s -> s.escrowId, TypeInformation.of(String.class)))
                        .process(new EscrowEventLinker(chain), new AvroTypeInfo<>(TradeEvent.class))
                        .uid(TradeFlowDescriptors.UID_ESCROW_LINK)
                        .name("link escrow chain events to platform orders");
        DataStream<TradeEvent> events = normalised.union(chainEvents);
        DataStream<DeadLetter> deadLetters =
                normalised
                        .getSideOutput(TradeFlowDescriptors.DEAD_LETTERS)
                        .union(chainEvents.getSideOutput(TradeFlowDescriptors.DEAD_LETTERS));

        DataStream<EntityActivity> activity =
                events.flatMap(
                                (TradeEvent e,
                                        org.apache.flink.util.Collector<EntityTouch> out) -> {
                                    out.collect(EntityTouch.subjectOf(e));
                                    if (e.getCounterpartyId() != null) {
                                        out.collect(EntityTouch.counterpartyOf(e));
                                    }
                                },
                                TypeInformation.of(EntityTouch.class))
                        .name("entities of each event")
                        .keyBy(t -> t.entityId, TypeInformation.of(String.class))
                        .process(
                                new EntityActivityFunction(activityEmitInterval),
                                new AvroTypeInfo<>(EntityActivity.class))
                        .uid(TradeFlowDescriptors.UID_ACTIVITY)
                        .name("entity activity");
        return new Outputs(events, activity, deadLetters);
    }

    /** Attaches every sink to its output, with stable uids. */
    public static void sinkTo(Outputs outputs, Sinks sinks) {
        attach(outputs.tradeEvents(), sinks.tradeEvents(), "trade-events");
        attach(outputs.activity(), sinks.activity(), "entity-activity");
        attach(outputs.deadLetters(), sinks.deadLetters(), "dead-letters");
    }

    private static <T> void attach(DataStream<T> stream, List<Sink<T>> sinks, String name) {
        for (int i = 0; i < sinks.size(); i++) {
            Sink<T> sink = sinks.get(i);
            String id =
                    name
                            + "-sink-"
                            + sink.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            stream.sinkTo(sink).uid(id).name(name + " -> " + sink.getClass().getSimpleName());
        }
    }
}
