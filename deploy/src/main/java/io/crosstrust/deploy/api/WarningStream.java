package io.crosstrust.deploy.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code risk.warnings} (read_committed: warnings of aborted transactions never show) from
 * its end and pushes each new warning as a server-sent event to every subscriber whose filter it
 * passes. One consumer thread for all subscribers; a subscriber whose connection fails is dropped.
 * A comment line every few seconds keeps idle connections alive and finds dead ones.
 */
public final class WarningStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarningStream.class);

    /** One open event stream and what it asked for (null: any). */
    record Subscriber(OutputStream out, String severity, String region, String entity) {
        boolean wants(RiskWarning w) {
            return (severity == null || severity.equals(w.getSeverity().name()))
                    && (region == null || region.equals(w.getRegion()))
                    && (entity == null || entity.equals(w.getEntityId()));
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch assigned =
            new java.util.concurrent.CountDownLatch(1);

    private WarningStream(String bootstrapServers) {
        thread = new Thread(() -> run(bootstrapServers), "crosstrust-api-warnings");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts following the topic; returns once the consumer sits at the topic's end. */
    public static WarningStream start(String bootstrapServers) {
        WarningStream s = new WarningStream(bootstrapServers);
        try {
            s.assigned.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    void subscribe(Subscriber s) {
        subscribers.add(s);
    }

    int subscribers() {
        return subscribers.size();
    }

    private void run(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        EventCodec codec = EventCodec.standard();
        long lastBeat = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.RISK_WARNINGS).stream()
                            .map(p -> new TopicPartition(Topics.RISK_WARNINGS, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, not at first poll
            assigned.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RiskWarning w;
                    try {
                        w = codec.decode(r.value(), RiskWarning.class);
                    } catch (Exception e) {
                        LOG.warn(
                                "live warnings: skipped an undecodable record at offset {}",
                                r.offset());
                        continue;
                    }
                    byte[] event =
                            ("event: warning\ndata: " + json(w) + "\n\n")
                                    .getBytes(StandardCharsets.UTF_8);
                    for (Subscriber s : subscribers) {
                        if (s.wants(w)) {
                            write(s, event);
                        }
                    }
                }
                if (System.nanoTime() - lastBeat > 5_000_000_000L) {
                    lastBeat = System.nanoTime();
                    byte[] beat = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
                    subscribers.forEach(s -> write(s, beat));
                }
            }
        } catch (RuntimeException e) {
            if (!stop.get()) {
                LOG.error("live warnings: consumer stopped", e);
            }
        } finally {
            assigned.countDown();
            subscribers.forEach(this::drop);
        }
    }

    private void write(Subscriber s, byte[] event) {
        try {
            s.out().write(event);
            s.out().flush();
        } catch (IOException e) {
            drop(s);
        }
    }

    private void drop(Subscriber s) {
        subscribers.remove(s);
        try {
            s.out().close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    static String json(RiskWarning w) {
        ObjectNode n = CreditApi.JSON.createObjectNode();
        n.put("event_id", w.getEventId());
        n.put("entity_id", w.getEntityId());
        n.put("region", w.getRegion());
        n.put("type", w.getType().name());
        n.put("severity", w.getSeverity().name());
        n.put("status", w.getStatus().name());
        n.put("explanation", w.getExplanation());
        w.getEvidenceEventIds().forEach(n.putArray("evidence_event_ids")::add);
        n.put("rule_id", w.getRuleId());
        n.put("raised_at", String.valueOf(w.getRaisedAt()));
        n.put("event_time", String.valueOf(w.getEventTime()));
        return n.toString();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
