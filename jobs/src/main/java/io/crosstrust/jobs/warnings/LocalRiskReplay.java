package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.GroundTruth;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.jobs.scoring.EntityCreditState;
import io.crosstrust.jobs.scoring.EntityEvent;
import io.crosstrust.jobs.scoring.OverdueThresholds;
import io.crosstrust.jobs.scoring.ScoredEvent;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.scoring.ScoreBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs a generated world through the scoring and warning rules in one thread, in event-time order,
 * without Flink: the same pure classes the Flink functions wrap ({@link EntityCreditState}, {@link
 * EntityRiskState}, {@link TradeCycleDetector}, {@link WarningGate}), with timers fired exactly at
 * their event times. A fast reference for tuning rules and for tests; the Flink flow adds
 * heartbeats and parallelism, so its figures differ a little (docs/warnings.md).
 */
public final class LocalRiskReplay {

    /** The warnings a world produced, its truth, and how much went through. */
    public record Result(List<RiskWarning> warnings, GroundTruth truth, long events) {}

    private record WakeUp(long millis, String entity, boolean heartbeat) {}

    /**
     * Heartbeats as the scoring job's defaults: daily, for 30 days after an entity's last event.
     */
    static final long HEARTBEAT_MS = 86_400_000L;

    static final long HEARTBEAT_IDLE_MS = 30 * HEARTBEAT_MS;

    private LocalRiskReplay() {}

    public static Result run(TradeWorldConfig config, CreditModel model, RiskRules rules) {
        return run(config, model, rules, false);
    }

    /**
     * @param roundTrip pass every entity's risk state through its byte codec after each step, as
     *     the Flink function stores it (a test of the codec: the warnings must not change)
     */
    static Result run(
            TradeWorldConfig config, CreditModel model, RiskRules rules, boolean roundTrip) {
        PlatformEventNormaliser normaliser = new PlatformEventNormaliser();
        Map<String, EntityCreditState> credit = new HashMap<>();
        Map<String, String> regions = new HashMap<>();
        Map<String, Long> lastEvent = new HashMap<>();
        Map<String, Long> nextHeartbeat = new HashMap<>();
        Map<String, EntityRiskState> risk = new HashMap<>();
        Map<String, GateState> gates = new HashMap<>();
        TradeCycleDetector cycles = new TradeCycleDetector();
        PriorityQueue<WakeUp> timers =
                new PriorityQueue<>((a, b) -> Long.compare(a.millis(), b.millis()));
        List<RiskWarning> warnings = new ArrayList<>();
        CreditFeatures features = model.features();
        ScoreBuffer buffer = model.newBuffer();
        Instant now = Instant.EPOCH;

        TradeWorld world = new TradeWorld(config);
        long events = 0;
        while (world.hasNext()) {
            GeneratedEvent g = world.next();
            long t = g.eventTime().toEpochMilli();
            while (!timers.isEmpty() && timers.peek().millis() <= t) {
                WakeUp w = timers.poll();
                EntityRiskState s = risk.get(w.entity());
                if (w.heartbeat()) {
                    if (s == null
                            || !Long.valueOf(w.millis()).equals(nextHeartbeat.get(w.entity()))) {
                        continue;
                    }
                    ScoredEvent hb =
                            score(
                                    model,
                                    buffer,
                                    credit.get(w.entity()),
                                    w.entity(),
                                    regions.get(w.entity()),
                                    null,
                                    null,
                                    w.millis());
                    gate(s.onScored(hb, rules), gates, rules, now, warnings);
                    s = stored(risk, w.entity(), s, roundTrip);
                    schedule(s, w.entity(), rules, timers);
                    long next = w.millis() + HEARTBEAT_MS;
                    if (next - lastEvent.get(w.entity()) <= HEARTBEAT_IDLE_MS) {
                        nextHeartbeat.put(w.entity(), next);
                        timers.add(new WakeUp(next, w.entity(), true));
                    }
                    continue;
                }
                if (s != null && s.nextWakeUp(rules) == w.millis()) {
                    gate(s.onTime(w.entity(), w.millis(), rules), gates, rules, now, warnings);
                    s = stored(risk, w.entity(), s, roundTrip);
                    schedule(s, w.entity(), rules, timers);
                }
            }
            events++;
            TradeEvent e;
            try {
                e = normaliser.normalise(g.record());
            } catch (InvalidEventException ex) {
                continue;
            }
            if (e.getType() == TradeEventType.ORDER_PLACED && e.getAmount() != null) {
                gate(
                        cycles.onOrder(
                                e.getCounterpartyId(),
                                e.getSubjectId(),
                                e.getAmount().getAmount().doubleValue(),
                                t,
                                e.getEventId(),
                                rules),
                        gates,
                        rules,
                        now,
                        warnings);
            }
            for (EntityEvent x : EntityEvent.of(e)) {
                String id = x.entityId;
                EntityCreditState c = credit.computeIfAbsent(id, k -> EntityCreditState.empty());
                c.apply(features, e, x.role);
                if (e.getType() == TradeEventType.ENTITY_REGISTERED) {
                    regions.put(id, e.getSubjectRegion());
                } else if (!regions.containsKey(id)) {
                    String r =
                            x.role == io.crosstrust.jobs.scoring.CreditEvents.Role.SUBJECT
                                    ? e.getSubjectRegion()
                                    : e.getCounterpartyRegion();
                    if (r != null) {
                        regions.put(id, r);
                    }
                }
                long asOf = Math.max(t, lastEvent.getOrDefault(id, Long.MIN_VALUE));
                lastEvent.put(id, asOf);
                ScoredEvent s = score(model, buffer, c, id, regions.get(id), x.role, e, asOf);
                EntityRiskState r = risk.computeIfAbsent(id, k -> new EntityRiskState());
                gate(r.onScored(s, rules), gates, rules, now, warnings);
                r = stored(risk, id, r, roundTrip);
                schedule(r, id, rules, timers);
                nextHeartbeat.put(id, asOf + HEARTBEAT_MS);
                timers.add(new WakeUp(asOf + HEARTBEAT_MS, id, true));
            }
        }
        return new Result(warnings, world.groundTruth(), events);
    }

