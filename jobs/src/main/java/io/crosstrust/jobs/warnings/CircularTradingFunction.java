package io.crosstrust.jobs.warnings;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.kafka.RawRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Circular-trading detection over the order events of the whole network ({@link
 * TradeCycleDetector}), as one instance: every order carries the same key ({@link #KEY}) and the
 * operator runs with parallelism 1, since a cycle crosses entities.
 *
 * <p>The detector needs its orders in event-time order (its window slides with the latest order),
 * but orders reach this one instance from every source partition, each at its own pace: a partition
 * running days ahead would slide the window past orders another partition has yet to deliver. So
 * orders wait in keyed state until the watermark passes their time (an event-time timer), and then
 * enter the detector in time order (ties by event id). The detector's recent orders live on the
 * heap and go into operator state on each checkpoint. Emits a CIRCULAR_TRADING candidate for every
 * member of each cycle found. Rules from the broadcast input, applied silently
 * (EntityWarningsFunction reports refusals).
 */
public final class CircularTradingFunction
        extends KeyedBroadcastProcessFunction<Byte, TradeEvent, RawRecord, WarningCandidate>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** The one key every order is sent with. */
    public static final Byte KEY = 0;

    private final RiskRules initialRules;

    private transient TradeCycleDetector detector;
    private transient ListState<byte[]> checkpointed;
    private transient MapState<Long, List<PendingOrder>> pending;
    private transient RulesInForce rules;

    public CircularTradingFunction(RiskRules initialRules) {
        this.initialRules = Objects.requireNonNull(initialRules, "initialRules");
    }

    /** An order waiting for the watermark. */
    public static final class PendingOrder {
        public String seller;
        public String buyer;
        public double amount;
        public long millis;
        public String eventId;

        public PendingOrder() {}
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new RulesInForce(initialRules);
        pending = getRuntimeContext().getMapState(WarningDescriptors.PENDING_ORDERS);
        if (detector == null) {
            detector = new TradeCycleDetector();
        }
    }

    @Override
    public void processElement(TradeEvent e, ReadOnlyContext ctx, Collector<WarningCandidate> out)
            throws Exception {
        if (e.getType() != TradeEventType.ORDER_PLACED || e.getAmount() == null) {
            return;
        }
        PendingOrder o = new PendingOrder();
        o.seller = e.getCounterpartyId();
        o.buyer = e.getSubjectId();
        o.amount = e.getAmount().getAmount().doubleValue();
        o.millis = e.getEventTime().toEpochMilli();
        o.eventId = e.getEventId();
        List<PendingOrder> at = pending.get(o.millis);
        if (at == null) {
            at = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(o.millis);
        }
        at.add(o);
        pending.put(o.millis, at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningCandidate> out)
            throws Exception {
        List<PendingOrder> due = pending.get(timestamp);
        if (due == null) {
            return;
        }
        pending.remove(timestamp);
        due.sort(Comparator.comparing(o -> o.eventId));
        RiskRules r = rules.get(ctx.getBroadcastState(WarningDescriptors.RULES));
        for (PendingOrder o : due) {
            for (WarningCandidate c :
                    detector.onOrder(o.seller, o.buyer, o.amount, o.millis, o.eventId, r)) {
                out.collect(c);
            }
        }
    }

    @Override
    public void processBroadcastElement(
            RawRecord update, Context ctx, Collector<WarningCandidate> out) throws Exception {
        rules.update(ctx.getBroadcastState(WarningDescriptors.RULES), update.value);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(List.of(detector.toBytes()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore().getListState(WarningDescriptors.CYCLES);
        detector = new TradeCycleDetector();
        for (byte[] b : checkpointed.get()) {
            detector = TradeCycleDetector.fromBytes(b);
        }
    }

    /** Orders the detector holds (for tests). */
    int recentOrders() {
        return detector.size();
    }
}
