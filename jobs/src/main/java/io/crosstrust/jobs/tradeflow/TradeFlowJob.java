package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The first flow: raw platform records are decoded, validated and normalised to canonical {@link
 * TradeEvent}s; every entity's running {@link EntityActivity} is kept from them; records that fail
 * go to the dead letters with the reason.
 *
 * <pre>
 *  raw ──normalise──► trade events ──by entity──► entity activity
 *            └──────► dead letters
 * </pre>
 *
 * The graph takes its input stream and hands back its output streams ({@link #build}); the caller
 * attaches sources and sinks ({@link #sinkTo}), so tests run the same graph on embedded inputs.
 * Assumptions: events of one order arrive in order per partition (platforms key by order id);
 * duplicates of an event id are not dropped here, the ClickHouse tables dedup on event id.
 */
public final class TradeFlowJob {

    /** The flow's output streams. */
    public record Outputs(
            DataStream<TradeEvent> tradeEvents,
            DataStream<EntityActivity> activity,
            DataStream<DeadLetter> deadLetters) {}

    /** Where each output goes; each list may hold several sinks (Kafka, ClickHouse). */
    public record Sinks(
            List<Sink<TradeEvent>> tradeEvents,
            List<Sink<EntityActivity>> activity,
            List<Sink<DeadLetter>> deadLetters) {}

    private TradeFlowJob() {}

    /** Builds the graph over a stream of raw platform records. */
    public static Outputs build(DataStream<RawRecord> raw, Duration activityEmitInterval) {
        SingleOutputStreamOperator<TradeEvent> events =
                raw.process(new NormaliseFunction(), new AvroTypeInfo<>(TradeEvent.class))
                        .uid(TradeFlowDescriptors.UID_NORMALISE)
                        .name("normalise platform events");
        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(TradeFlowDescriptors.DEAD_LETTERS);

        DataStream<EntityActivity> activity =
                events.flatMap(
                                (TradeEvent e,
                                        org.apache.flink.util.Collector<EntityTouch> out) -> {
                                    out.collect(new EntityTouch(e.getSubjectId(), true, e));
                                    if (e.getCounterpartyId() != null) {
                                        out.collect(
                                                new EntityTouch(e.getCounterpartyId(), false, e));
                                    }
                                },
                                TypeInformation.of(EntityTouch.class))
                        .name("entities of each event")
                        .keyBy(t -> t.entityId, TypeInformation.of(String.class))
                        .process(
                                new EntityActivityFunction(activityEmitInterval),
                                new AvroTypeInfo<>(EntityActivity.class))
                        .uid(TradeFlowDescriptors.UID_ACTIVITY)
                        .name("entity activity");
        return new Outputs(events, activity, deadLetters);
    }

    /** Attaches every sink to its output, with stable uids. */
    public static void sinkTo(Outputs outputs, Sinks sinks) {
        attach(outputs.tradeEvents(), sinks.tradeEvents(), "trade-events");
        attach(outputs.activity(), sinks.activity(), "entity-activity");
        attach(outputs.deadLetters(), sinks.deadLetters(), "dead-letters");
    }

    private static <T> void attach(DataStream<T> stream, List<Sink<T>> sinks, String name) {
        for (int i = 0; i < sinks.size(); i++) {
            Sink<T> sink = sinks.get(i);
            String id =
                    name
                            + "-sink-"
                            + sink.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            stream.sinkTo(sink).uid(id).name(name + " -> " + sink.getClass().getSimpleName());
        }
    }
}
