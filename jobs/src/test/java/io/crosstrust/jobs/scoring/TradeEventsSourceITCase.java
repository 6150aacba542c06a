package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.kafka.EmbeddedKafkaExtension;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.testing.TestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The credit-risk job's trade.events source ({@link CreditRiskJob#tradeEvents}) on a real broker:
 * partitions are aligned in event time, and a partition that has run dry must not hold the others
 * back for good. (A replay stalled this way: one partition's data ended more than the allowed drift
 * behind another's, and the other stayed paused with its last records unread.)
 */
class TradeEventsSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    private static final Duration LAG = Duration.ofMinutes(10);

    /**
     * Partition 0 holds one minute of events and then nothing; partition 1 gets five hours of
     * events, appended in batches while the job reads (as the trade-flow job appends them). Every
     * event must be read.
     */
    @Test
    void aPartitionThatRanDryDoesNotPauseTheOthersForGood() throws Exception {
        Instant t0 = TestEvents.T0;
        Set<String> sent = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                sent.add(send(producer, 0, "dry-" + i, t0.plusSeconds(12L * i)));
            }
            producer.flush();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(500);
            Set<String> read = new HashSet<>();
            try (CloseableIterator<String> it =
                    CreditRiskJob.tradeEvents(
                                    env,
                                    KAFKA.bootstrapServers(),
                                    "align-test",
                                    LAG,
                                    Duration.ofSeconds(2))
                            .map(TradeEvent::getEventId)
                            .executeAndCollect("trade.events alignment")) {
                // five hours on partition 1, a minute apart, in ten batches 300 ms apart: the
                // source re-checks alignment between batches, so partition 1 gets paused
                for (int batch = 0; batch < 10; batch++) {
                    for (int m = batch * 30; m < (batch + 1) * 30; m++) {
                        sent.add(send(producer, 1, "busy-" + m, t0.plusSeconds(60L * m)));
                    }
                    producer.flush();
                    Thread.sleep(300);
                }
                Thread reader =
                        new Thread(
                                () -> {
                                    while (read.size() < sent.size() && it.hasNext()) {
                                        synchronized (read) {
                                            read.add(it.next());
                                        }
                                    }
                                });
                reader.setDaemon(true);
                reader.start();
                reader.join(Duration.ofSeconds(60).toMillis());
                synchronized (read) {
                    assertThat(read)
                            .as("events read from trade.events (the rest stayed paused)")
                            .hasSize(sent.size())
                            .isEqualTo(sent);
                }
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String send(
            KafkaProducer<byte[], byte[]> producer, int partition, String id, Instant at) {
        TradeEvent e = ScoringFixtures.event(id, TradeEventType.ORDER_PLACED, "e1", "e2", at);
        producer.send(
                new ProducerRecord<>(
                        Topics.TRADE_EVENTS, partition, null, EventCodec.standard().encode(e)));
        return id;
    }
}
