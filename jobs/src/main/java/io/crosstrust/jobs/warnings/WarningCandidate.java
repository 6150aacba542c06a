package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A warning a rule wants to raise (or clear) for an entity, before de-duplication: the warning gate
 * ({@link WarningGateFunction}) decides whether it becomes a {@code RiskWarning}. A Flink POJO.
 */
public class WarningCandidate {
    public String entityId;
    public String region;
    public WarningType type;
    public Severity severity;
    public WarningStatus status;
    public String explanation;
    public List<String> evidence = new ArrayList<>();
    public long ruleVersion;
    public String modelVersion;

    /** Event time of the triggering evidence. */
    public long eventTimeMillis;

    public WarningCandidate() {}

    public static WarningCandidate raise(
            String entityId,
            String region,
            WarningType type,
            Severity severity,
            String explanation,
            List<String> evidence,
            long ruleVersion,
            String modelVersion,
            long eventTimeMillis) {
        WarningCandidate c = new WarningCandidate();
        c.entityId = entityId;
        c.region = region;
        c.type = type;
        c.severity = severity;
        c.status = WarningStatus.RAISED;
        c.explanation = explanation;
        c.evidence = new ArrayList<>(evidence);
        c.ruleVersion = ruleVersion;
        c.modelVersion = modelVersion;
        c.eventTimeMillis = eventTimeMillis;
        return c;
    }

    public static WarningCandidate clear(
            String entityId,
            String region,
            WarningType type,
            String explanation,
            List<String> evidence,
            long ruleVersion,
            String modelVersion,
            long eventTimeMillis) {
        WarningCandidate c =
                raise(
                        entityId,
                        region,
                        type,
                        Severity.INFO,
                        explanation,
                        evidence,
                        ruleVersion,
                        modelVersion,
                        eventTimeMillis);
        c.status = WarningStatus.CLEARED;
        return c;
    }

    public String entityId() {
        return entityId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarningCandidate c
                && Objects.equals(entityId, c.entityId)
                && Objects.equals(region, c.region)
                && type == c.type
                && severity == c.severity
                && status == c.status
                && Objects.equals(explanation, c.explanation)
                && Objects.equals(evidence, c.evidence)
                && ruleVersion == c.ruleVersion
                && Objects.equals(modelVersion, c.modelVersion)
                && eventTimeMillis == c.eventTimeMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, type, status, eventTimeMillis);
    }

    @Override
    public String toString() {
        return status + " " + type + " " + severity + " " + entityId + ": " + explanation;
    }
}
