package io.crosstrust.jobs.warnings;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.GroundTruth;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.CreditRiskJob;
import io.crosstrust.jobs.scoring.ScoringJob;
import io.crosstrust.jobs.scoring.ScoringOptions;
import io.crosstrust.jobs.scoring.ScoringSettings;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseSink;
import io.crosstrust.sinks.clickhouse.CreditScoreRowEncoder;
import io.crosstrust.sinks.clickhouse.RiskWarningRowEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs a labelled generated world through the real credit-risk job over Kafka and measures the
 * warnings against the world's ground truth ({@link WarningMetrics}): the world's events,
 * normalised as the trade flow does, go to trade.events keyed by subject; {@link CreditRiskJob}
 * runs on the given environment with Kafka sources and exactly-once sinks (and ClickHouse sinks
 * when a connection is given); once its consumer group has consumed and committed all of
 * trade.events, the warnings are read back from risk.warnings as a read_committed consumer. Used by
 * {@code crosstrust evaluate warnings} and by the acceptance ITCase (which adds failures and
 * mid-stream updates).
 */
public final class WarningsEvaluation {
    /** Consumer group of the job's trade-events source. */
    public static final String GROUP = "crosstrust-evaluation";

    /** What was published. */
    public record Published(long events, GroundTruth truth) {}

    private WarningsEvaluation() {}

    /** Publishes the world's normalised events to trade.events; returns the count and the truth. */
    public static Published publish(String bootstrap, TradeWorldConfig world) {
        return publish(bootstrap, world, e -> true);
    }

