package io.crosstrust.jobs.kafka;

import io.crosstrust.jobs.kafka.AvroRecordSerializer.KeyOf;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka sources and sinks of the jobs, built one way everywhere: sources read committed data
 * only and resume from the group's committed offsets (earliest when none); sinks are exactly-once
 * (Kafka transactions committed on checkpoint), so downstream consumers must read_committed.
 */
public final class KafkaConnectors {
    /**
     * Kafka's transaction timeout for the sinks: long enough to span a checkpoint and a restart.
     */
    public static final String TRANSACTION_TIMEOUT_MS = "60000";

    private KafkaConnectors() {}

    public static KafkaSource<RawRecord> rawSource(
            String bootstrapServers, List<String> topics, String groupId) {
        return source(bootstrapServers, topics, groupId, new RawRecordDeserializer());
    }

    /** A topic the jobs write, decoded in the source ({@link DecodingDeserializer}). */
    public static <T extends SpecificRecordBase> KafkaSource<T> decodedSource(
            String bootstrapServers, String topic, String groupId, Class<T> type) {
        return source(bootstrapServers, List.of(topic), groupId, new DecodingDeserializer<>(type));
    }

    private static <T> KafkaSource<T> source(
            String bootstrapServers,
            List<String> topics,
            String groupId,
            KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topics)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /**
     * An exactly-once sink to one topic.
     *
     * @param transactionalIdPrefix unique per sink and per job in the whole Kafka cluster
     */
    public static <T extends SpecificRecord> KafkaSink<T> exactlyOnceSink(
            String bootstrapServers, String topic, String transactionalIdPrefix, KeyOf<T> keyOf) {
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.setProperty("compression.type", "lz4");
        producer.setProperty("linger.ms", "5");
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(new AvroRecordSerializer<>(topic, keyOf))
                .build();
    }
}
