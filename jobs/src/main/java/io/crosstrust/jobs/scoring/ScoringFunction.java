package io.crosstrust.jobs.scoring;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.ScoreTrigger;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.scoring.ScoreBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every entity's credit features (keyed by entity id) and scores it with the model in force.
 *
 * <ul>
 *   <li><b>Per event</b> about the entity ({@link EntityEvent}: as subject, or as the seller
 *       receiving an order) the state is updated ({@link EntityCreditState}) and the entity scored
 *       as of the event ({@link EntityCreditState#scoringView}: overdue obligations count). A
 *       {@link CreditScore} is published when there is none yet, the composite moved by at least
 *       {@link ScoringSettings#emitEpsilon()} points since the last one, or the grade, the top
 *       reason or the model changed. Every scored event goes downstream as a {@link ScoredEvent}.
 *   <li><b>Heartbeat</b>: an event-time timer publishes the entity's score as of then (decayed)
 *       when nothing was published for {@link ScoringSettings#heartbeatMillis()}.
 *   <li><b>Inactivity</b>: an entity without an event for {@link
 *       ScoringSettings#inactivityMillis()} (event time) is forgotten: all its state is cleared, no
 *       timer stays.
 *   <li><b>Model hot-swap</b>: artifacts from model.updates arrive on the broadcast input; an
 *       accepted one ({@link ModelUpdates#check}) replaces the model in the broadcast state of
 *       every instance and scores from then on carry its version; a refused one goes to {@link
 *       ScoringDescriptors#REJECTED_MODELS} with the reason (once, from subtask 0) and the model in
 *       force stays.
 * </ul>
 *
 * One wake-up timer per entity at most. Score versions count per entity and are in the keyed state,
 * so a replay from a checkpoint republishes the same score ids. Assumes events arrive within the
 * watermark's out-of-orderness; a later one still updates the features (the model's tallies do not
 * depend on order) and is scored as of the latest time seen.
 */
public final class ScoringFunction
        extends KeyedBroadcastProcessFunction<String, EntityEvent, RawRecord, ScoredEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScoringFunction.class);

    private final byte[] initialModel;
    private final ScoringSettings settings;
    private final Clock clock;

    private transient ValueState<byte[]> features;
    private transient ValueState<byte[]> instalments;
    private transient ValueState<byte[]> awaiting;
    private transient ValueState<ScoreState> scoreState;

    private transient CreditModel initial;
    private transient CreditModel model;
    private transient byte[] modelJson;
    private transient ScoreBuffer buffer;

    private transient Counter published;
    private transient Counter heartbeats;
    private transient Counter expired;
    private transient Counter modelsAccepted;
    private transient Counter modelsRejected;

    /**
     * @param initialModel the artifact JSON to score with until model.updates brings another (see
     *     {@link ModelUpdates#json})
     */
    public ScoringFunction(byte[] initialModel, ScoringSettings settings) {
        this(initialModel, settings, Clock.systemUTC());
    }

    ScoringFunction(byte[] initialModel, ScoringSettings settings, Clock clock) {
        this.initialModel = Objects.requireNonNull(initialModel, "initialModel").clone();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        try {
            CreditModel.fromJson(this.initialModel);
        } catch (ArtifactException e) {
            throw new IllegalArgumentException(
                    "the initial model does not load: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        features = getRuntimeContext().getState(ScoringDescriptors.FEATURES);
        instalments = getRuntimeContext().getState(ScoringDescriptors.INSTALMENTS);
        awaiting = getRuntimeContext().getState(ScoringDescriptors.AWAITING);
        scoreState = getRuntimeContext().getState(ScoringDescriptors.SCORE);
        initial = CreditModel.fromJson(initialModel);
        model = initial;
        modelJson = null;
        buffer = initial.newBuffer();
        var metrics = getRuntimeContext().getMetricGroup();
        published = metrics.counter("scoresPublished");
        heartbeats = metrics.counter("scoreHeartbeats");
        expired = metrics.counter("entitiesExpired");
        modelsAccepted = metrics.counter("modelsAccepted");
        modelsRejected = metrics.counter("modelsRejected");
    }

    /** The model in force: the broadcast one, else the initial one; compiled once per change. */
    private CreditModel model(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        byte[] json = state.get(ScoringDescriptors.CURRENT_MODEL);
        if (json == null) {
            return initial;
        }
        if (json != modelJson) {
            if (modelJson == null || !Arrays.equals(json, modelJson)) {
                model = CreditModel.fromJson(json); // was accepted, so it loads
            }
            modelJson = json;
        }
        return model;
    }

    @Override
    public void processElement(EntityEvent in, ReadOnlyContext ctx, Collector<ScoredEvent> out)
            throws Exception {
        CreditModel m = model(ctx.getBroadcastState(ScoringDescriptors.MODEL));
        TradeEvent e = in.event;
        Role role = in.role;
        TradeEventType type = e.getType();
        ScoreState st = scoreState.value();
        if (st == null) {
            st = new ScoreState();
        }
        long t = e.getEventTime().toEpochMilli();
        long asOf = Math.max(t, Math.max(st.lastEventMillis, st.lastPublishedMillis));
        OverdueThresholds overdue = settings.overdue();

        boolean paymentStep =
                role == Role.SUBJECT
                        && e.getOrderId() != null
                        && (type == TradeEventType.PAYMENT_DUE
                                || type == TradeEventType.PAYMENT_MADE);
        boolean shipmentStep =
                e.getOrderId() != null
                        && EntityCreditState.obligationsChange(e, role)
                        && !paymentStep;
        boolean loadInstalments =
                paymentStep || st.earliestDueMillis <= asOf - overdue.paymentMillis();
        boolean loadAwaiting =
                shipmentStep || st.earliestAwaitingMillis <= asOf - overdue.shipmentMillis();

        byte[] fb = features.value();
        EntityCreditState s =
                new EntityCreditState(
                        fb == null ? m.newState() : CreditFeatureState.fromBytes(fb),
                        loadInstalments ? loadInstalments() : new OpenInstalments(),
                        loadAwaiting ? loadAwaiting() : new AwaitingShipment());
        s.apply(m.features(), e, role);
        features.update(s.features().toBytes());
        if (paymentStep) {
            st.earliestDueMillis = saveInstalments(s.instalments());
        }
        if (shipmentStep) {
            st.earliestAwaitingMillis = saveAwaiting(s.awaiting());
        }

        if (type == TradeEventType.ENTITY_REGISTERED && role == Role.SUBJECT) {
            st.region = e.getSubjectRegion();
            if (e.getSubjectAddress() != null) {
                st.chainAddress = e.getSubjectAddress();
            }
        } else if (st.region == null) {
            st.region = role == Role.SUBJECT ? e.getSubjectRegion() : e.getCounterpartyRegion();
        }
        st.lastEventMillis = Math.max(st.lastEventMillis, t);
        st.lastEventId = e.getEventId();

        if (type != TradeEventType.SCORE_POSTED && type != TradeEventType.OTHER) {
            m.score(s.scoringView(m.features(), asOf, overdue), asOf, buffer);
            CreditScore score = null;
            if (differs(st, m)) {
                score = publish(st, m, ctx.getCurrentKey(), ScoreTrigger.EVENT, e.getEventId());
            }
            out.collect(scored(ctx.getCurrentKey(), st.region, role, e, score, m));
        }
        arm(st, ctx.timerService(), asOf);
        scoreState.update(st);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out)
            throws Exception {
        ScoreState st = scoreState.value();
        if (st == null) {
            return;
        }
        st.timerMillis = ScoreState.NONE;
        if (st.lastEventMillis != ScoreState.NONE
                && timestamp - st.lastEventMillis >= settings.inactivityMillis()) {
            features.clear();
            instalments.clear();
            awaiting.clear();
            scoreState.clear();
            expired.inc();
            return;
        }
        if (st.lastPublishedMillis != ScoreState.NONE
                && timestamp - st.lastPublishedMillis >= settings.heartbeatMillis()
                && timestamp - st.lastEventMillis <= settings.heartbeatIdleMillis()) {
            CreditModel m = model(ctx.getBroadcastState(ScoringDescriptors.MODEL));
            byte[] fb = features.value();
            if (fb != null) {
                OverdueThresholds overdue = settings.overdue();
                EntityCreditState s =
                        new EntityCreditState(
                                CreditFeatureState.fromBytes(fb),
                                st.earliestDueMillis <= timestamp - overdue.paymentMillis()
                                        ? loadInstalments()
                                        : new OpenInstalments(),
                                st.earliestAwaitingMillis <= timestamp - overdue.shipmentMillis()
                                        ? loadAwaiting()
                                        : new AwaitingShipment());
                m.score(s.scoringView(m.features(), timestamp, overdue), timestamp, buffer);
                CreditScore score =
                        publish(st, m, ctx.getCurrentKey(), ScoreTrigger.HEARTBEAT, null);
                heartbeats.inc();
                out.collect(scored(ctx.getCurrentKey(), st.region, null, null, score, m));
            }
        }
        arm(st, ctx.timerService(), timestamp);
        scoreState.update(st);
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context ctx, Collector<ScoredEvent> out)
            throws Exception {
        BroadcastState<String, byte[]> state = ctx.getBroadcastState(ScoringDescriptors.MODEL);
        CreditModel current = model(state);
        ModelUpdates.Verdict verdict = ModelUpdates.check(update.value, current);
        boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        if (!verdict.accepted()) {
            modelsRejected.inc();
            if (reporter) {
                LOG.warn("model update {} refused: {}", update.position(), verdict.rejection());
                ctx.output(
                        ScoringDescriptors.REJECTED_MODELS,
                        ModelUpdates.rejection(update, verdict.rejection(), clock.instant()));
            }
            return;
        }
        CreditModel next = verdict.model();
        if (next.contentHash().equals(current.contentHash())) {
            return; // the model in force, published again
        }
        byte[] json = update.value.clone();
        state.put(ScoringDescriptors.CURRENT_MODEL, json);
        model = next;
        modelJson = json;
        modelsAccepted.inc();
        if (reporter) {
            LOG.info(
                    "model {} {} ({}) in force from {}",
                    next.id(),
                    next.version(),
                    next.contentHash(),
                    update.position());
        }
    }

    private boolean differs(ScoreState st, CreditModel m) {
        if (st.version == 0 || !m.contentHash().equals(st.modelHash)) {
            return true;
        }
        if (!buffer.grade().equals(st.grade)) {
            return true;
        }
        String top = buffer.reasonCount() > 0 ? buffer.reasonCode(0) : null;
        if (!Objects.equals(top, st.topReason)) {
            return true;
        }
        return Math.abs(buffer.composite() - st.composite) >= settings.emitEpsilon();
    }

    private CreditScore publish(
            ScoreState st, CreditModel m, String entityId, ScoreTrigger trigger, String eventId) {
        st.version++;
        st.composite = buffer.composite();
        st.pd = buffer.pd();
        st.grade = buffer.grade();
        st.topReason = buffer.reasonCount() > 0 ? buffer.reasonCode(0) : null;
        st.modelHash = m.contentHash();
        st.lastPublishedMillis = buffer.asOfMillis();
        published.inc();
        return CreditScores.of(
                entityId,
                st.region,
                st.chainAddress,
                m.toCreditScore(buffer),
                st.version,
                trigger,
                eventId);
    }

    private ScoredEvent scored(
            String entityId,
            String region,
            Role role,
            TradeEvent e,
            CreditScore published,
            CreditModel m) {
        ScoredEvent s = new ScoredEvent();
        s.entityId = entityId;
        s.region = region;
        s.role = role;
        s.event = e;
        s.published = published;
        s.asOfMillis = buffer.asOfMillis();
        s.composite = buffer.composite();
        s.pd = buffer.pd();
        s.grade = buffer.grade();
        s.limitUnits = buffer.limitUnits();
        s.limitCurrency = m.limitRule().currency();
        s.modelVersion = m.version();
        s.tenureDays = buffer.feature(CreditFeatures.STABILITY_TENURE);
        return s;
    }

    /**
     * Keeps the entity's single wake-up at its next heartbeat or its expiry, whichever first: a
     * pending timer stays while it is not later than that (it fires early and re-arms), a later one
     * (e.g. the expiry of an idle entity that came back) is replaced.
     */
    private void arm(ScoreState st, TimerService timers, long now) {
        long expiry =
                st.lastEventMillis == ScoreState.NONE
                        ? Long.MAX_VALUE
                        : st.lastEventMillis + settings.inactivityMillis();
        long heartbeat =
                st.lastPublishedMillis == ScoreState.NONE
                        ? Long.MAX_VALUE
                        : st.lastPublishedMillis + settings.heartbeatMillis();
        if (st.lastEventMillis != ScoreState.NONE
                && heartbeat - st.lastEventMillis > settings.heartbeatIdleMillis()) {
            heartbeat = Long.MAX_VALUE; // idle: no more heartbeats until the next event
        }
        long next = Math.max(now + 1, Math.min(expiry, heartbeat));
        if (next == Long.MAX_VALUE
                || (st.timerMillis != ScoreState.NONE && st.timerMillis <= next)) {
            return;
        }
        if (st.timerMillis != ScoreState.NONE) {
            timers.deleteEventTimeTimer(st.timerMillis);
        }
        timers.registerEventTimeTimer(next);
        st.timerMillis = next;
    }

    private OpenInstalments loadInstalments() throws Exception {
        byte[] b = instalments.value();
        return b == null ? new OpenInstalments() : OpenInstalments.fromBytes(b);
    }

    private AwaitingShipment loadAwaiting() throws Exception {
        byte[] b = awaiting.value();
        return b == null ? new AwaitingShipment() : AwaitingShipment.fromBytes(b);
    }

    private long saveInstalments(OpenInstalments open) throws Exception {
        if (open.isEmpty()) {
            instalments.clear();
            return Long.MAX_VALUE;
        }
        instalments.update(open.toBytes());
        return open.all().get(0).dueMillis();
    }

    private long saveAwaiting(AwaitingShipment open) throws Exception {
        if (open.isEmpty()) {
            awaiting.clear();
            return Long.MAX_VALUE;
        }
        awaiting.update(open.toBytes());
        return open.all().get(0).orderedMillis();
    }
}
