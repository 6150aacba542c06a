package io.crosstrust.jobs.scoring;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import java.util.Objects;

/**
 * What the scoring function hands downstream for every event it applied (and every heartbeat): the
 * event with the entity's score right after it, and the {@link CreditScore} it published, if any.
 * The warnings read this one ordered stream per entity, so they always see an event together with
 * the score it produced. A Flink POJO.
 */
public class ScoredEvent {
    public String entityId;

    /** The entity's region when known. */
    public String region;

    /** Null for a heartbeat. */
    public Role role;

    /** Null for a heartbeat. */
    public TradeEvent event;

    /** The score published on this step, or null when it did not change enough. */
    public CreditScore published;

    public long asOfMillis;
    public double composite;
    public double pd;
    public String grade;
    public long limitUnits;
    public String limitCurrency;
    public String modelVersion;

    /** Days since the entity's first event. */
    public double tenureDays;

    public ScoredEvent() {}

    public boolean isHeartbeat() {
        return event == null;
    }

    public String entityId() {
        return entityId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredEvent s
                && Objects.equals(entityId, s.entityId)
                && Objects.equals(region, s.region)
                && role == s.role
                && Objects.equals(event, s.event)
                && Objects.equals(published, s.published)
                && asOfMillis == s.asOfMillis
                && Double.compare(composite, s.composite) == 0
                && Double.compare(pd, s.pd) == 0
                && Objects.equals(grade, s.grade)
                && limitUnits == s.limitUnits
                && Objects.equals(limitCurrency, s.limitCurrency)
                && Objects.equals(modelVersion, s.modelVersion)
                && Double.compare(tenureDays, s.tenureDays) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, asOfMillis, event == null ? null : event.getEventId());
    }

    @Override
    public String toString() {
        return "ScoredEvent{"
                + entityId
                + (event == null ? " heartbeat" : " " + event.getType() + " " + event.getEventId())
                + " composite="
                + composite
                + " grade="
                + grade
                + (published == null ? "" : " published v" + published.getScoreVersion())
                + "}";
    }
}
