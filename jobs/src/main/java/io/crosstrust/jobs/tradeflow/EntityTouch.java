package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One entity's part in one canonical event (as its subject or as the counterparty), reduced to what
 * the activity aggregate reads, so the keyed shuffle does not carry whole events. A Flink POJO.
 */
public class EntityTouch {
    public String entityId;
    public String region;
    public String eventId;
    public long eventTimeMillis;
    public TradeEventType type;
    public boolean onChain;
    public BigDecimal amount;
    public String currency;

    public EntityTouch() {}

    /** The subject's and, when there is one, the counterparty's touch of an event. */
    static EntityTouch subjectOf(TradeEvent e) {
        return new EntityTouch(e, e.getSubjectId(), e.getSubjectRegion());
    }

    static EntityTouch counterpartyOf(TradeEvent e) {
        return new EntityTouch(e, e.getCounterpartyId(), e.getCounterpartyRegion());
    }

    private EntityTouch(TradeEvent e, String entityId, String region) {
        this.entityId = entityId;
        this.region = region;
        this.eventId = e.getEventId();
        this.eventTimeMillis = e.getEventTime().toEpochMilli();
        this.type = e.getType();
        this.onChain = e.getOnChain();
        if (e.getAmount() != null) {
            this.amount = e.getAmount().getAmount();
            this.currency = e.getAmount().getCurrency();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityTouch t
                && eventTimeMillis == t.eventTimeMillis
                && onChain == t.onChain
                && Objects.equals(entityId, t.entityId)
                && Objects.equals(region, t.region)
                && Objects.equals(eventId, t.eventId)
                && type == t.type
                && Objects.equals(amount, t.amount)
                && Objects.equals(currency, t.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, eventId);
    }
}
