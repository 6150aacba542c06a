package io.crosstrust.jobs.scoring;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The credit-scoring flow: canonical trade events in, credit scores out, with models hot-swapped
 * from model.updates.
 *
 * <pre>
 *  trade events ──► per entity (subject, seller of an order) ──keyBy──► scoring ──► scored events ──► (warnings)
 *  model updates ──broadcast──────────────────────────────────────────────┘  ├──► credit scores
 *                                                                             └──► refused models (dead letters)
 * </pre>
 *
 * {@link #build} maps the input streams to the output streams; the caller attaches sources (with
 * {@link #eventTime} watermarks on the trade events) and sinks, so tests run the same graph on
 * embedded inputs. Assumptions: trade events carry event-time timestamps and watermarks
 * (heartbeats, expiry and the warnings' overdue timers run in event time); duplicates of an event
 * id were dropped upstream or are tolerated (a duplicate counts twice in the features).
 */
public final class ScoringJob {

    /**
     * @param scores published credit scores (changes and heartbeats), for credit.scores and
     *     ClickHouse
     * @param scored every scored event in per-entity order, for the warnings
     * @param rejectedModels model updates that were refused, with the reason
     */
    public record Outputs(
            DataStream<CreditScore> scores,
            SingleOutputStreamOperator<ScoredEvent> scored,
            DataStream<DeadLetter> rejectedModels) {}

    private ScoringJob() {}

    /**
     * Event-time watermarks for trade events: event_time, out of order by up to {@code lag}. No
     * idleness: event time (heartbeats, overdue checks, expiry) stands still while trade.events is
     * quiet or one of its partitions gets no data, and moves on with the next events.
     */
    public static WatermarkStrategy<TradeEvent> eventTime(Duration lag) {
        return WatermarkStrategy.<TradeEvent>forBoundedOutOfOrderness(lag)
                .withTimestampAssigner((e, ts) -> e.getEventTime().toEpochMilli());
    }

    /** How often the trade.events source re-checks the alignment of its partitions. */
    static final Duration ALIGNMENT_INTERVAL = Duration.ofMillis(200);

    /**
     * {@link #eventTime} for the trade.events Kafka source (which decodes, so that each partition
     * gets its own watermark), with the partitions aligned: a partition whose watermark runs more
     * than {@code lag} ahead of the slowest one pauses until that one catches up. Live, partitions
     * are seconds apart and nothing pauses; in a replay or a catch-up after downtime the consumer
     * reads a backlog as fast as it can, and without alignment one partition could run days of
     * event time ahead of another, so an entity would see its own events out of order by days
     * (windows and timers of the warning rules then misjudge). Alignment is checked every {@link
     * #ALIGNMENT_INTERVAL}, so the drift in a fast replay is that much processing time, not zero.
     *
     * <p>A partition with nothing to read for {@code idleness} (processing time) is idle: it stops
     * holding back the watermark and the alignment. Without that, a partition whose data ended more
     * than {@code lag} behind another's would keep the other paused for good, its last records
     * unread (a replay stalled so; {@code TradeEventsSourceITCase}). In a backlog every partition
     * has data, so none goes idle before its data ends.
     */
    public static WatermarkStrategy<TradeEvent> alignedSourceEventTime(
            Duration lag, Duration idleness) {
        if (idleness.isZero() || idleness.isNegative()) {
            throw new IllegalArgumentException(
                    ScoringOptions.SOURCE_IDLENESS.key()
                            + " must be positive, was "
                            + idleness
                            + ": a trade.events partition that ran dry would pause the others"
                            + " for good");
        }
        return eventTime(lag)
                .withIdleness(idleness)
                .withWatermarkAlignment("trade-events", lag, ALIGNMENT_INTERVAL);
    }

    /**
     * Watermarks for a control stream (model updates, rules) joined to an event-time stream: none,
     * and the input is marked idle a second after its last record, so it never holds event time
     * back and never drives it either (when the trade events go quiet, event time stands still
     * instead of jumping to the end and expiring every entity).
     */
    public static <T> WatermarkStrategy<T> controlStream() {
        return WatermarkStrategy.<T>forGenerator(ctx -> new NoWatermarks<>())
                .withIdleness(Duration.ofSeconds(1));
    }

    /**
     * Builds the graph.
     *
     * @param events canonical trade events with event-time timestamps and watermarks
     * @param modelUpdates model.updates records (artifact JSON, {@link ModelUpdates}) with {@link
     *     #controlStream()} watermarks
     * @param initialModel the artifact JSON to start with ({@link ModelUpdates#json})
     */
    public static Outputs build(
            DataStream<TradeEvent> events,
            DataStream<RawRecord> modelUpdates,
            byte[] initialModel,
            ScoringSettings settings) {
        BroadcastStream<RawRecord> models = modelUpdates.broadcast(ScoringDescriptors.MODEL);
        SingleOutputStreamOperator<ScoredEvent> scored =
                events.flatMap(
                                (TradeEvent e, Collector<EntityEvent> out) -> {
                                    for (EntityEvent x : EntityEvent.of(e)) {
                                        out.collect(x);
                                    }
                                },
                                TypeInformation.of(EntityEvent.class))
                        .name("entities of each event")
                        .keyBy(EntityEvent::entityId, TypeInformation.of(String.class))
                        .connect(models)
                        .process(
                                new ScoringFunction(initialModel, settings),
                                TypeInformation.of(ScoredEvent.class))
                        .uid(ScoringDescriptors.UID_SCORING)
                        .name("credit scoring");
        DataStream<CreditScore> scores =
                scored.flatMap(
                                (ScoredEvent s, Collector<CreditScore> out) -> {
                                    if (s.published != null) {
                                        out.collect(s.published);
                                    }
                                },
                                new AvroTypeInfo<>(CreditScore.class))
                        .name("published scores");
        return new Outputs(
                scores, scored, scored.getSideOutput(ScoringDescriptors.REJECTED_MODELS));
    }

    /** Emits no watermark: the control input only ever counts as idle. */
    static final class NoWatermarks<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
