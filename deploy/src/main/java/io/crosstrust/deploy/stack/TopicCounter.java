package io.crosstrust.deploy.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed records of some topics from their beginning, as a read_committed consumer
 * would see them (end offsets would also count transaction markers). A background thread; cheap: it
 * never decodes a value.
 */
public final class TopicCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicCounter(String bootstrapServers, List<String> topics) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                topics.stream()
                        .flatMap(
                                t ->
                                        consumer.partitionsFor(t).stream()
                                                .map(p -> new TopicPartition(t, p.partition())))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        topics.forEach(t -> counts.put(t, new AtomicLong()));
        thread = new Thread(this::loop, "topic-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    counts.get(r.topic()).incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Committed records counted so far in a topic. */
    public long count(String topic) {
        AtomicLong n = counts.get(topic);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
