package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last step of the warnings: keyed by the candidate's entity, {@link WarningGate} turns
 * candidates into published {@link RiskWarning}s (de-duplication, cool-down unless severity rises,
 * clearing). The gate state of an entity without a candidate for {@code inactivityMillis} (event
 * time) is cleared by a timer, one per entity at most. Rules (cool-downs, switches) from the
 * broadcast input, applied as {@link EntityWarningsFunction} does (which reports refusals).
 */
public final class WarningGateFunction
        extends KeyedBroadcastProcessFunction<String, WarningCandidate, RawRecord, RiskWarning> {
    private static final long serialVersionUID = 1L;

    private final RiskRules initialRules;
    private final long inactivityMillis;
    private final Clock clock;

    private transient ValueState<GateState> gate;
    private transient RulesInForce rules;
    private transient Counter published;
    private transient Counter suppressed;

    public WarningGateFunction(RiskRules initialRules, long inactivityMillis) {
        this(initialRules, inactivityMillis, Clock.systemUTC());
    }

    WarningGateFunction(RiskRules initialRules, long inactivityMillis, Clock clock) {
        this.initialRules = Objects.requireNonNull(initialRules, "initialRules");
        this.inactivityMillis = inactivityMillis;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        gate = getRuntimeContext().getState(WarningDescriptors.GATE);
        rules = new RulesInForce(initialRules);
        published = getRuntimeContext().getMetricGroup().counter("warningsPublished");
        suppressed = getRuntimeContext().getMetricGroup().counter("warningsSuppressed");
    }

    @Override
    public void processElement(WarningCandidate c, ReadOnlyContext ctx, Collector<RiskWarning> out)
            throws Exception {
        GateState s = gate.value();
        if (s == null) {
            s = new GateState();
        }
        long before = s.suppressed;
        RiskWarning w =
                WarningGate.offer(
                        s,
                        c,
                        rules.get(ctx.getBroadcastState(WarningDescriptors.RULES)),
                        clock.instant());
        if (w != null) {
            out.collect(w);
            published.inc();
        } else if (s.suppressed > before) {
            suppressed.inc();
        }
        long expiry = s.lastMillis + inactivityMillis;
        if (s.timerMillis != expiry) {
            if (s.timerMillis != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(s.timerMillis);
            }
            ctx.timerService().registerEventTimeTimer(expiry);
            s.timerMillis = expiry;
        }
        gate.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskWarning> out)
            throws Exception {
        GateState s = gate.value();
        if (s != null && timestamp - s.lastMillis >= inactivityMillis) {
            gate.clear();
        }
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context ctx, Collector<RiskWarning> out)
            throws Exception {
        rules.update(ctx.getBroadcastState(WarningDescriptors.RULES), update.value);
    }
}