    private static EntityRiskState stored(
            Map<String, EntityRiskState> risk, String id, EntityRiskState s, boolean roundTrip) {
        if (!roundTrip) {
            return s;
        }
        EntityRiskState back = EntityRiskState.fromBytes(s.toBytes());
        risk.put(id, back);
        return back;
    }

    private static ScoredEvent score(
            CreditModel model,
            ScoreBuffer buffer,
            EntityCreditState c,
            String id,
            String region,
            io.crosstrust.jobs.scoring.CreditEvents.Role role,
            TradeEvent e,
            long asOf) {
        CreditFeatures features = model.features();
        model.score(c.scoringView(features, asOf, OverdueThresholds.DEFAULT), asOf, buffer);
        ScoredEvent s = new ScoredEvent();
        s.entityId = id;
        s.region = region;
        s.role = role;
        s.event = e;
        s.asOfMillis = asOf;
        s.composite = buffer.composite();
        s.pd = buffer.pd();
        s.grade = buffer.grade();
        s.limitUnits = buffer.limitUnits();
        s.limitCurrency = model.limitRule().currency();
        s.modelVersion = model.version();
        s.tenureDays = buffer.feature(CreditFeatures.STABILITY_TENURE);
        return s;
    }

    private static void schedule(
            EntityRiskState s, String id, RiskRules rules, PriorityQueue<WakeUp> timers) {
        long next = s.nextWakeUp(rules);
        if (next != Long.MAX_VALUE) {
            timers.add(new WakeUp(next, id, false));
        }
    }

    private static void gate(
            List<WarningCandidate> candidates,
            Map<String, GateState> gates,
            RiskRules rules,
            Instant now,
            List<RiskWarning> out) {
        for (WarningCandidate c : candidates) {
            RiskWarning w =
                    WarningGate.offer(
                            gates.computeIfAbsent(c.entityId, k -> new GateState()), c, rules, now);
            if (w != null) {
                out.add(w);
            }
        }
    }
}
