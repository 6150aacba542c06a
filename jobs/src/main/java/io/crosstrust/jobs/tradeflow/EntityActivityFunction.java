package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.trade.EntityActivity;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps one running {@link EntityActivity} per entity (keyed by entity id) from the canonical
 * events it takes part in, as subject or counterparty. The aggregate is emitted at most once per
 * {@code emitInterval} per entity (a processing-time timer), so a busy entity costs one output per
 * interval, not one per event; {@code version} counts the events so far, so the newest emitted row
 * wins downstream (ReplacingMergeTree, compacted topic). Input: one {@link EntityTouch} per entity
 * and event; state: one {@link EntityActivityState} per entity.
 */
public final class EntityActivityFunction
        extends KeyedProcessFunction<String, EntityTouch, EntityActivity> {
    private final long emitIntervalMs;
    private transient ValueState<EntityActivityState> activity;
    private transient ValueState<Long> pendingEmit;

    public EntityActivityFunction(Duration emitInterval) {
        if (emitInterval.isNegative() || emitInterval.isZero()) {
            throw new IllegalArgumentException("emitInterval must be > 0, got " + emitInterval);
        }
        this.emitIntervalMs = emitInterval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        activity = getRuntimeContext().getState(TradeFlowDescriptors.ACTIVITY);
        pendingEmit = getRuntimeContext().getState(TradeFlowDescriptors.PENDING_EMIT);
    }

    @Override
    public void processElement(EntityTouch touch, Context ctx, Collector<EntityActivity> out)
            throws Exception {
        EntityActivityState state = activity.value();
        if (state == null) {
            state = new EntityActivityState();
        }
        state.add(touch);
        activity.update(state);
        if (pendingEmit.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + emitIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            pendingEmit.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EntityActivity> out)
            throws Exception {
        pendingEmit.clear();
        EntityActivityState state = activity.value();
        if (state != null) {
            out.collect(state.toRecord());
        }
    }
}
