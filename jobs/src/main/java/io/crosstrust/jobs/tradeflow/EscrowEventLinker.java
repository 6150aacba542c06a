package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.normalise.ChainEventNormaliser;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import io.crosstrust.jobs.kafka.DeadLetters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Attributes TradeEscrow chain events to their platform order, keyed by the escrow order id: the
 * platform's escrow-settled OrderPlaced (first input, as an {@link EscrowOrderLink}) tells the
 * order id and the parties' entity ids; each chain event (second input) is then normalised with
 * them ({@link ChainEventNormaliser}), in arrival order, so that chain evidence joins the platform
 * order (transparency KPI) and the entities' scores.
 *
 * <p>Assumptions and guarantees: an order's chain events arrive in chain order (the listener keys
 * them by the escrow order id). A chain event that arrives before its platform order waits in
 * state, at most {@code linkTimeout} (processing time); then it goes out unattributed (addresses
 * for entities, the escrow order id for the order), and the order's later events wait again. An
 * order's state goes {@code retention} after its final event (released, resolved, refunded), so
 * that a retraction after a reorg is attributed like the event it retracts; every state expires
 * {@code ttl} after it was written (orders never settled). The dispute's opener and time, kept from
 * its EscrowDisputed, make a resolution's respondent, outcome and resolution time. A chain event
 * that does not decode or breaks a rule goes to the dead letters whole. State per open order: the
 * link (~100 bytes), the dispute, the waiting events.
 */
public final class EscrowEventLinker
        extends KeyedCoProcessFunction<String, EscrowOrderLink, EscrowChainStep, TradeEvent> {
    static final String STAGE = "normalise-chain";

    private final ChainLinkSettings settings;
    private final Clock clock;
    private transient ChainEventNormaliser normaliser;
    private transient ValueState<EscrowOrderLink> order;
    private transient ValueState<DisputeState> dispute;
    private transient ListState<EscrowChainStep> waiting;
    private transient ValueState<Long> timeoutAt;
    private transient ValueState<Long> cleanupAt;
    private transient Counter linked;
    private transient Counter unlinked;
    private transient Counter deadLetters;

    public EscrowEventLinker(ChainLinkSettings settings) {
        this(settings, Clock.systemUTC());
    }

    EscrowEventLinker(ChainLinkSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The dispute of an order: who opened it and when. A Flink POJO. */
    public static class DisputeState {
        public boolean openedByBuyer;
        public long openedAtMillis;

        public DisputeState() {}

        DisputeState(ChainEventNormaliser.Dispute d) {
            this.openedByBuyer = d.openedByBuyer();
            this.openedAtMillis = d.openedAt().toEpochMilli();
        }

        ChainEventNormaliser.Dispute toDispute() {
            return new ChainEventNormaliser.Dispute(
                    openedByBuyer, Instant.ofEpochMilli(openedAtMillis));
        }
    }

    @Override
    public void open(OpenContext openContext) {
        normaliser = new ChainEventNormaliser(settings.currency(), settings.decimals());
        order = getRuntimeContext().getState(TradeFlowDescriptors.escrowOrder(settings.ttl()));
        dispute = getRuntimeContext().getState(TradeFlowDescriptors.escrowDispute(settings.ttl()));
        waiting =
                getRuntimeContext()
                        .getListState(TradeFlowDescriptors.escrowWaiting(settings.ttl()));
        timeoutAt =
                getRuntimeContext().getState(TradeFlowDescriptors.escrowTimeout(settings.ttl()));
        cleanupAt =
                getRuntimeContext().getState(TradeFlowDescriptors.escrowCleanup(settings.ttl()));
        linked = getRuntimeContext().getMetricGroup().counter("chainEventsLinked");
        unlinked = getRuntimeContext().getMetricGroup().counter("chainEventsUnlinked");
        deadLetters = getRuntimeContext().getMetricGroup().counter("chainDeadLetters");
    }

    @Override
    public void processElement1(EscrowOrderLink link, Context ctx, Collector<TradeEvent> out)
            throws Exception {
        order.update(link);
        Long timeout = timeoutAt.value();
        if (timeout != null) {
            ctx.timerService().deleteProcessingTimeTimer(timeout);
            timeoutAt.clear();
        }
        List<EscrowChainStep> steps = new ArrayList<>();
        waiting.get().forEach(steps::add);
        waiting.clear();
        for (EscrowChainStep s : steps) {
            emit(s, link, ctx, out);
        }
    }

    @Override
    public void processElement2(EscrowChainStep step, Context ctx, Collector<TradeEvent> out)
            throws Exception {
        EscrowOrderLink link = order.value();
        if (link != null) {
            emit(step, link, ctx, out);
            return;
        }
        waiting.add(step);
        if (timeoutAt.value() == null) {
            long at =
                    ctx.timerService().currentProcessingTime() + settings.linkTimeout().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            timeoutAt.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TradeEvent> out)
            throws Exception {
        Long cleanup = cleanupAt.value();
        if (cleanup != null && timestamp >= cleanup) {
            order.clear();
            dispute.clear();
            waiting.clear();
            timeoutAt.clear();
            cleanupAt.clear();
            return;
        }
        Long timeout = timeoutAt.value();
        if (timeout != null && timestamp >= timeout) {
            timeoutAt.clear();
            List<EscrowChainStep> steps = new ArrayList<>();
            waiting.get().forEach(steps::add);
            waiting.clear();
            for (EscrowChainStep s : steps) {
                emit(s, null, ctx, out);
            }
        }
    }

    private void emit(
            EscrowChainStep step, EscrowOrderLink link, Context ctx, Collector<TradeEvent> out)
            throws Exception {
        SpecificRecord record;
        try {
            record = EventCodec.standard().decode(step.raw.value);
        } catch (WireFormatException e) {
            reject(step, FailureKind.UNDECODABLE, e.getMessage(), null, ctx);
            return;
        }
        ChainLog log = (ChainLog) record.get(record.getSchema().getField("log").pos());
        boolean retraction = log != null && log.getRemoved();
        if (record instanceof EscrowDisputed d && !retraction) {
            dispute.update(new DisputeState(ChainEventNormaliser.disputeOf(d)));
        }
        DisputeState open = dispute.value();
        TradeEvent event;
        try {
            event =
                    normaliser.normalise(
                            record,
                            link == null ? null : link.order(),
                            open == null ? null : open.toDispute());
        } catch (InvalidEventException e) {
            reject(step, FailureKind.INVALID, e.getMessage(), eventIdOf(record), ctx);
            return;
        }
        out.collect(event);
        (link == null ? unlinked : linked).inc();
        if (ChainEventNormaliser.isFinal(record) && !retraction && cleanupAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + settings.retention().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            cleanupAt.update(at);
        }
    }

    private void reject(
            EscrowChainStep step, FailureKind kind, String reason, String hint, Context ctx) {
        DeadLetter letter = DeadLetters.of(step.raw, STAGE, kind, reason, hint, clock.instant());
        ctx.output(TradeFlowDescriptors.DEAD_LETTERS, letter);
        deadLetters.inc();
    }

    private static String eventIdOf(SpecificRecord record) {
        Object id = record.get(record.getSchema().getField("event_id").pos());
        return id == null ? null : id.toString();
    }
}
