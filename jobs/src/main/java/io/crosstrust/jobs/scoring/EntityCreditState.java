package io.crosstrust.jobs.scoring;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import java.util.List;
import java.util.Objects;

/**
 * What the scoring path keeps per entity: the credit model's {@link CreditFeatureState}, the
 * entity's {@link OpenInstalments} (as payer) and its orders {@link AwaitingShipment} (as seller),
 * and how one canonical event updates them. The Flink scoring function keeps the three in keyed
 * state; the training-set builder and the tests use this class directly, so features are computed
 * by exactly the same code in training and in the stream.
 *
 * <p>Assumptions: a PAYMENT_DUE arrives before the payment that settles it, an ORDER_PLACED before
 * its shipment (platforms publish them at order time); the model's tallies themselves do not depend
 * on arrival order; duplicates were dropped upstream. Not thread-safe.
 */
public final class EntityCreditState {
    /** Pending obligations older than this are forgotten (bounds the state of a non-payer). */
    public static final long RETENTION_MS = 365L * 86_400_000L;

    private final CreditFeatureState features;
    private final OpenInstalments instalments;
    private final AwaitingShipment awaiting;

    public EntityCreditState(
            CreditFeatureState features, OpenInstalments instalments, AwaitingShipment awaiting) {
        this.features = Objects.requireNonNull(features, "features");
        this.instalments = Objects.requireNonNull(instalments, "instalments");
        this.awaiting = Objects.requireNonNull(awaiting, "awaiting");
    }

    public static EntityCreditState empty() {
        return new EntityCreditState(
                new CreditFeatureState(), new OpenInstalments(), new AwaitingShipment());
    }

    public CreditFeatureState features() {
        return features;
    }

    public OpenInstalments instalments() {
        return instalments;
    }

    public AwaitingShipment awaiting() {
        return awaiting;
    }

    /**
     * Applies one event for the entity in {@code role}: a PAYMENT_DUE opens an instalment and a
     * PAYMENT_MADE settles one (taking its due time as the reference time); an order received on
     * the platform waits for its departure; then the model updates the features.
     *
     * @return the model's view of the event, or null when it does not concern the role
     */
    public CreditEvent apply(CreditFeatures model, TradeEvent e, Role role) {
        TradeEventType type = e.getType();
        if (!CreditEvents.concerns(type, role)) {
            return null;
        }
        long reference = CreditEvents.referenceTime(e);
        String orderId = e.getOrderId();
        long t = e.getEventTime().toEpochMilli();
        if (orderId != null) {
            if (role == Role.COUNTERPARTY) {
                if (type == TradeEventType.ORDER_PLACED && !e.getOnChain()) {
                    awaiting.add(
                            new AwaitingShipment.Order(
                                    orderId, t, e.getEventId(), e.getSubjectId()));
                    awaiting.dropOrderedBefore(t - RETENTION_MS);
                }
            } else {
                switch (type) {
                    case PAYMENT_DUE -> {
                        if (e.getReferenceTime() != null) {
                            Money amount = e.getAmount();
                            instalments.add(
                                    new OpenInstalments.Instalment(
                                            orderId,
                                            e.getReferenceTime().toEpochMilli(),
                                            amount == null ? null : amount.getAmount(),
                                            amount == null ? null : amount.getCurrency(),
                                            e.getCounterpartyId(),
                                            e.getEventId()));
                            instalments.dropDueBefore(t - RETENTION_MS);
                        }
                    }
                    case PAYMENT_MADE -> {
                        if (e.getReferenceTime() == null) {
                            OpenInstalments.Instalment settled = instalments.settle(orderId);
                            if (settled != null) {
                                reference = settled.dueMillis();
                            }
                        }
                    }
                    case SHIPMENT_DEPARTED,
                                    SHIPMENT_CUSTOMS_CLEARED,
                                    SHIPMENT_ARRIVED,
                                    SHIPMENT_DELIVERED,
                                    SHIPMENT_LOST ->
                            awaiting.shipped(orderId);
                    default -> {}
                }
            }
        }
        CreditEvent event = CreditEvents.of(e, role, reference);
        model.update(features, event);
        return event;
    }

    /** Whether {@link #apply} may change the pending obligations for this event and role. */
    public static boolean obligationsChange(TradeEvent e, Role role) {
        if (e.getOrderId() == null) {
            return false;
        }
        if (role == Role.COUNTERPARTY) {
            return e.getType() == TradeEventType.ORDER_PLACED;
        }
        return switch (e.getType()) {
            case PAYMENT_DUE,
                            PAYMENT_MADE,
                            SHIPMENT_DEPARTED,
                            SHIPMENT_CUSTOMS_CLEARED,
                            SHIPMENT_ARRIVED,
                            SHIPMENT_DELIVERED,
                            SHIPMENT_LOST ->
                    true;
            default -> false;
        };
    }

    /**
     * The feature state to score as of {@code asOfMillis}. Pending obligations that are overdue by
     * then count as settled late at {@code asOfMillis}, in a copy of the state: an instalment
     * unpaid beyond {@link OverdueThresholds#paymentMillis()} past due as a payment made now (a
     * lower bound of its eventual lateness), an order not departed {@link
     * OverdueThresholds#shipmentMillis()} after it was placed as a departure now against a promise
     * at that threshold. The stand-in payment is marked {@link CreditEvent#STILL_UNPAID}, so the
     * model also counts it as arrears (an instalment still owed, which a slow payer that pays in
     * the end rarely has for long). All of it is known at asOf (no look-ahead). Without it a payer
     * in arrears, or a seller that stopped shipping, would look clean until the evidence finally
     * arrives weeks later, or never. Returns the state itself when nothing is overdue.
     */
    public CreditFeatureState scoringView(
            CreditFeatures model, long asOfMillis, OverdueThresholds overdue) {
        List<OpenInstalments.Instalment> unpaid =
                instalments.dueBy(asOfMillis - overdue.paymentMillis());
        List<AwaitingShipment.Order> unshipped =
                awaiting.orderedBy(asOfMillis - overdue.shipmentMillis());
        if (unpaid.isEmpty() && unshipped.isEmpty()) {
            return features;
        }
        CreditFeatureState view = features.copy();
        for (OpenInstalments.Instalment i : unpaid) {
            // paid late now for the payment-conduct features (and counted as arrears), yet still
            // owed: the obligation is re-added so that outstanding amount and exposure (the credit
            // limit) stay as they are
            model.update(
                    view,
                    new CreditEvent(
                            CreditEventType.PAYMENT_DUE,
                            Math.max(asOfMillis, i.dueMillis()),
                            i.amount(),
                            i.currency(),
                            i.dueMillis(),
                            i.payeeId(),
                            false,
                            0,
                            null));
            model.update(
                    view,
                    new CreditEvent(
                            CreditEventType.PAYMENT_MADE,
                            Math.max(asOfMillis, i.dueMillis()),
                            i.amount(),
                            i.currency(),
                            i.dueMillis(),
                            i.payeeId(),
                            false,
                            0,
                            CreditEvent.STILL_UNPAID));
        }
        for (AwaitingShipment.Order o : unshipped) {
            long promised = o.orderedMillis() + overdue.shipmentMillis();
            model.update(
                    view,
                    new CreditEvent(
                            CreditEventType.SHIPMENT_DEPARTED,
                            Math.max(asOfMillis, promised),
                            null,
                            null,
                            promised,
                            o.buyerId(),
                            false,
                            0,
                            null));
        }
        return view;
    }
}
