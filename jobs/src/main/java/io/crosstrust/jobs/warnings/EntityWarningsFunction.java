package io.crosstrust.jobs.warnings;

import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.ScoredEvent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the entity-level warning rules ({@link EntityRiskState}) over the scored events of each
 * entity (keyed by entity id, in the order the scoring function produced them) and emits warning
 * candidates, for the entity itself or, for COUNTERPARTY_CONTAGION, for its payees (the gate
 * downstream is keyed by the candidate's entity).
 *
 * <p>Timers (event time): one per entity at most, at the earliest of the next overdue check ({@link
 * EntityRiskState#nextWakeUp}) and the entity's expiry after {@code inactivityMillis} without an
 * event, when all its state is cleared. Rules come from risk.rules on the broadcast input ({@link
 * RuleUpdates}); this function reports refused rule sets (once, from subtask 0) to {@link
 * WarningDescriptors#REJECTED_RULES}; the other rule-reading functions apply the same verdict
 * silently.
 */
public final class EntityWarningsFunction
        extends KeyedBroadcastProcessFunction<String, ScoredEvent, RawRecord, WarningCandidate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EntityWarningsFunction.class);

    private final RiskRules initialRules;
    private final long inactivityMillis;
    private final Clock clock;

    private transient ValueState<EntityRiskState> risk;
    private transient ValueState<Long> timer;
    private transient RulesInForce rules;
    private transient Counter candidates;
    private transient Counter rulesAccepted;
    private transient Counter rulesRejected;

    public EntityWarningsFunction(RiskRules initialRules, long inactivityMillis) {
        this(initialRules, inactivityMillis, Clock.systemUTC());
    }

    EntityWarningsFunction(RiskRules initialRules, long inactivityMillis, Clock clock) {
        this.initialRules = Objects.requireNonNull(initialRules, "initialRules");
        if (inactivityMillis <= 0) {
            throw new IllegalArgumentException("inactivity must be > 0");
        }
        this.inactivityMillis = inactivityMillis;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        risk = getRuntimeContext().getState(WarningDescriptors.ENTITY_RISK);
        timer = getRuntimeContext().getState(WarningDescriptors.ENTITY_TIMER);
        rules = new RulesInForce(initialRules);
        var metrics = getRuntimeContext().getMetricGroup();
        candidates = metrics.counter("warningCandidates");
        rulesAccepted = metrics.counter("rulesAccepted");
        rulesRejected = metrics.counter("rulesRejected");
    }

    @Override
    public void processElement(ScoredEvent s, ReadOnlyContext ctx, Collector<WarningCandidate> out)
            throws Exception {
        RiskRules r = rules.get(ctx.getBroadcastState(WarningDescriptors.RULES));
        EntityRiskState state = risk.value();
        if (state == null) {
            state = new EntityRiskState();
        }
        emit(state.onScored(s, r), out);
        risk.update(state);
        arm(state, r, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WarningCandidate> out)
            throws Exception {
        timer.clear();
        EntityRiskState state = risk.value();
        if (state == null) {
            return;
        }
        if (timestamp - state.lastEventMillis() >= inactivityMillis) {
            risk.clear();
            return;
        }
        RiskRules r = rules.get(ctx.getBroadcastState(WarningDescriptors.RULES));
        emit(state.onTime(ctx.getCurrentKey(), timestamp, r), out);
        risk.update(state);
        arm(state, r, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(
            RawRecord update, Context ctx, Collector<WarningCandidate> out) throws Exception {
        RuleUpdates.Verdict v =
                rules.update(ctx.getBroadcastState(WarningDescriptors.RULES), update.value);
        boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        if (v.accepted()) {
            rulesAccepted.inc();
            if (reporter) {
                LOG.info(
                        "risk rules version {} in force from {}",
                        v.rules().version(),
                        update.position());
            }
        } else if (!v.ignored()) {
            rulesRejected.inc();
            if (reporter) {
                LOG.warn("risk rules {} refused: {}", update.position(), v.rejection());
                ctx.output(
                        WarningDescriptors.REJECTED_RULES,
                        RuleUpdates.rejection(update, v.rejection(), clock.instant()));
            }
        }
    }

    private void emit(List<WarningCandidate> list, Collector<WarningCandidate> out) {
        for (WarningCandidate c : list) {
            out.collect(c);
            candidates.inc();
        }
    }

    private void arm(EntityRiskState state, RiskRules r, TimerService timers) throws Exception {
        long next = Math.min(state.nextWakeUp(r), state.lastEventMillis() + inactivityMillis);
        Long current = timer.value();
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        timers.registerEventTimeTimer(next);
        timer.update(next);
    }
}
