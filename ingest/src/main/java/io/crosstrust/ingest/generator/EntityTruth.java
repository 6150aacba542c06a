package io.crosstrust.ingest.generator;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.output.WarningType;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is hidden about one entity: its profile, whether and when it defaulted, when its
 * misbehaviour began, what happened to it, and which warnings should fire for it.
 *
 * @param id entity id as in the events
 * @param kind seller, buyer or logistics provider
 * @param region home region
 * @param profile hidden behavioural profile
 * @param registered when it registered
 * @param onset when its behaviour first departs from a reliable entity's (DELINQUENT: start of
 *     deterioration; SLOW_PAYER: registration; BUST_OUT: surge start; CIRCULAR_TRADER: first ring
 *     cycle; NON_COMPLIANT: start of the ramp); null for RELIABLE or when not reached yet
 * @param defaultTime when it defaulted, or null
 * @param defaultCause why it defaulted, or null
 * @param ringId the circular-trading ring it belongs to, or null
 * @param ringMembers ids of that ring's members in trading order (empty when no ring)
 * @param incidents what happened, per kind
 * @param expectedWarnings which warning types should fire, with their times
 */
public record EntityTruth(
        String id,
        EntityKind kind,
        String region,
        Profile profile,
        Instant registered,
        Instant onset,
        Instant defaultTime,
        DefaultCause defaultCause,
        Integer ringId,
        List<String> ringMembers,
        Map<IncidentKind, IncidentLog> incidents,
        List<ExpectedWarning> expectedWarnings) {

    /** Copies the collections. */
    public EntityTruth {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(profile, "profile");
        ringMembers = List.copyOf(ringMembers);
        EnumMap<IncidentKind, IncidentLog> copy = new EnumMap<>(IncidentKind.class);
        copy.putAll(incidents);
        incidents = Collections.unmodifiableMap(copy);
        expectedWarnings = List.copyOf(expectedWarnings);
    }

    /** Whether it defaulted (as of the ground truth's asOf). */
    public boolean defaulted() {
        return defaultTime != null;
    }

    /**
     * Whether its own misbehaviour showed in the stream: it defaulted, or a warning other than
     * COUNTERPARTY_CONTAGION is expected for it. The positives of an entity-level evaluation of
     * "entities that defaulted or misbehaved".
     */
    public boolean misbehaved() {
        if (defaulted()) {
            return true;
        }
        for (ExpectedWarning w : expectedWarnings) {
            if (w.type() != WarningType.COUNTERPARTY_CONTAGION) {
                return true;
            }
        }
        return false;
    }

    /** Whether any warning should fire for it (misbehaved, or exposed to a defaulter). */
    public boolean expectsWarnings() {
        return !expectedWarnings.isEmpty();
    }

    /** How many incidents of a kind. */
    public long count(IncidentKind kind) {
        IncidentLog log = incidents.get(kind);
        return log == null ? 0 : log.count();
    }

    /** The incident times of a kind (possibly truncated, see {@link IncidentLog}). */
    public List<Instant> times(IncidentKind kind) {
        IncidentLog log = incidents.get(kind);
        return log == null ? List.of() : log.times();
    }

    /** The expected warning of a type, or null. */
    public ExpectedWarning expected(WarningType type) {
        for (ExpectedWarning w : expectedWarnings) {
            if (w.type() == type) {
                return w;
            }
        }
        return null;
    }
}
