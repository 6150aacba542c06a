package io.crosstrust.jobs.testing;

import io.crosstrust.ingest.wire.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the start as a read_committed consumer, and decodes what it read, for
 * assertions.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Reads until {@code done} holds for what was read so far or the timeout elapses, then keeps
     * reading for {@code settle} more to catch anything extra (a duplicate would show up there).
     */
    public static List<byte[]> readCommitted(
            String bootstrap,
            String topic,
            Predicate<List<byte[]>> done,
            Duration timeout,
            Duration settle) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(
                                    p ->
                                            new org.apache.kafka.common.TopicPartition(
                                                    topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(values) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            long settleEnd = System.nanoTime() + settle.toNanos();
            while (System.nanoTime() < settleEnd) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** Decodes output records; one that does not decode as {@code type} fails the test. */
    public static <T extends SpecificRecord> List<T> decodeAll(List<byte[]> values, Class<T> type) {
        EventCodec codec = EventCodec.standard();
        List<T> decoded = new ArrayList<>(values.size());
        for (byte[] value : values) {
            try {
                decoded.add(codec.decode(value, type));
            } catch (Exception e) {
                throw new AssertionError(
                        "output record does not decode as " + type.getSimpleName(), e);
            }
        }
        return decoded;
    }
}
