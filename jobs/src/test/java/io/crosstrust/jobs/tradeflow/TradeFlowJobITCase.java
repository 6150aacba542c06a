package io.crosstrust.jobs.tradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.EmbeddedKafkaExtension;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.testing.FailOnceAfterCheckpoint;
import io.crosstrust.jobs.testing.OrderFeed;
import io.crosstrust.jobs.testing.TradeFlowOutputs;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @Test
    void countsStayExactAcrossATaskFailure() throws Exception {
        OrderFeed feed = new OrderFeed(VALID, MALFORMED);
        Set<String> validIds = feed.validIds();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            feed.send(producer, null);
        }
        FailOnceAfterCheckpoint.reset();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);

        String bootstrap = KAFKA.bootstrapServers();
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
            TradeFlowOutputs committed =
                    TradeFlowOutputs.readCommitted(
                            bootstrap, VALID, MALFORMED, Duration.ofSeconds(120));

            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
            committed.assertExactlyOnce(validIds, MALFORMED);
        } finally {
            job.cancel().get();
        }
    }
}
