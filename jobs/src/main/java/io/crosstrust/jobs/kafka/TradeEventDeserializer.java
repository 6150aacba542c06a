package io.crosstrust.jobs.kafka;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.wire.EventCodec;
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
 * Decodes trade.events records (Avro single-object encoding) to {@link TradeEvent}s inside the
 * Kafka source, so that the source can assign event time per partition (and align partitions, see
 * {@code ScoringJob.eventTime}). trade.events is written by the trade flow, which validated every
 * event, so a record that does not decode is a bug or a foreign producer: it is counted ({@code
 * undecodableTradeEvents}), logged with its position, and skipped, never stopping the job.
 */
public final class TradeEventDeserializer implements KafkaRecordDeserializationSchema<TradeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TradeEventDeserializer.class);

    private transient EventCodec codec;
    private transient Counter undecodable;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = EventCodec.standard();
        undecodable = context.getMetricGroup().counter("undecodableTradeEvents");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TradeEvent> out) {
        TradeEvent e;
        try {
            e = codec.decode(record.value(), TradeEvent.class);
        } catch (Exception ex) {
            undecodable.inc();
            LOG.warn(
                    "skipping undecodable trade event at {}/{}/{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    ex.toString());
            return;
        }
        out.collect(e);
    }

    @Override
    public TypeInformation<TradeEvent> getProducedType() {
        return new AvroTypeInfo<>(TradeEvent.class);
    }
}
