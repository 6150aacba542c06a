package io.crosstrust.ingest.generator;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.output.WarningType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which warnings should fire for an entity, derived from its hidden profile and what actually
 * happened to it. A type is expected only once the behaviour it detects has shown up in the stream,
 * and {@code from} is that first piece of evidence:
 *
 * <table>
 *   <caption>expected warnings</caption>
 *   <tr><th>type</th><th>expected for</th><th>from</th><th>by</th></tr>
 *   <tr><td>PAYMENT_OVERDUE</td><td>SLOW_PAYER, DELINQUENT, BUST_OUT, any defaulter</td>
 *       <td>first PAYMENT_OVERDUE incident after the misbehaviour start</td><td>-</td></tr>
 *   <tr><td>SCORE_DROP, GRADE_DOWNGRADE</td><td>DELINQUENT (from onset), any defaulter</td>
 *       <td>first adverse incident after the misbehaviour start</td>
 *       <td>default time (DELINQUENT)</td></tr>
 *   <tr><td>DISPUTE_SPIKE</td><td>DELINQUENT, any defaulter</td>
 *       <td>the {@value #SPIKE_MIN}th dispute against it after the misbehaviour start</td>
 *       <td>-</td></tr>
 *   <tr><td>LATE_DELIVERY_CLUSTER</td><td>DELINQUENT sellers, defaulted sellers</td>
 *       <td>the {@value #SPIKE_MIN}th late delivery after the misbehaviour start</td><td>-</td></tr>
 *   <tr><td>CUSTOMS_HOLD / VALUE_MISMATCH</td><td>NON_COMPLIANT</td>
 *       <td>first hold / mismatch after onset</td><td>-</td></tr>
 *   <tr><td>BUST_OUT, LIMIT_BREACH</td><td>BUST_OUT</td><td>surge start</td>
 *       <td>default time</td></tr>
 *   <tr><td>CIRCULAR_TRADING</td><td>CIRCULAR_TRADER</td><td>first completed ring cycle</td>
 *       <td>-</td></tr>
 *   <tr><td>COUNTERPARTY_CONTAGION</td><td>anyone left unpaid by a defaulter</td>
 *       <td>that default</td><td>own default time, if it followed</td></tr>
 * </table>
 *
 * The misbehaviour start is the onset (DELINQUENT, SLOW_PAYER), the surge start (BUST_OUT) or the
 * first counterparty default (contagion defaulters). Honest noise of reliable entities (an
 * occasional overdue payment or customs hold) is in the incidents but expects no warning.
 */
final class WarningExpectations {
    /** How many disputes / late deliveries after the start make a spike or a cluster. */
    static final int SPIKE_MIN = 3;

    private static final IncidentKind[] ADVERSE = {
        IncidentKind.PAYMENT_LATE,
        IncidentKind.PAYMENT_OVERDUE,
        IncidentKind.SHIPMENT_LATE,
        IncidentKind.DELIVERY_LATE,
        IncidentKind.DISPUTE_LOST,
        IncidentKind.NOT_SHIPPED
    };

    private WarningExpectations() {}

    static List<ExpectedWarning> derive(
            Profile profile,
            EntityKind kind,
            Instant onset,
            Instant defaultTime,
            DefaultCause cause,
            Map<IncidentKind, IncidentLog> incidents) {
        List<ExpectedWarning> out = new ArrayList<>();
        boolean defaulted = defaultTime != null;
        Instant start = onset;
        if (cause == DefaultCause.CONTAGION) {
            start = first(incidents, IncidentKind.COUNTERPARTY_DEFAULT, null);
        }
        boolean deteriorating = profile == Profile.DELINQUENT && onset != null;

        if ((profile == Profile.SLOW_PAYER
                        || profile == Profile.DELINQUENT
                        || profile == Profile.BUST_OUT
                        || defaulted)
                && start != null) {
            add(
                    out,
                    WarningType.PAYMENT_OVERDUE,
                    first(incidents, IncidentKind.PAYMENT_OVERDUE, start),
                    null);
        }
        if ((deteriorating || defaulted) && start != null) {
            Instant adverse = null;
            for (IncidentKind k : ADVERSE) {
                adverse = min(adverse, first(incidents, k, start));
            }
            if (adverse == null) {
                adverse = defaultTime;
            }
            Instant by = profile == Profile.DELINQUENT ? defaultTime : null;
            add(out, WarningType.SCORE_DROP, adverse, by);
            add(out, WarningType.GRADE_DOWNGRADE, adverse, by);
            add(
                    out,
                    WarningType.DISPUTE_SPIKE,
                    nth(incidents, IncidentKind.DISPUTE_AGAINST, start, SPIKE_MIN),
                    null);
            if (kind == EntityKind.SELLER) {
                add(
                        out,
                        WarningType.LATE_DELIVERY_CLUSTER,
                        nth(incidents, IncidentKind.DELIVERY_LATE, start, SPIKE_MIN),
                        null);
            }
        }
        if (profile == Profile.NON_COMPLIANT && onset != null) {
            add(
                    out,
                    WarningType.CUSTOMS_HOLD,
                    first(incidents, IncidentKind.CUSTOMS_HOLD, onset),
                    null);
            add(
                    out,
                    WarningType.VALUE_MISMATCH,
                    first(incidents, IncidentKind.VALUE_MISMATCH, onset),
                    null);
        }
        if (profile == Profile.BUST_OUT && onset != null) {
            add(out, WarningType.BUST_OUT, onset, defaultTime);
            add(out, WarningType.LIMIT_BREACH, onset, defaultTime);
        }
        if (profile == Profile.CIRCULAR_TRADER) {
            add(
                    out,
                    WarningType.CIRCULAR_TRADING,
                    first(incidents, IncidentKind.CIRCULAR_CYCLE, null),
                    null);
        }
        Instant exposure = first(incidents, IncidentKind.COUNTERPARTY_DEFAULT, null);
        add(
                out,
                WarningType.COUNTERPARTY_CONTAGION,
                exposure,
                cause == DefaultCause.CONTAGION ? defaultTime : null);
        out.sort(Comparator.comparing(w -> w.type().ordinal()));
        return out;
    }

    private static void add(List<ExpectedWarning> out, WarningType type, Instant from, Instant by) {
        if (from != null) {
            out.add(new ExpectedWarning(type, from, by != null && by.isBefore(from) ? null : by));
        }
    }

    private static Instant first(
            Map<IncidentKind, IncidentLog> incidents, IncidentKind k, Instant notBefore) {
        return nth(incidents, k, notBefore, 1);
    }

    private static Instant nth(
            Map<IncidentKind, IncidentLog> incidents, IncidentKind k, Instant notBefore, int n) {
        IncidentLog log = incidents.get(k);
        if (log == null) {
            return null;
        }
        int seen = 0;
        for (Instant t : log.times()) {
            if (notBefore == null || !t.isBefore(notBefore)) {
                if (++seen == n) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
