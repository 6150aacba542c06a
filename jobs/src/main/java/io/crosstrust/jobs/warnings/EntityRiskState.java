package io.crosstrust.jobs.warnings;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.normalise.ChainEventNormaliser;
import io.crosstrust.jobs.scoring.CreditEvents;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.jobs.scoring.ScoredEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the entity-level warning rules remember about one entity, and the rules themselves: fed
 * every {@link ScoredEvent} of the entity in order (and woken at the times it asks for, {@link
 * #nextWakeUp}), it returns the {@link WarningCandidate}s to raise or clear. Pure Java, so the same
 * code runs in {@link EntityWarningsFunction} and in tests and evaluations without Flink.
 *
 * <table>
 *   <caption>rules (parameters in {@link RiskRules#PARAMS})</caption>
 *   <tr><td>PAYMENT_OVERDUE</td><td>instalments unpaid {@code grace_days} past due, counted
 *       when the due date + grace passes (event time); {@code min_overdue} of them in the window
 *       raise; cleared when none is open any more</td></tr>
 *   <tr><td>SCORE_DROP / GRADE_DOWNGRADE</td><td>composite {@code min_drop} points below, or
 *       grade {@code min_notches} below, the best of the window; cleared on recovery</td></tr>
 *   <tr><td>DISPUTE_SPIKE, LATE_DELIVERY_CLUSTER, CUSTOMS_HOLD</td><td>a count and a share of
 *       the entity's own activity in the window</td></tr>
 *   <tr><td>VALUE_MISMATCH</td><td>customs decisions assessing more than declared</td></tr>
 *   <tr><td>BUST_OUT</td><td>recent daily order volume against the entity's own baseline</td></tr>
 *   <tr><td>LIMIT_BREACH</td><td>orders of the window above the last recommended limit</td></tr>
 *   <tr><td>COUNTERPARTY_CONTAGION</td><td>when this entity, as payer, turns high-risk (long
 *       overdue), its payees with open exposure are warned (candidates for other entities)</td></tr>
 * </table>
 *
 * Everything is decided in event time, so the outcome does not depend on how the watermark
 * interleaves with events; a payment that arrives after its overdue time counts as overdue whether
 * the timer fired first or not. Not thread-safe; {@link #toBytes()} for Flink state.
 */
public final class EntityRiskState {
    static final long DAY = DaySeries.DAY_MS;
    private static final byte CODEC_VERSION = 2;
    private static final int MAX_OPEN = 256;
    private static final int EVIDENCE = 32;
    private static final List<String> GRADES =
            List.of("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D");

    /** An instalment owed by this entity. */
    static final class Instalment {
        String orderId;
        long dueMillis;
        double amount;
        String currency;
        String payeeId;
        String dueEventId;
        boolean counted;

        Instalment(
                String orderId, long due, double amount, String currency, String payee, String id) {
            this.orderId = orderId;
            this.dueMillis = due;
            this.amount = amount;
            this.currency = currency;
            this.payeeId = payee;
            this.dueEventId = id;
        }
    }

    private final List<Instalment> open = new ArrayList<>();
    private final EvidenceLog overdue = new EvidenceLog(EVIDENCE);

    /** Paid instalments: value 1 when paid more than a day after its due date. */
    private final EvidenceLog paid = new EvidenceLog(EVIDENCE);

    private final EvidenceLog disputes = new EvidenceLog(EVIDENCE);
    private final EvidenceLog lateDeliveries = new EvidenceLog(EVIDENCE);
    private final EvidenceLog holds = new EvidenceLog(EVIDENCE);
    private final EvidenceLog mismatches = new EvidenceLog(EVIDENCE);

    /** Orders already counted as held / mismatched (a hold and its release both carry it). */
    private final EvidenceLog heldOrders = new EvidenceLog(EVIDENCE);

    private final EvidenceLog mismatchedOrders = new EvidenceLog(EVIDENCE);
    private final EvidenceLog recentOrders = new EvidenceLog(64);

    /** Orders placed with a seller this buyer had not bought from in the 60 days before. */
    private final EvidenceLog newSellerOrders = new EvidenceLog(64);

    /** Sellers this entity bought from, with the time of the last order (value). */
    private final EvidenceLog sellers = new EvidenceLog(48);

    private final EvidenceLog scoreLowering = new EvidenceLog(8);
    private final DaySeries orders = new DaySeries(61, DaySeries.Mode.SUM);
    private final DaySeries deliveries = new DaySeries(61, DaySeries.Mode.SUM);
    private final DaySeries declarations = new DaySeries(91, DaySeries.Mode.SUM);
    private final DaySeries buyerVolume = new DaySeries(128, DaySeries.Mode.SUM);
    private final DaySeries buyerOrders = new DaySeries(128, DaySeries.Mode.SUM);
    private final DaySeries bestComposite = new DaySeries(91, DaySeries.Mode.MAX);
    private final DaySeries bestGrade = new DaySeries(91, DaySeries.Mode.MAX);
    private final List<String> notifiedPayees = new ArrayList<>();

    private String region;
    private String lastEventId;
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    /** The latest time {@link #onTime} ran for. */
    private long wokenMillis = Long.MIN_VALUE;

    private long firstBuyDay = Long.MIN_VALUE;
    private double lastComposite = Double.NaN;
    private long lastLimitUnits = -1;
    private String lastModelVersion;

    /** Bit per WarningType ordinal: raised and not cleared since. */
    private int raised;

    public EntityRiskState() {}

    public boolean isEmpty() {
        return lastMillis == Long.MIN_VALUE;
    }

    public long lastEventMillis() {
        return lastMillis;
    }

    int openInstalments() {
        return open.size();
    }

    boolean isRaised(WarningType t) {
        return (raised & (1 << t.ordinal())) != 0;
    }

    /**
     * The earliest event time at which {@link #onTime} has something to do (an instalment reaching
     * its overdue time, or the contagion trigger), or {@link Long#MAX_VALUE}.
     */
    public long nextWakeUp(RiskRules rules) {
        long grace = rules.rule(WarningType.PAYMENT_OVERDUE).days("grace_days");
        long trigger = rules.rule(WarningType.COUNTERPARTY_CONTAGION).days("trigger_overdue_days");
        long next = Long.MAX_VALUE;
        for (Instalment i : open) {
            if (!i.counted) {
                next = Math.min(next, i.dueMillis + grace);
            }
            if (notifiedPayees.isEmpty() || !notifiedPayees.contains(i.payeeId)) {
                long t = i.dueMillis + trigger;
                if (t > lastMillis && t > wokenMillis) {
                    next = Math.min(next, t);
                }
            }
        }
        return next;
    }

    /** One scored event (or heartbeat) of this entity. */
    public List<WarningCandidate> onScored(ScoredEvent s, RiskRules rules) {
        List<WarningCandidate> out = new ArrayList<>();
        if (s.region != null) {
            region = s.region;
        }
        lastModelVersion = s.modelVersion;
        TradeEvent e = s.event;
        long t = e == null ? s.asOfMillis : e.getEventTime().toEpochMilli();
        if (firstMillis == Long.MIN_VALUE) {
            firstMillis = t;
        }
        lastMillis = Math.max(lastMillis, t);
        long previousLimit = lastLimitUnits;
        if (e != null) {
            lastEventId = e.getEventId();
            onEvent(s, e, t, previousLimit, rules, out);
        }
        scoreRules(s, t, e == null ? null : e.getEventId(), rules, out);
        lastLimitUnits = s.limitUnits;
        return out;
    }

    /** The watermark passed {@code now}: overdue instalments and the contagion trigger. */
    public List<WarningCandidate> onTime(String entityId, long now, RiskRules rules) {
        List<WarningCandidate> out = new ArrayList<>();
        wokenMillis = Math.max(wokenMillis, now);
        long grace = rules.rule(WarningType.PAYMENT_OVERDUE).days("grace_days");
        boolean counted = false;
        for (Instalment i : open) {
            if (!i.counted && i.dueMillis + grace <= now) {
                i.counted = true;
                overdue.add(i.dueMillis + grace, i.dueEventId, i.amount);
                counted = true;
            }
        }
        if (counted) {
            overdueRule(entityId, now, rules, out);
        }
        contagion(entityId, now, rules, out);
        return out;
    }

    private void onEvent(
            ScoredEvent s,
            TradeEvent e,
            long t,
            long previousLimit,
            RiskRules rules,
            List<WarningCandidate> out) {
        String id = s.entityId;
        TradeEventType type = e.getType();
        if (s.role == Role.COUNTERPARTY) {
            if (type == TradeEventType.ORDER_PLACED) {
                orders.add(t, 1);
            }
            return;
        }
        switch (type) {
            case PAYMENT_DUE -> {
                if (e.getOrderId() != null && e.getReferenceTime() != null) {
                    Money m = e.getAmount();
                    open.add(
                            new Instalment(
                                    e.getOrderId(),
                                    e.getReferenceTime().toEpochMilli(),
                                    m == null ? 0 : m.getAmount().doubleValue(),
                                    m == null ? null : m.getCurrency(),
                                    e.getCounterpartyId(),
                                    e.getEventId()));
                    open.sort((a, b) -> Long.compare(a.dueMillis, b.dueMillis));
                    if (open.size() > MAX_OPEN) {
                        open.remove(0);
                    }
                }
            }
            case PAYMENT_MADE -> {
                if (e.getOrderId() != null) {
                    payment(id, e, t, rules, out);
                }
            }
            case ORDER_PLACED -> {
                orders.add(t, 1);
                double amount = e.getAmount() == null ? 0 : e.getAmount().getAmount().doubleValue();
                if (firstBuyDay == Long.MIN_VALUE) {
                    firstBuyDay = DaySeries.dayOf(t);
                }
                buyerVolume.add(t, amount);
                buyerOrders.add(t, 1);
                recentOrders.add(t, e.getEventId(), amount);
                String seller = e.getCounterpartyId();
                if (seller != null) {
                    boolean known = false;
                    for (EvidenceLog.Entry x : sellers.within(t - 60 * DAY, Long.MAX_VALUE)) {
                        if (x.eventId().equals(seller)) {
                            known = true;
                            break;
                        }
                    }
                    if (!known) {
                        newSellerOrders.add(t, e.getEventId(), amount);
                    }
                    sellers.removeId(seller);
                    sellers.add(t, seller, 1);
                }
                bustOut(id, e, t, rules, out);
                limitBreach(s, e, t, previousLimit, rules, out);
            }
            case DISPUTE_OPENED, ESCROW_DISPUTED -> {
                if (ChainEventNormaliser.platformReportsToo(e)) {
                    break; // the platform's DISPUTE_OPENED of the same order counts
                }
                disputes.add(t, e.getEventId(), 1);
                windowRule(
                        id,
                        WarningType.DISPUTE_SPIKE,
                        disputes,
                        orders,
                        "min_disputes",
                        "disputes opened against it",
                        "orders",
                        t,
                        rules,
                        out);
            }
            case SHIPMENT_DELIVERED -> {
                deliveries.add(t, 1);
                if (e.getReferenceTime() != null && t - e.getReferenceTime().toEpochMilli() > DAY) {
                    lateDeliveries.add(
                            t,
                            e.getEventId(),
                            (t - e.getReferenceTime().toEpochMilli()) / (double) DAY);
                }
                windowRule(
                        id,
                        WarningType.LATE_DELIVERY_CLUSTER,
                        lateDeliveries,
                        deliveries,
                        "min_late",
                        "deliveries later than promised",
                        "deliveries",
                        t,
                        rules,
                        out);
            }
            case CUSTOMS_DECLARED -> declarations.add(t, 1);
            case CUSTOMS_HELD, CUSTOMS_REJECTED, CUSTOMS_CLEARED -> {
                String order = e.getOrderId() == null ? e.getEventId() : e.getOrderId();
                if (type != TradeEventType.CUSTOMS_CLEARED && !heldOrders.contains(order)) {
                    heldOrders.add(t, order, 1);
                    holds.add(t, e.getEventId(), 1);
                    windowRule(
                            id,
                            WarningType.CUSTOMS_HOLD,
                            holds,
                            declarations,
                            "min_holds",
                            "customs holds or rejections",
                            "declarations",
                            t,
                            rules,
                            out);
                }
                if (CreditEvents.isValueMismatch(e) && !mismatchedOrders.contains(order)) {
                    mismatchedOrders.add(t, order, 1);
                    mismatches.add(t, e.getEventId(), CreditEvents.undervaluation(e));
                    valueMismatch(id, t, rules, out);
                }
            }
            default -> {}
        }
    }

    // ---- PAYMENT_OVERDUE and contagion ------------------------------------------------------

    private void payment(
            String id, TradeEvent e, long t, RiskRules rules, List<WarningCandidate> out) {
        long grace = rules.rule(WarningType.PAYMENT_OVERDUE).days("grace_days");
        Instalment settled = null;
        for (int k = 0; k < open.size(); k++) {
            if (open.get(k).orderId.equals(e.getOrderId())) {
                settled = open.remove(k);
                break;
            }
        }
        if (settled == null) {
            return;
        }
        paid.add(t, e.getEventId(), t - settled.dueMillis > DAY ? 1 : 0);
        if (!settled.counted && t > settled.dueMillis + grace) {
            // paid after its overdue time but before the watermark got there: still overdue
            overdue.add(settled.dueMillis + grace, settled.dueEventId, settled.amount);
            overdueRule(id, settled.dueMillis + grace, rules, out);
        } else if (!isRaised(WarningType.PAYMENT_OVERDUE)
                && overdue.count(t - rules.rule(WarningType.PAYMENT_OVERDUE).days("window_days"), t)
                        > 0) {
            overdueRule(id, t, rules, out); // the late-payment habit may now be established
        }
        if (isRaised(WarningType.PAYMENT_OVERDUE) && overdueOpen(t, grace).isEmpty()) {
            clear(
                    id,
                    WarningType.PAYMENT_OVERDUE,
                    "no overdue instalment left: the last one was paid",
                    List.of(e.getEventId()),
                    t,
                    rules,
                    out);
        }
        contagion(id, t, rules, out);
    }

    private List<Instalment> overdueOpen(long now, long grace) {
        List<Instalment> out = new ArrayList<>();
        for (Instalment i : open) {
            if (i.dueMillis + grace <= now) {
                out.add(i);
            }
        }
        return out;
    }

    private void overdueRule(String id, long now, RiskRules rules, List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(WarningType.PAYMENT_OVERDUE);
        if (!r.enabled()) {
            return;
        }
        long window = r.days("window_days");
        overdue.dropBefore(now - 2 * window);
        List<EvidenceLog.Entry> recent = overdue.within(now - window, now);
        List<EvidenceLog.Entry> payments = paid.within(now - window, now);
        double late = 0;
        for (EvidenceLog.Entry p : payments) {
            late += p.value();
        }
        double lateShare = payments.isEmpty() ? 0 : late / payments.size();
        boolean habitual =
                !recent.isEmpty()
                        && payments.size() >= r.get("min_paid")
                        && lateShare >= r.get("min_late_share");
        if (recent.size() < r.get("min_overdue") && !habitual) {
            return;
        }
        long grace = r.days("grace_days");
        List<Instalment> unpaid = overdueOpen(now, grace);
        double openAmount = 0;
        long oldestDays = 0;
        for (Instalment i : unpaid) {
            openAmount += i.amount;
            oldestDays = Math.max(oldestDays, (now - i.dueMillis) / DAY);
        }
        Severity sev = Severity.MEDIUM;
        if (recent.size() >= r.get("high_count")) {
            sev = Severity.HIGH;
        }
        if (oldestDays >= r.get("critical_days")) {
            sev = Severity.CRITICAL;
        }
        String text =
                recent.size()
                        + " instalments went unpaid more than "
                        + fmt(r.get("grace_days"))
                        + " days past due in the last "
                        + fmt(r.get("window_days"))
                        + " days (threshold "
                        + fmt(r.get("min_overdue"))
                        + (habitual
                                ? ", or 1 with "
                                        + pct(r.get("min_late_share"))
                                        + " of payments late: "
                                        + pct(lateShare)
                                        + " of "
                                        + payments.size()
                                : "")
                        + "); "
                        + unpaid.size()
                        + " still unpaid, "
                        + money(openAmount)
                        + (unpaid.isEmpty() ? "" : ", oldest " + oldestDays + " days past due");
        raise(
                id,
                WarningType.PAYMENT_OVERDUE,
                sev,
                text,
                EvidenceLog.ids(recent, 10),
                now,
                rules,
                out);
    }

    private void contagion(String id, long now, RiskRules rules, List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(WarningType.COUNTERPARTY_CONTAGION);
        long trigger = r.days("trigger_overdue_days");
        double overdueAmount = 0;
        boolean longOverdue = false;
        List<String> evidence = new ArrayList<>();
        for (Instalment i : open) {
            if (i.dueMillis + trigger <= now) {
                longOverdue = true;
            }
            if (i.dueMillis < now) {
                overdueAmount += i.amount;
                if (evidence.size() < 10) {
                    evidence.add(i.dueEventId);
                }
            }
        }
        boolean highRisk = longOverdue && overdueAmount >= r.get("trigger_open_overdue");
        if (!highRisk) {
            if (!notifiedPayees.isEmpty()) {
                for (String payee : notifiedPayees) {
                    out.add(
                            WarningCandidate.clear(
                                    payee,
                                    null,
                                    WarningType.COUNTERPARTY_CONTAGION,
                                    "counterparty "
                                            + id
                                            + " has caught up with its overdue payments",
                                    List.of(),
                                    rules.version(),
                                    null,
                                    now));
                }
                notifiedPayees.clear();
            }
            return;
        }
        if (!r.enabled()) {
            return;
        }
        List<String> payees = new ArrayList<>();
        for (Instalment i : open) {
            if (i.payeeId != null && !payees.contains(i.payeeId)) {
                payees.add(i.payeeId);
            }
        }
        for (String payee : payees) {
            if (notifiedPayees.contains(payee)) {
                continue;
            }
            double owed = 0;
            String currency = null;
            for (Instalment i : open) {
                if (payee.equals(i.payeeId)) {
                    owed += i.amount;
                    currency = i.currency;
                }
            }
            if (owed < r.get("min_exposure")) {
                continue;
            }
            notifiedPayees.add(payee);
            Severity sev = owed >= r.get("high_exposure") ? Severity.HIGH : Severity.MEDIUM;
            out.add(
                    WarningCandidate.raise(
                            payee,
                            null,
                            WarningType.COUNTERPARTY_CONTAGION,
                            sev,
                            "counterparty "
                                    + id
                                    + " turned high-risk ("
                                    + money(overdueAmount)
                                    + " overdue, some more than "
                                    + fmt(r.get("trigger_overdue_days"))
                                    + " days) and owes this entity "
                                    + money(owed)
                                    + (currency == null ? "" : " " + currency)
                                    + " (threshold "
                                    + money(r.get("min_exposure"))
                                    + ")",
                            evidence,
                            rules.version(),
                            null,
                            now));
        }
    }

    // ---- window rules ------------------------------------------------------------------------

    private void windowRule(
            String id,
            WarningType type,
            EvidenceLog log,
            DaySeries base,
            String countParam,
            String what,
            String baseName,
            long t,
            RiskRules rules,
            List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(type);
        if (!r.enabled()) {
            return;
        }
        long window = r.days("window_days");
        log.dropBefore(t - 2 * window);
        List<EvidenceLog.Entry> recent = log.within(t - window, t);
        long today = DaySeries.dayOf(t);
        long windowDays = Math.max(1, window / DAY);
        double trials = base.over(today - windowDays + 1, today);
        double share = recent.size() / Math.max(1.0, trials);
        boolean hit = recent.size() >= r.get(countParam) && share >= r.get("min_share");
        if (hit) {
            Severity sev =
                    recent.size() >= 2 * r.get(countParam) && share >= 2 * r.get("min_share")
                            ? Severity.HIGH
                            : Severity.MEDIUM;
            raise(
                    id,
                    type,
                    sev,
                    recent.size()
                            + " "
                            + what
                            + " in the last "
                            + fmt(r.get("window_days"))
                            + " days, "
                            + pct(share)
                            + " of "
                            + (long) trials
                            + " "
                            + baseName
                            + " (thresholds "
                            + fmt(r.get(countParam))
                            + " and "
                            + pct(r.get("min_share"))
                            + ")",
                    EvidenceLog.ids(recent, 10),
                    t,
                    rules,
                    out);
        } else if (isRaised(type) && recent.size() < r.get(countParam) / 2.0 + 0.5) {
            clear(
                    id,
                    type,
                    what + " back to " + recent.size() + " in the window",
                    List.of(),
                    t,
                    rules,
                    out);
        }
    }

    private void valueMismatch(String id, long t, RiskRules rules, List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(WarningType.VALUE_MISMATCH);
        if (!r.enabled()) {
            return;
        }
        long window = r.days("window_days");
        mismatches.dropBefore(t - 2 * window);
        List<EvidenceLog.Entry> recent = mismatches.within(t - window, t);
        long today = DaySeries.dayOf(t);
        double declared = declarations.over(today - window / DAY + 1, today);
        if (recent.size() < r.get("min_mismatches")
                || recent.size() < r.get("min_share") * declared) {
            return;
        }
        double mean = 0;
        for (EvidenceLog.Entry x : recent) {
            mean += x.value();
        }
        mean /= recent.size();
        Severity sev = mean >= r.get("high_undervaluation") ? Severity.HIGH : Severity.MEDIUM;
        raise(
                id,
                WarningType.VALUE_MISMATCH,
                sev,
                recent.size()
                        + " customs decisions assessed the goods above their declared value in the"
                        + " last "
                        + fmt(r.get("window_days"))
                        + " days, by "
                        + pct(mean)
                        + " on average (threshold "
                        + fmt(r.get("min_mismatches"))
                        + ")",
                EvidenceLog.ids(recent, 10),
                t,
                rules,
                out);
    }

    private void bustOut(
            String id, TradeEvent e, long t, RiskRules rules, List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(WarningType.BUST_OUT);
        if (!r.enabled()) {
            return;
        }
        long today = DaySeries.dayOf(t);
        long shortDays = (long) r.get("short_days");
        long baseDays = (long) r.get("baseline_days");
        long baseFrom = Math.max(firstBuyDay, today - shortDays - baseDays + 1);
        long baseTo = today - shortDays;
        long history = baseTo - baseFrom + 1;
        if (history < r.get("min_history_days")) {
            return;
        }
        double recentOrders = buyerOrders.over(today - shortDays + 1, today);
        if (recentOrders < r.get("min_orders")) {
            return;
        }
        double recent = buyerVolume.over(today - shortDays + 1, today) / shortDays;
        double base = buyerVolume.over(baseFrom, baseTo) / history;
        double ratio = base > 0 ? recent / base : Double.POSITIVE_INFINITY;
        if (ratio < r.get("min_ratio")) {
            if (isRaised(WarningType.BUST_OUT) && ratio < r.get("min_ratio") / 2) {
                clear(
                        id,
                        WarningType.BUST_OUT,
                        "order volume back to " + fmt2(ratio) + "x its baseline",
                        List.of(),
                        t,
                        rules,
                        out);
            }
            return;
        }
        List<EvidenceLog.Entry> orders = this.recentOrders.within(t - shortDays * DAY, t);
        double newShare =
                newSellerOrders.count(t - shortDays * DAY, t) / (double) Math.max(1, orders.size());
        if (newShare < r.get("min_new_share")) {
            return;
        }
        Severity sev = ratio >= r.get("high_ratio") ? Severity.HIGH : Severity.MEDIUM;
        raise(
                id,
                WarningType.BUST_OUT,
                sev,
                "order volume of the last "
                        + shortDays
                        + " days ("
                        + (long) recentOrders
                        + " orders, "
                        + money(recent * shortDays)
                        + ") runs at "
                        + (Double.isInfinite(ratio) ? "a first surge" : fmt2(ratio) + "x")
                        + " its own daily average of the "
                        + history
                        + " days before (threshold "
                        + fmt(r.get("min_ratio"))
                        + "x), "
                        + pct(newShare)
                        + " of them with sellers it had not bought from (threshold "
                        + pct(r.get("min_new_share"))
                        + ")",
                EvidenceLog.ids(orders, 10),
                t,
                rules,
                out);
    }

    private void limitBreach(
            ScoredEvent s,
            TradeEvent e,
            long t,
            long limit,
            RiskRules rules,
            List<WarningCandidate> out) {
        RiskRules.Rule r = rules.rule(WarningType.LIMIT_BREACH);
        if (!r.enabled() || limit < 0 || s.tenureDays < r.get("min_tenure_days")) {
            return;
        }
        long window = r.days("window_days");
        recentOrders.dropBefore(t - 2 * Math.max(window, 14 * DAY));
        List<EvidenceLog.Entry> recent = recentOrders.within(t - window, t);
        double sum = 0;
        for (EvidenceLog.Entry x : recent) {
            sum += x.value();
        }
        if (sum < r.get("min_amount")
                || sum <= limit * r.get("factor")
                || recent.size() < r.get("min_orders")) {
            return;
        }
        long today = DaySeries.dayOf(t);
        long windowDays = Math.max(1, window / DAY);
        long baseFrom =
                Math.max(
                        firstBuyDay,
                        today
                                - windowDays
                                - (long) rules.rule(WarningType.BUST_OUT).get("baseline_days")
                                + 1);
        long baseTo = today - windowDays;
        long history = baseTo - baseFrom + 1;
        if (history < 14) {
            return; // no norm to compare with yet
        }
        double usual = buyerVolume.over(baseFrom, baseTo) / history * windowDays;
        if (sum < r.get("min_surge") * usual) {
            return;
        }
        Severity sev = sum > limit * r.get("high_factor") ? Severity.HIGH : Severity.MEDIUM;
        raise(
                s.entityId,
                WarningType.LIMIT_BREACH,
                sev,
                recent.size()
                        + " orders of the last "
                        + fmt(r.get("window_days"))
                        + " days add up to "
                        + money(sum)
                        + ", above the recommended credit limit of "
                        + money(limit)
                        + (s.limitCurrency == null ? "" : " " + s.limitCurrency)
                        + (r.get("factor") == 1.0 ? "" : " x " + fmt2(r.get("factor")))
                        + ", and "
                        + fmt2(sum / Math.max(1e-9, usual))
                        + "x the entity's usual "
                        + windowDays
                        + "-day volume",
                EvidenceLog.ids(recent, 10),
                t,
                rules,
                out);
    }

    // ---- score rules -------------------------------------------------------------------------

    private void scoreRules(
            ScoredEvent s, long t, String eventId, RiskRules rules, List<WarningCandidate> out) {
        if (!(s.composite == s.composite)) {
            return;
        }
        if (lastComposite == lastComposite
                && s.composite < lastComposite - 1e-9
                && eventId != null) {
            scoreLowering.add(t, eventId, lastComposite - s.composite);
        }
        lastComposite = s.composite;
        int grade = GRADES.indexOf(s.grade);
        bestComposite.add(t, s.composite);
        if (grade >= 0) {
            bestGrade.add(t, -grade);
        }
        long today = DaySeries.dayOf(t);
        double tenure = s.tenureDays;
        // the day the entity was first seen: scores before min_tenure_days after it are still
        // settling and make no baseline to drop from
        long firstDay = DaySeries.dayOf(firstMillis);

        RiskRules.Rule drop = rules.rule(WarningType.SCORE_DROP);
        long confirm = (long) drop.get("confirm_days");
        long windowDays = Math.max(1, drop.days("window_days") / DAY);
        double recent = bestComposite.over(today - confirm + 1, today);
        double before =
                bestComposite.over(
                        Math.max(
                                today - confirm - windowDays + 1,
                                firstDay + (long) drop.get("min_tenure_days")),
                        today - confirm);
        if (drop.enabled()
                && tenure >= drop.get("min_tenure_days")
                && before > Double.NEGATIVE_INFINITY) {
            double d = before - recent;
            if (d >= drop.get("min_drop") && recent <= drop.get("max_composite")) {
                Severity sev =
                        d >= drop.get("critical_drop")
                                ? Severity.CRITICAL
                                : d >= drop.get("high_drop") ? Severity.HIGH : Severity.MEDIUM;
                List<String> why = scoreEvidence(t, drop.days("window_days"));
                raise(
                        s.entityId,
                        WarningType.SCORE_DROP,
                        sev,
                        "credit score at most "
                                + Math.round(recent)
                                + " for "
                                + confirm
                                + " days (now "
                                + Math.round(s.composite)
                                + ", grade "
                                + s.grade
                                + ", PD "
                                + pct(s.pd)
                                + "), "
                                + Math.round(d)
                                + " points below its best of "
                                + Math.round(before)
                                + " in the "
                                + windowDays
                                + " days before (thresholds "
                                + fmt(drop.get("min_drop"))
                                + " points, "
                                + fmt(drop.get("max_composite"))
                                + " or lower)",
                        why,
                        t,
                        rules,
                        out);
            } else if (isRaised(WarningType.SCORE_DROP)
                    && (d < drop.get("min_drop") / 2
                            || s.composite > drop.get("max_composite") + 40)) {
                clear(
                        s.entityId,
                        WarningType.SCORE_DROP,
                        "credit score recovered to " + Math.round(s.composite),
                        List.of(),
                        t,
                        rules,
                        out);
            }
        }

        RiskRules.Rule down = rules.rule(WarningType.GRADE_DOWNGRADE);
        long gConfirm = (long) down.get("confirm_days");
        long gWindowDays = Math.max(1, down.days("window_days") / DAY);
        double recentG = bestGrade.over(today - gConfirm + 1, today); // stored as -index
        double beforeG =
                bestGrade.over(
                        Math.max(
                                today - gConfirm - gWindowDays + 1,
                                firstDay + (long) down.get("min_tenure_days")),
                        today - gConfirm);
        if (grade >= 0
                && down.enabled()
                && tenure >= down.get("min_tenure_days")
                && beforeG > Double.NEGATIVE_INFINITY
                && recentG > Double.NEGATIVE_INFINITY) {
            int bestRecent = (int) -recentG;
            int bestBefore = (int) -beforeG;
            int notches = bestRecent - bestBefore;
            if (notches >= down.get("min_notches") && bestRecent >= down.get("worst_grade_index")) {
                Severity sev =
                        bestRecent >= 8
                                ? Severity.CRITICAL
                                : bestRecent >= 6 ? Severity.HIGH : Severity.MEDIUM;
                List<String> why = scoreEvidence(t, down.days("window_days"));
                raise(
                        s.entityId,
                        WarningType.GRADE_DOWNGRADE,
                        sev,
                        "grade at best "
                                + GRADES.get(bestRecent)
                                + " for "
                                + gConfirm
                                + " days (now "
                                + s.grade
                                + ", PD "
                                + pct(s.pd)
                                + "), "
                                + notches
                                + " notches below its best of "
                                + GRADES.get(bestBefore)
                                + " in the "
                                + gWindowDays
                                + " days before (threshold "
                                + fmt(down.get("min_notches"))
                                + " notches to "
                                + GRADES.get((int) down.get("worst_grade_index"))
                                + " or worse)",
                        why,
                        t,
                        rules,
                        out);
            } else if (isRaised(WarningType.GRADE_DOWNGRADE)
                    && grade < down.get("worst_grade_index")) {
                clear(
                        s.entityId,
                        WarningType.GRADE_DOWNGRADE,
                        "grade back to " + s.grade,
                        List.of(),
                        t,
                        rules,
                        out);
            }
        }
    }

    /**
     * What lowered the score: the events that did within the window, else (a fall through time,
     * seen at a heartbeat) the instalments it is overdue on, else its last event.
     */
    private List<String> scoreEvidence(long t, long window) {
        List<String> ids = EvidenceLog.ids(scoreLowering.within(t - window, t), 10);
        if (ids.isEmpty()) {
            for (Instalment i : open) {
                if (i.dueMillis < t && ids.size() < 10) {
                    ids.add(i.dueEventId);
                }
            }
        }
        if (ids.isEmpty() && lastEventId != null) {
            ids.add(lastEventId);
        }
        return ids;
    }

    // ---- output ------------------------------------------------------------------------------

    private void raise(
            String id,
            WarningType type,
            Severity sev,
            String text,
            List<String> evidence,
            long t,
            RiskRules rules,
            List<WarningCandidate> out) {
        raised |= 1 << type.ordinal();
        out.add(
                WarningCandidate.raise(
                        id,
                        region,
                        type,
                        sev,
                        text,
                        evidence,
                        rules.version(),
                        lastModelVersion,
                        t));
    }

    private void clear(
            String id,
            WarningType type,
            String text,
            List<String> evidence,
            long t,
            RiskRules rules,
            List<WarningCandidate> out) {
        raised &= ~(1 << type.ordinal());
        out.add(
                WarningCandidate.clear(
                        id, region, type, text, evidence, rules.version(), lastModelVersion, t));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    // ---- codec -------------------------------------------------------------------------------

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CODEC_VERSION);
            writeNullable(out, region);
            writeNullable(out, lastEventId);
            out.writeLong(firstMillis);
            out.writeLong(lastMillis);
            out.writeLong(wokenMillis);
            out.writeLong(firstBuyDay);
            out.writeDouble(lastComposite);
            out.writeLong(lastLimitUnits);
            writeNullable(out, lastModelVersion);
            out.writeInt(raised);
            out.writeShort(open.size());
            for (Instalment i : open) {
                out.writeUTF(i.orderId);
                out.writeLong(i.dueMillis);
                out.writeDouble(i.amount);
                writeNullable(out, i.currency);
                writeNullable(out, i.payeeId);
                out.writeUTF(i.dueEventId);
                out.writeBoolean(i.counted);
            }
            for (EvidenceLog log : logs()) {
                log.write(out);
            }
            for (DaySeries series : series()) {
                series.write(out);
            }
            out.writeShort(notifiedPayees.size());
            for (String p : notifiedPayees) {
                out.writeUTF(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static EntityRiskState fromBytes(byte[] bytes) {
        EntityRiskState s = new EntityRiskState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte v = in.readByte();
            if (v != CODEC_VERSION) {
                throw new IllegalArgumentException("entity risk state codec version " + v);
            }
            s.region = readNullable(in);
            s.lastEventId = readNullable(in);
            s.firstMillis = in.readLong();
            s.lastMillis = in.readLong();
            s.wokenMillis = in.readLong();
            s.firstBuyDay = in.readLong();
            s.lastComposite = in.readDouble();
            s.lastLimitUnits = in.readLong();
            s.lastModelVersion = readNullable(in);
            s.raised = in.readInt();
            int n = in.readUnsignedShort();
            for (int k = 0; k < n; k++) {
                Instalment i =
                        new Instalment(
                                in.readUTF(),
                                in.readLong(),
                                in.readDouble(),
                                readNullable(in),
                                readNullable(in),
                                in.readUTF());
                i.counted = in.readBoolean();
                s.open.add(i);
            }
            for (EvidenceLog log : s.logs()) {
                log.read(in);
            }
            for (DaySeries series : s.series()) {
                series.read(in);
            }
            int p = in.readUnsignedShort();
            for (int k = 0; k < p; k++) {
                s.notifiedPayees.add(in.readUTF());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt entity risk state", e);
        }
        return s;
    }

    private List<EvidenceLog> logs() {
        // every EvidenceLog field: a log left out here is lost between events in Flink state
        return List.of(
                overdue,
                paid,
                disputes,
                lateDeliveries,
                holds,
                mismatches,
                heldOrders,
                mismatchedOrders,
                recentOrders,
                newSellerOrders,
                sellers,
                scoreLowering);
    }

    private List<DaySeries> series() {
        return List.of(
                orders,
                deliveries,
                declarations,
                buyerVolume,
                buyerOrders,
                bestComposite,
                bestGrade);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
