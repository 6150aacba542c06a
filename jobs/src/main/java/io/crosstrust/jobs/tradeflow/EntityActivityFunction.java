package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps one running {@link EntityActivity} per entity (keyed by entity id) from the canonical
 * events it takes part in, as subject or counterparty. The aggregate is emitted at most once per
 * {@code emitInterval} per entity (a processing-time timer), so a busy entity costs one output per
 * interval, not one per event; {@code version} counts the events so far, so the newest emitted row
 * wins downstream (ReplacingMergeTree, compacted topic). Input: (entity id, event) pairs.
 */
public final class EntityActivityFunction
        extends KeyedProcessFunction<String, EntityTouch, EntityActivity> {
    private final long emitIntervalMs;
    private transient ValueState<EntityActivity> activity;
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
        EntityActivity current = activity.value();
        activity.update(apply(current, touch));
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
        EntityActivity current = activity.value();
        if (current != null) {
            out.collect(current);
        }
    }

    /** The aggregate after one more event; pure, so it is tested without Flink. */
    static EntityActivity apply(EntityActivity current, EntityTouch touch) {
        TradeEvent e = touch.event;
        EntityActivity.Builder b =
                current == null
                        ? EntityActivity.newBuilder()
                                .setEntityId(touch.entityId)
                                .setVersion(0)
                                .setEvents(0)
                                .setOrders(0)
                                .setPayments(0)
                                .setShipments(0)
                                .setDisputes(0)
                                .setOnChainEvents(0)
                                .setOrderVolume(new ArrayList<>())
                                .setFirstEventTime(e.getEventTime())
                                .setLastEventTime(e.getEventTime())
                        : EntityActivity.newBuilder(current);
        long version = b.getVersion() + 1;
        b.setVersion(version)
                .setEventId(touch.entityId + ":" + version)
                .setEvents(b.getEvents() + 1)
                .setLastEventId(e.getEventId());
        String region = touch.asSubject ? e.getSubjectRegion() : e.getCounterpartyRegion();
        if (region != null) {
            b.setRegion(region);
        }
        if (e.getEventTime().isBefore(b.getFirstEventTime())) {
            b.setFirstEventTime(e.getEventTime());
        }
        if (e.getEventTime().isAfter(b.getLastEventTime())) {
            b.setLastEventTime(e.getEventTime());
        }
        if (e.getOnChain()) {
            b.setOnChainEvents(b.getOnChainEvents() + 1);
        }
        TradeEventType type = e.getType();
        if (type == TradeEventType.ORDER_PLACED) {
            b.setOrders(b.getOrders() + 1);
            b.setOrderVolume(add(b.getOrderVolume(), e.getAmount()));
        } else if (type == TradeEventType.PAYMENT_MADE) {
            b.setPayments(b.getPayments() + 1);
        } else if (type == TradeEventType.SHIPMENT_DELIVERED) {
            b.setShipments(b.getShipments() + 1);
        } else if (type == TradeEventType.DISPUTE_OPENED) {
            b.setDisputes(b.getDisputes() + 1);
        }
        return b.build();
    }

    /** Adds an amount to the per-currency totals, keeping them sorted by currency. */
    static List<Money> add(List<Money> totals, Money amount) {
        List<Money> result = new ArrayList<>(totals.size() + 1);
        boolean added = false;
        for (Money m : totals) {
            int cmp = m.getCurrency().compareTo(amount.getCurrency());
            if (!added && cmp > 0) {
                result.add(new Money(amount.getAmount(), amount.getCurrency()));
                added = true;
            }
            if (cmp == 0) {
                BigDecimal sum = m.getAmount().add(amount.getAmount());
                result.add(new Money(sum, m.getCurrency()));
                added = true;
            } else {
                result.add(m);
            }
        }
        if (!added) {
            result.add(new Money(amount.getAmount(), amount.getCurrency()));
        }
        return result;
    }
}
