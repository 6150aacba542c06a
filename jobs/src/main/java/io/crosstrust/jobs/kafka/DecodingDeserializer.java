package io.crosstrust.jobs.kafka;

import io.crosstrust.ingest.wire.EventCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the records of a topic the jobs themselves write (Avro single-object encoding) inside the
 * Kafka source: trade.events (so that the source can assign event time per partition and align
 * partitions, see {@code ScoringJob.alignedSourceEventTime}), credit.scores (the oracle job). Those
 * topics hold only records a job validated, so a record that does not decode is a bug or a foreign
 * producer: it is counted ({@code undecodableRecords}), logged with its position, and skipped,
 * never stopping the job.
 */
public final class DecodingDeserializer<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodingDeserializer.class);

    private final Class<T> type;
    private transient EventCodec codec;
    private transient Counter undecodable;

    public DecodingDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = EventCodec.standard();
        undecodable = context.getMetricGroup().counter("undecodableRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        T e;
        try {
            e = codec.decode(record.value(), type);
        } catch (Exception ex) {
            undecodable.inc();
            LOG.warn(
                    "skipping undecodable {} at {}/{}/{}: {}",
                    type.getSimpleName(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    ex.toString());
            return;
        }
        out.collect(e);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
