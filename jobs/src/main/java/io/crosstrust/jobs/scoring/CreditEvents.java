package io.crosstrust.jobs.scoring;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import java.math.BigDecimal;

/**
 * Maps a canonical {@link TradeEvent} to the credit model's {@link CreditEvent} (docs/model.md,
 * "What the streaming job calls"), for one of the two entities an event names.
 *
 * <p>Roles: a trade event is about its <b>subject</b> (the payer of a payment, the seller of a
 * shipment or a declaration, the respondent of a dispute, the reviewed party); every type feeds the
 * subject's features. The <b>counterparty</b> takes part in one kind of event that says something
 * about its own trade: an order it receives (ORDER_PLACED, where the subject is the buyer) counts
 * as an order and as volume of the seller, so that a seller's dispute rate (disputes per order) and
 * trade volume have a denominator. Nothing else is about the counterparty's conduct: see {@link
 * #concerns}.
 *
 * <p>Conventions, where TradeEvent and CreditEvent differ:
 *
 * <ul>
 *   <li><b>reference time</b>: TradeEvent's {@code reference_time} for PAYMENT_DUE (due time),
 *       SHIPMENT_* (promised time) and DISPUTE_RESOLVED (opened time). A PAYMENT_MADE carries no
 *       due time on trade.events: the caller passes the due time of the instalment it settles
 *       ({@link OpenInstalments#settle}). ORDER_PLACED carries the payment due time, which is not
 *       evidence about the order itself: it maps to no reference time (an order is dated by its own
 *       time).
 *   <li><b>detail</b>: the dispute outcome stays first (CLAIMANT_WON, RESPONDENT_WON, SPLIT,
 *       WITHDRAWN, as the normaliser writes it); a customs decision whose assessed value ({@code
 *       reference_amount}) exceeds the declared value ({@code amount}) gets the detail {@code
 *       VALUE_MISMATCH: <reason>}, since platforms word the reason freely ("valuation review").
 * </ul>
 *
 * Stateless and thread-safe; allocates one CreditEvent per call.
 */
public final class CreditEvents {

    /** Which of an event's two entities a CreditEvent is built for. */
    public enum Role {
        SUBJECT,
        COUNTERPARTY
    }

    /** Detail prefix that marks a value mismatch at customs (the model looks for "VALUE"). */
    public static final String VALUE_MISMATCH = "VALUE_MISMATCH";

    private static final CreditEventType[] TYPES = mapTypes();

    private CreditEvents() {}

    /** Whether an event of this type says something about the entity in that role. */
    public static boolean concerns(TradeEventType type, Role role) {
        return role == Role.SUBJECT || type == TradeEventType.ORDER_PLACED;
    }

    /** The model's event type with the same symbol. */
    public static CreditEventType typeOf(TradeEventType type) {
        return TYPES[type.ordinal()];
    }

    /**
     * The event as the entity in {@code role} sees it, with the event's own reference time.
     *
     * @throws IllegalArgumentException when the event does not concern that role, or names no
     *     counterparty for the counterparty role
     */
    public static CreditEvent of(TradeEvent e, Role role) {
        return of(e, role, referenceTime(e));
    }

    /**
     * The event as the entity in {@code role} sees it, with the given reference time ({@link
     * CreditEvent#NO_TIME} for none): a PAYMENT_MADE's due time comes from the open instalments.
     */
    public static CreditEvent of(TradeEvent e, Role role, long referenceTimeMillis) {
        TradeEventType type = e.getType();
        if (!concerns(type, role)) {
            throw new IllegalArgumentException(
                    type + " says nothing about the counterparty (event " + e.getEventId() + ")");
        }
        Money amount = e.getAmount();
        String counterparty = e.getCounterpartyId();
        if (role == Role.COUNTERPARTY) {
            if (counterparty == null) {
                throw new IllegalArgumentException(
                        "event " + e.getEventId() + " names no counterparty");
            }
            counterparty = e.getSubjectId();
        }
        Integer rating = e.getRating();
        return new CreditEvent(
                typeOf(type),
                e.getEventTime().toEpochMilli(),
                amount == null ? null : amount.getAmount(),
                amount == null ? null : amount.getCurrency(),
                referenceTimeMillis,
                counterparty,
                e.getOnChain(),
                rating == null || rating < 1 || rating > 5 ? 0 : rating,
                detail(e));
    }

    /** The reference time the model reads from the event itself (see the class comment). */
    public static long referenceTime(TradeEvent e) {
        if (e.getReferenceTime() == null) {
            return CreditEvent.NO_TIME;
        }
        return switch (e.getType()) {
            case PAYMENT_DUE,
                            SHIPMENT_BOOKED,
                            SHIPMENT_DEPARTED,
                            SHIPMENT_CUSTOMS_CLEARED,
                            SHIPMENT_ARRIVED,
                            SHIPMENT_DELIVERED,
                            SHIPMENT_LOST,
                            DISPUTE_RESOLVED,
                            ESCROW_RESOLVED,
                            PAYMENT_MADE ->
                    e.getReferenceTime().toEpochMilli();
            default -> CreditEvent.NO_TIME;
        };
    }

    /** Whether a customs decision assessed the goods above their declared value. */
    public static boolean isValueMismatch(TradeEvent e) {
        Money declared = e.getAmount();
        Money assessed = e.getReferenceAmount();
        return switch (e.getType()) {
            case CUSTOMS_CLEARED, CUSTOMS_HELD, CUSTOMS_REJECTED ->
                    declared != null
                            && assessed != null
                            && declared.getCurrency().equals(assessed.getCurrency())
                            && assessed.getAmount().compareTo(declared.getAmount()) > 0;
            default -> false;
        };
    }

    /** How much the assessed value exceeds the declared one, as a share of the declared value. */
    public static double undervaluation(TradeEvent e) {
        if (!isValueMismatch(e)) {
            return 0.0;
        }
        BigDecimal declared = e.getAmount().getAmount();
        if (declared.signum() <= 0) {
            return 1.0;
        }
        return e.getReferenceAmount().getAmount().subtract(declared).doubleValue()
                / declared.doubleValue();
    }

    private static String detail(TradeEvent e) {
        String detail = e.getDetail();
        if (isValueMismatch(e)) {
            return detail == null ? VALUE_MISMATCH : VALUE_MISMATCH + ": " + detail;
        }
        return detail;
    }

    private static CreditEventType[] mapTypes() {
        TradeEventType[] all = TradeEventType.values();
        CreditEventType[] out = new CreditEventType[all.length];
        for (TradeEventType t : all) {
            out[t.ordinal()] = CreditEventType.fromSymbol(t.name());
        }
        return out;
    }
}
