package io.crosstrust.jobs.network;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.util.Objects;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a canonical ORDER_PLACED event into the edge it adds to each network scope. The order's
 * subject is the buyer (subject_region = destination), the counterparty the seller
 * (counterparty_region = origin); the edge runs seller -> buyer, the direction goods flow (as
 * exporter -> importer in trade data). Scopes:
 *
 * <ul>
 *   <li>GLOBAL {@code *}: every order;
 *   <li>REGION r: every order with an end in r (origin or destination; once if both);
 *   <li>CORRIDOR {@code origin>destination}: orders between those regions, in that direction
 *       (domestic orders make the corridor {@code r>r}).
 * </ul>
 *
 * Other event types, and orders without a counterparty, add nothing. A missing region only drops
 * the region and corridor scopes that need it. Volume is the amount when it is in the reporting
 * currency, else 0 (the order still counts as a trade): no FX conversion happens here.
 */
public final class TradeScopes implements FlatMapFunction<TradeEvent, ScopedTrade> {
    private static final long serialVersionUID = 1L;

    private final String reportingCurrency;

    public TradeScopes(String reportingCurrency) {
        this.reportingCurrency = Objects.requireNonNull(reportingCurrency, "reportingCurrency");
    }

    @Override
    public void flatMap(TradeEvent e, Collector<ScopedTrade> out) {
        if (e.getType() != TradeEventType.ORDER_PLACED || e.getCounterpartyId() == null) {
            return;
        }
        String buyer = e.getSubjectId();
        String seller = e.getCounterpartyId();
        String destination = e.getSubjectRegion();
        String origin = e.getCounterpartyRegion();
        Money amount = e.getAmount();
        double volume =
                amount != null && reportingCurrency.equals(amount.getCurrency())
                        ? amount.getAmount().doubleValue()
                        : 0;
        if (!(volume >= 0) || Double.isInfinite(volume)) {
            volume = 0; // the normaliser admits positive amounts only; never fail the job on one
        }
        long time = e.getEventTime().toEpochMilli();
        String id = e.getEventId();
        out.collect(
                new ScopedTrade(
                        ScopeKind.GLOBAL,
                        "*",
                        seller,
                        origin,
                        buyer,
                        destination,
                        volume,
                        time,
                        id));
        if (origin != null) {
            out.collect(
                    new ScopedTrade(
                            ScopeKind.REGION,
                            origin,
                            seller,
                            origin,
                            buyer,
                            destination,
                            volume,
                            time,
                            id));
        }
        if (destination != null && !destination.equals(origin)) {
            out.collect(
                    new ScopedTrade(
                            ScopeKind.REGION,
                            destination,
                            seller,
                            origin,
                            buyer,
                            destination,
                            volume,
                            time,
                            id));
        }
        if (origin != null && destination != null) {
            out.collect(
                    new ScopedTrade(
                            ScopeKind.CORRIDOR,
                            origin + ">" + destination,
                            seller,
                            origin,
                            buyer,
                            destination,
                            volume,
                            time,
                            id));
        }
    }
}
