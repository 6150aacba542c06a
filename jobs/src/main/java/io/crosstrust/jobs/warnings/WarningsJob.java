package io.crosstrust.jobs.warnings;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.ScoredEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The risk-warning flow, downstream of scoring:
 *
 * <pre>
 *  scored events (per entity, as scoring keyed them) ──► entity rules ──┐
 *  trade events (orders) ──► circular trading (one key, one instance) ──┼─ keyBy(entity) ─► gate ─► risk warnings
 *  risk.rules ──broadcast to the three ─────────────────────────────────┘
 * </pre>
 *
 * The entity rules read the scoring output in place ({@link
 * DataStreamUtils#reinterpretAsKeyedStream}: it is already partitioned by entity), so an event and
 * the score it produced travel together with no shuffle. Assumes the scored events come straight
 * from {@code ScoringJob.build} (same parallelism and key) and carry event-time watermarks.
 */
public final class WarningsJob {

    /**
     * @param warnings published warnings, for risk.warnings and ClickHouse
     * @param rejectedRules refused rule sets, with the reason
     */
    public record Outputs(DataStream<RiskWarning> warnings, DataStream<DeadLetter> rejectedRules) {}

    private WarningsJob() {}

    /**
     * @param scored the scoring flow's {@code scored} output
     * @param events the trade events (for circular trading; only orders are read)
     * @param ruleUpdates risk.rules records with control-stream watermarks
     * @param initial the rules until risk.rules brings others
     * @param inactivityMillis forget an entity's warning state after this long without an event
     */
    public static Outputs build(
            SingleOutputStreamOperator<ScoredEvent> scored,
            DataStream<TradeEvent> events,
            DataStream<RawRecord> ruleUpdates,
            RiskRules initial,
            long inactivityMillis) {
        BroadcastStream<RawRecord> rules = ruleUpdates.broadcast(WarningDescriptors.RULES);
        SingleOutputStreamOperator<WarningCandidate> entity =
                DataStreamUtils.reinterpretAsKeyedStream(
                                scored, ScoredEvent::entityId, TypeInformation.of(String.class))
                        .connect(rules)
                        .process(
                                new EntityWarningsFunction(initial, inactivityMillis),
                                TypeInformation.of(WarningCandidate.class))
                        .uid(WarningDescriptors.UID_ENTITY_WARNINGS)
                        .name("entity warning rules");
        SingleOutputStreamOperator<WarningCandidate> circular =
                events.filter(e -> e.getType() == TradeEventType.ORDER_PLACED)
                        .name("orders")
                        .keyBy(e -> CircularTradingFunction.KEY, TypeInformation.of(Byte.class))
                        .connect(rules)
                        .process(
                                new CircularTradingFunction(initial),
                                TypeInformation.of(WarningCandidate.class))
                        .setParallelism(1)
                        .uid(WarningDescriptors.UID_CIRCULAR)
                        .name("circular trading");
        SingleOutputStreamOperator<RiskWarning> warnings =
                entity.union(circular)
                        .keyBy(WarningCandidate::entityId, TypeInformation.of(String.class))
                        .connect(rules)
                        .process(
                                new WarningGateFunction(initial, inactivityMillis),
                                new AvroTypeInfo<>(RiskWarning.class))
                        .uid(WarningDescriptors.UID_GATE)
                        .name("warning gate");
        return new Outputs(warnings, entity.getSideOutput(WarningDescriptors.REJECTED_RULES));
    }
}
