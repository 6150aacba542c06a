package io.crosstrust.jobs.network;

import io.crosstrust.events.output.ScopeKind;
import java.util.Objects;

/**
 * One trade as seen by one network scope (the global graph, a region's graph, a corridor's graph):
 * an edge seller -> buyer with its volume, at its event time. One order becomes up to four of these
 * ({@link TradeScopes}). A Flink POJO.
 */
public class ScopedTrade {
    public ScopeKind scopeKind;
    public String scope;
    public String seller;
    public String sellerRegion;
    public String buyer;
    public String buyerRegion;

    /** Amount in the reporting currency, 0 when the order is in another currency or has none. */
    public double volume;

    public long eventTime;
    public String eventId;

    public ScopedTrade() {}

    public ScopedTrade(
            ScopeKind scopeKind,
            String scope,
            String seller,
            String sellerRegion,
            String buyer,
            String buyerRegion,
            double volume,
            long eventTime,
            String eventId) {
        this.scopeKind = scopeKind;
        this.scope = scope;
        this.seller = seller;
        this.sellerRegion = sellerRegion;
        this.buyer = buyer;
        this.buyerRegion = buyerRegion;
        this.volume = volume;
        this.eventTime = eventTime;
        this.eventId = eventId;
    }

    /**
     * The key of the scope's graph: {@code GLOBAL:*}, {@code REGION:DE}, {@code CORRIDOR:CN>DE}.
     */
    public String scopeKey() {
        return scopeKind + ":" + scope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScopedTrade t
                && scopeKind == t.scopeKind
                && Double.compare(volume, t.volume) == 0
                && eventTime == t.eventTime
                && Objects.equals(scope, t.scope)
                && Objects.equals(seller, t.seller)
                && Objects.equals(sellerRegion, t.sellerRegion)
                && Objects.equals(buyer, t.buyer)
                && Objects.equals(buyerRegion, t.buyerRegion)
                && Objects.equals(eventId, t.eventId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scopeKind, scope, seller, buyer, eventTime, eventId);
    }

    @Override
    public String toString() {
        return scopeKey() + " " + seller + "->" + buyer + " " + volume + " @" + eventTime;
    }
}
