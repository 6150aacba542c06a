package io.crosstrust.jobs.tradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.faults.MalformedRecords;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.testing.TestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.testing.FailOnceAfterCheckpoint;
import io.crosstrust.jobs.testing.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trade flow on a real Kafka broker and a Flink MiniCluster, with exactly-once Kafka sinks and
 * a task failure injected after a completed checkpoint: every valid event must come out exactly
 * once in trade.events (read_committed), every malformed one in dead.letters with its reason.
 */
class TradeFlowJobITCase {
    private static final int VALID = 6_000;
    private static final int MALFORMED = 120;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void countsStayExactAcrossATaskFailure() throws Exception {
        Set<String> validIds = publish();
        FailOnceAfterCheckpoint.reset();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);

        String bootstrap = kafka.bootstrapServers();
        DataStream<RawRecord> raw =
                env.fromSource(
                                KafkaConnectors.rawSource(
                                        bootstrap, List.of(Topics.PLATFORM_EVENTS), "it-flow"),
                                WatermarkStrategy.noWatermarks(),
                                "platform events")
                        .map(
                                new FailOnceAfterCheckpoint<>(VALID / 3),
                                TypeInformation.of(RawRecord.class));
        TradeFlowJob.Outputs outputs = TradeFlowJob.build(raw, Duration.ofMillis(200));
        TradeFlowJob.sinkTo(
                outputs,
                new TradeFlowJob.Sinks(
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.TRADE_EVENTS,
                                        "it-trade",
                                        TradeEvent::getSubjectId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.ENTITY_ACTIVITY,
                                        "it-activity",
                                        EntityActivity::getEntityId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.DEAD_LETTERS,
                                        "it-dlq",
                                        DeadLetter::getEventId))));
        JobClient job = env.executeAsync("trade-flow-it");
        try {
            List<TradeEvent> events =
                    KafkaTopics.decodeAll(
                            KafkaTopics.readCommitted(
                                    bootstrap,
                                    Topics.TRADE_EVENTS,
                                    v -> v.size() >= VALID,
                                    Duration.ofSeconds(120),
                                    Duration.ofSeconds(3)),
                            TradeEvent.class);
            List<DeadLetter> letters =
                    KafkaTopics.decodeAll(
                            KafkaTopics.readCommitted(
                                    bootstrap,
                                    Topics.DEAD_LETTERS,
                                    v -> v.size() >= MALFORMED,
                                    Duration.ofSeconds(60),
                                    Duration.ofSeconds(1)),
                            DeadLetter.class);

            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
            Map<String, Long> perId =
                    events.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            TradeEvent::getEventId, Collectors.counting()));
            assertThat(perId.keySet()).isEqualTo(validIds);
            assertThat(perId.values()).allMatch(n -> n == 1L);
            assertThat(events).hasSize(VALID);

            assertThat(letters).hasSize(MALFORMED);
            assertThat(letters).extracting(DeadLetter::getEventId).doesNotHaveDuplicates();
            assertThat(letters)
                    .allSatisfy(
                            l -> {
                                assertThat(l.getReason()).isNotBlank();
                                assertThat(l.getValue()).isNotNull();
                                assertThat(l.getSourceTopic()).isEqualTo(Topics.PLATFORM_EVENTS);
                            });
        } finally {
            job.cancel().get();
        }
    }

    /** Publishes VALID orders and MALFORMED damaged records, interleaved; returns the valid ids. */
    private static Set<String> publish() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        MalformedRecords faults = new MalformedRecords(42);
        EventCodec codec = EventCodec.standard();
        Set<String> ids = new HashSet<>();
        int everyNth = VALID / MALFORMED;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < VALID; i++) {
                SpecificRecord order =
                        TestEvents.order(
                                        "it-" + i,
                                        "buyer-" + (i % 97),
                                        "seller-" + (i % 31),
                                        "10.00")
                                .build();
                ids.add("it-" + i);
                byte[] key = ("buyer-" + (i % 97)).getBytes(StandardCharsets.UTF_8);
                producer.send(
                        new ProducerRecord<>(Topics.PLATFORM_EVENTS, key, codec.encode(order)));
                if (i % everyNth == 0 && i / everyNth < MALFORMED) {
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.PLATFORM_EVENTS, key, faults.damage(order)));
                }
            }
        }
        return ids;
    }
}
