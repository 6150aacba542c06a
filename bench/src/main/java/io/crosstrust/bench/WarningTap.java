package io.crosstrust.bench;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of risk.warnings on its own thread, from the topic's end at start: for
 * each warning, its record's append time (risk.warnings keeps LogAppendTime), when this consumer
 * received it, its event time and its evidence ids. Fetches wait at most 20 ms on the broker, so a
 * commit becomes a receipt within a few milliseconds.
 */
final class WarningTap implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<WarningLatency.Observed> observed = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    private WarningTap(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(Topics.RISK_WARNINGS).stream()
                        .map(p -> new TopicPartition(Topics.RISK_WARNINGS, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, not at the first poll
        thread = new Thread(this::run, "warning-tap");
        thread.setDaemon(true);
    }

    /** Starts reading from the current end of risk.warnings. */
    static WarningTap fromEnd(String bootstrap) {
        WarningTap tap = new WarningTap(bootstrap);
        tap.thread.start();
        return tap;
    }

    private void run() {
        EventCodec codec = EventCodec.standard();
        try {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long seen = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(
                                "risk.warnings must keep LogAppendTime, has " + r.timestampType());
                    }
                    RiskWarning w = codec.decode(r.value(), RiskWarning.class);
                    List<String> evidence = new ArrayList<>();
                    for (CharSequence id : w.getEvidenceEventIds()) {
                        evidence.add(id.toString());
                    }
                    synchronized (observed) {
                        observed.add(
                                new WarningLatency.Observed(
                                        r.timestamp(),
                                        seen,
                                        w.getEventTime().toEpochMilli(),
                                        evidence));
                    }
                }
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** Stops reading; every warning received. */
    List<WarningLatency.Observed> stop() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "reading risk.warnings failed: " + failure.get().getMessage(), failure.get());
        }
        synchronized (observed) {
            return List.copyOf(observed);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
