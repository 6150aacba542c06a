package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic of Avro records back for assertions (from the start, all partitions). */
final class ChainTopics {
    /** One record read back with its key and partition. */
    record Read(String key, int partition, long offset, SpecificRecord value) {}

    private ChainTopics() {}

    /**
     * Reads a topic to its end offsets as of now.
     *
     * @param readCommitted read_committed (what exactly-once consumers see) or read_uncommitted
     */
    static List<Read> readAll(String bootstrap, String topic, boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<Read> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        out.add(
                                new Read(
                                        r.key() == null ? null : new String(r.key()),
                                        r.partition(),
                                        r.offset(),
                                        EventCodec.standard().decode(r.value())));
                    } catch (WireFormatException e) {
                        throw new AssertionError("undecodable record in " + topic, e);
                    }
                }
            }
        }
        return out;
    }

    /** Polls until the topic holds at least {@code count} records matching, or fails. */
    static List<Read> awaitCount(
            String bootstrap, String topic, int count, Predicate<Read> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Read> all;
        do {
            all = readAll(bootstrap, topic, true);
            if (all.stream().filter(matching).count() >= count) {
                return all;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                topic
                        + " holds "
                        + all.stream().filter(matching).count()
                        + " matching records, expected "
                        + count);
    }
}
