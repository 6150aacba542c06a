package io.crosstrust.jobs.network;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes trade.events records (Avro single-object encoding) to {@link TradeEvent}s. trade.events
 * is written by the trade flow, which validated every event, so a record that does not decode is a
 * bug or a foreign producer: it is counted ({@code undecodableTradeEvents}), logged with its
 * position, and skipped, never stopping the job. Another record type on the topic is skipped the
 * same way.
 */
public final class DecodeTradeEvents extends RichFlatMapFunction<RawRecord, TradeEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeTradeEvents.class);

    private transient EventCodec codec;
    private transient Counter undecodable;

    @Override
    public void open(OpenContext openContext) {
        codec = EventCodec.standard();
        undecodable = getRuntimeContext().getMetricGroup().counter("undecodableTradeEvents");
    }

    @Override
    public void flatMap(RawRecord record, Collector<TradeEvent> out) {
        try {
            out.collect(codec.decode(record.value, TradeEvent.class));
        } catch (Exception e) {
            undecodable.inc();
            LOG.warn("skipping undecodable trade event at {}: {}", record.position(), e.toString());
        }
    }
}
