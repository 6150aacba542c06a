package io.crosstrust.jobs.scoring;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.normalise.ChainEventNormaliser;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One canonical event addressed to one entity: to its subject, and, for the event types that say
 * something about the counterparty's own trade ({@link CreditEvents#concerns}), to its counterparty
 * as well. The scoring stream is keyed by {@link #entityId}. A Flink POJO.
 */
public class EntityEvent {
    public String entityId;
    public Role role;
    public TradeEvent event;

    public EntityEvent() {}

    public EntityEvent(String entityId, Role role, TradeEvent event) {
        this.entityId = Objects.requireNonNull(entityId, "entityId");
        this.role = Objects.requireNonNull(role, "role");
        this.event = Objects.requireNonNull(event, "event");
    }

    /**
     * The event for its subject, and for its counterparty when it concerns it; none for a chain
     * event that repeats what the platform reports of the same order ({@link
     * ChainEventNormaliser#platformReportsToo}), which would count twice.
     */
    public static List<EntityEvent> of(TradeEvent e) {
        if (ChainEventNormaliser.platformReportsToo(e)) {
            return List.of();
        }
        List<EntityEvent> out = new ArrayList<>(2);
        out.add(new EntityEvent(e.getSubjectId(), Role.SUBJECT, e));
        if (e.getCounterpartyId() != null
                && !e.getCounterpartyId().equals(e.getSubjectId())
                && CreditEvents.concerns(e.getType(), Role.COUNTERPARTY)) {
            out.add(new EntityEvent(e.getCounterpartyId(), Role.COUNTERPARTY, e));
        }
        return out;
    }

    public String entityId() {
        return entityId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityEvent other
                && Objects.equals(entityId, other.entityId)
                && role == other.role
                && Objects.equals(event, other.event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, role, event == null ? null : event.getEventId());
    }

    @Override
    public String toString() {
        return entityId + "/" + role + "/" + (event == null ? null : event.getEventId());
    }
}
