package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.trade.TradeEvent;
import java.util.Objects;

/**
 * One entity's part in one canonical event: as its subject or as the counterparty. A Flink POJO.
 */
public class EntityTouch {
    public String entityId;
    public boolean asSubject;
    public TradeEvent event;

    public EntityTouch() {}

    public EntityTouch(String entityId, boolean asSubject, TradeEvent event) {
        this.entityId = entityId;
        this.asSubject = asSubject;
        this.event = event;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityTouch t
                && asSubject == t.asSubject
                && Objects.equals(entityId, t.entityId)
                && Objects.equals(event, t.event);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, asSubject, event);
    }
}