    /**
     * Publishes those of the world's normalised events that {@code keep} accepts (e.g. the part
     * before or after an instant, so a test can act between the two).
     */
    public static Published publish(
            String bootstrap, TradeWorldConfig world, Predicate<TradeEvent> keep) {
        PlatformEventNormaliser normaliser = new PlatformEventNormaliser();
        EventCodec codec = EventCodec.standard();
        TradeWorld w = new TradeWorld(world);
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            while (w.hasNext()) {
                GeneratedEvent g = w.next();
                TradeEvent e;
                try {
                    e = normaliser.normalise(g.record());
                } catch (InvalidEventException ex) {
                    continue; // the generator makes none; the trade flow would dead-letter it
                }
                if (!keep.test(e)) {
                    continue;
                }
                producer.send(
                        new ProducerRecord<>(
                                Topics.TRADE_EVENTS,
                                null,
                                e.getEventTime().toEpochMilli(),
                                e.getSubjectId().getBytes(StandardCharsets.UTF_8),
                                codec.encode(e)));
                n++;
            }
            producer.flush();
        }
        return new Published(n, w.groundTruth());
    }

    /** Sends one record (a model artifact, a rule set, anything) to a topic. */
    public static void send(String bootstrap, String topic, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, null, value));
            producer.flush();
        }
    }

    /**
     * Wires the job onto {@code env}: Kafka sources (trade.events through {@code afterSource}, e.g.
     * a failure injector), checkpoints every {@code checkpoint}, exactly-once Kafka sinks, and the
     * ClickHouse sinks when {@code clickhouse} is not null.
     */
    public static void wire(
            StreamExecutionEnvironment env,
            String bootstrap,
            ClickHouseConnection clickhouse,
            byte[] initialModel,
            RiskRules initialRules,
            ScoringSettings scoring,
            Duration checkpoint,
            UnaryOperator<DataStream<TradeEvent>> afterSource) {
        env.enableCheckpointing(checkpoint.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse(); // as CreditRiskJob.wire
        DataStream<TradeEvent> trade =
                CreditRiskJob.tradeEvents(
                        env,
                        bootstrap,
                        GROUP,
                        new Configuration().get(ScoringOptions.MAX_OUT_OF_ORDERNESS),
                        new Configuration().get(ScoringOptions.SOURCE_IDLENESS));
        DataStream<RawRecord> models =
                env.fromSource(
                        KafkaConnectors.rawSource(
                                bootstrap, List.of(Topics.MODEL_UPDATES), GROUP + "-models"),
                        ScoringJob.controlStream(),
                        Topics.MODEL_UPDATES);
        DataStream<RawRecord> rules =
                env.fromSource(
                        KafkaConnectors.rawSource(
                                bootstrap, List.of(Topics.RISK_RULES), GROUP + "-rules"),
                        ScoringJob.controlStream(),
                        Topics.RISK_RULES);
        CreditRiskJob.Outputs outputs =
                CreditRiskJob.build(
                        afterSource.apply(trade),
                        models,
                        rules,
                        initialModel,
                        initialRules,
                        scoring);
        List<Sink<CreditScore>> scores = new ArrayList<>();
        List<Sink<RiskWarning>> warnings = new ArrayList<>();
        List<Sink<DeadLetter>> letters = new ArrayList<>();
        scores.add(
                KafkaConnectors.exactlyOnceSink(
                        bootstrap,
                        Topics.CREDIT_SCORES,
                        GROUP + "-scores",
                        CreditScore::getEntityId));
        warnings.add(
                KafkaConnectors.exactlyOnceSink(
                        bootstrap,
                        Topics.RISK_WARNINGS,
                        GROUP + "-warnings",
                        RiskWarning::getEntityId));
        letters.add(
                KafkaConnectors.exactlyOnceSink(
                        bootstrap, Topics.DEAD_LETTERS, GROUP + "-dlq", DeadLetter::getEventId));
        if (clickhouse != null) {
            scores.add(
                    ClickHouseSink.<CreditScore>builder()
                            .setConnection(clickhouse)
                            .setEncoder(new CreditScoreRowEncoder())
                            .build());
            scores.add(
                    ClickHouseSink.<CreditScore>builder()
                            .setConnection(clickhouse)
                            .setEncoder(CreditScoreRowEncoder.latest())
                            .build());
            warnings.add(
                    ClickHouseSink.<RiskWarning>builder()
                            .setConnection(clickhouse)
                            .setEncoder(new RiskWarningRowEncoder())
                            .build());
            letters.add(ClickHouseSink.deadLetters(clickhouse).build());
        }
        CreditRiskJob.sinkTo(outputs, new CreditRiskJob.Sinks(scores, warnings, letters));
    }

    /**
     * Waits until the job's group has committed offsets at the end of trade.events (so everything
     * was processed and the checkpoint that committed it also committed the outputs), plus {@code
     * settle} for the transactions to become visible.
     */
    public static void awaitCaughtUp(String bootstrap, Duration timeout, Duration settle)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            while (true) {
                long lag;
                try {
                    lag = admin.lag(GROUP, Topics.TRADE_EVENTS);
                } catch (IllegalStateException e) {
                    lag = Long.MAX_VALUE; // no offsets committed yet
                }
                if (lag == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the job did not consume trade.events within "
                                    + timeout
                                    + " (lag "
                                    + lag
                                    + ")");
                }
                Thread.sleep(500);
            }
        }
        Thread.sleep(settle.toMillis());
    }

    /** Every committed record of a topic, decoded. */
    public static <T extends SpecificRecord> List<T> readCommitted(
            String bootstrap, String topic, Class<T> type) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        EventCodec codec = EventCodec.standard();
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long idle = 0;
            while (idle < 3) {
                boolean done = true;
                for (TopicPartition p : partitions) {
                    if (consumer.position(p) < end.get(p)) {
                        done = false;
                    }
                }
                if (done) {
                    break;
                }
                var records = consumer.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        out.add(codec.decode(r.value(), type));
                    } catch (Exception e) {
                        throw new IllegalStateException(
                                topic + " holds a record that is not a " + type.getSimpleName(), e);
                    }
                }
            }
        }
        return out;
    }

    /** Creates every topic (2 partitions) on a fresh broker. */
    public static void createTopics(String bootstrap) {
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            admin.ensure(Topics.all(2), (short) 1);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
