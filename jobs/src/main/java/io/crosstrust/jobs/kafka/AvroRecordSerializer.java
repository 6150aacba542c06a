package io.crosstrust.jobs.kafka;

import io.crosstrust.ingest.wire.EventCodec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic in the project's wire format (Avro single-object encoding), keyed by
 * a field of the record so that one entity's records stay in one partition and in order.
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {

    /** Picks the Kafka key of a record. */
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    private final String topic;
    private final KeyOf<T> keyOf;

    public AvroRecordSerializer(String topic, KeyOf<T> keyOf) {
        this.topic = topic;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T record, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(record);
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                EventCodec.standard().encode(record));
    }
}
