package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import java.time.Instant;

/**
 * De-duplication, suppression and clearing of warning candidates, per entity and type:
 *
 * <ul>
 *   <li>a candidate while the same warning is active is suppressed, unless its severity is higher
 *       (an escalation is raised again) or the cool-down has passed since the last raise (a
 *       reminder);
 *   <li>after a clear, a new raise within the cool-down of the last one is suppressed unless its
 *       severity is higher than that raise's: a condition flapping around its threshold does not
 *       flood the stream;
 *   <li>a clear is emitted only for an active warning; a disabled rule's candidates are dropped.
 * </ul>
 *
 * Cool-downs run in event time. Warning ids are {@code entity:TYPE:n} with n counting the entity's
 * warnings of the type, so a replay from a checkpoint reproduces them. Pure Java: {@link
 * WarningGateFunction} keeps the {@link GateState} in keyed state.
 */
public final class WarningGate {
    private WarningGate() {}

    /**
     * @return the warning to publish, or null when the candidate is suppressed or moot
     */
    public static RiskWarning offer(GateState s, WarningCandidate c, RiskRules rules, Instant now) {
        int t = c.type.ordinal();
        if (c.region != null) {
            s.region = c.region;
        }
        s.lastMillis = Math.max(s.lastMillis, c.eventTimeMillis);
        RiskRules.Rule rule = rules.rule(c.type);
        if (c.status == WarningStatus.CLEARED) {
            if (!s.active[t]) {
                return null;
            }
            s.active[t] = false;
            s.sequence[t]++;
            return warning(s, c, Severity.values()[s.severity[t]], now);
        }
        if (rule == null || !rule.enabled()) {
            return null;
        }
        int sev = c.severity.ordinal();
        boolean cooled =
                s.lastRaisedMillis[t] == Long.MIN_VALUE
                        || c.eventTimeMillis - s.lastRaisedMillis[t] >= rule.cooldownMillis();
        boolean escalates = s.lastRaisedMillis[t] != Long.MIN_VALUE && sev > s.severity[t];
        if (!cooled && !escalates) {
            s.suppressed++;
            return null;
        }
        s.active[t] = true;
        s.severity[t] = sev;
        s.lastRaisedMillis[t] = Math.max(s.lastRaisedMillis[t], c.eventTimeMillis);
        s.sequence[t]++;
        return warning(s, c, c.severity, now);
    }

    private static RiskWarning warning(GateState s, WarningCandidate c, Severity sev, Instant now) {
        WarningType type = c.type;
        return RiskWarning.newBuilder()
                .setEventId(c.entityId + ":" + type.name() + ":" + s.sequence[type.ordinal()])
                .setEntityId(c.entityId)
                .setRegion(c.region != null ? c.region : s.region)
                .setType(type)
                .setSeverity(sev)
                .setStatus(c.status)
                .setExplanation(c.explanation)
                .setEvidenceEventIds(c.evidence)
                .setRuleId(type.name())
                .setRuleVersion(c.ruleVersion)
                .setModelVersion(c.modelVersion)
                .setRaisedAt(now)
                .setEventTime(Instant.ofEpochMilli(c.eventTimeMillis))
                .build();
    }
}
