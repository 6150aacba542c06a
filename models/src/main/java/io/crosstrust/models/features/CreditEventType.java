package io.crosstrust.models.features;

/**
 * What happened, mirroring the canonical {@code TradeEventType} vocabulary of trade.events
 * (ingest/src/main/avro/trade/TradeEvent.avsc) symbol for symbol, so the jobs map one to the other
 * by name. The model keeps its own copy to stay free of the Avro classes.
 */
public enum CreditEventType {
    ENTITY_REGISTERED,
    ORDER_PLACED,
    PAYMENT_DUE,
    PAYMENT_MADE,
    SHIPMENT_BOOKED,
    SHIPMENT_DEPARTED,
    SHIPMENT_CUSTOMS_CLEARED,
    SHIPMENT_ARRIVED,
    SHIPMENT_DELIVERED,
    SHIPMENT_LOST,
    CUSTOMS_DECLARED,
    CUSTOMS_CLEARED,
    CUSTOMS_HELD,
    CUSTOMS_REJECTED,
    DISPUTE_OPENED,
    DISPUTE_RESOLVED,
    REVIEW,
    ESCROW_CREATED,
    ESCROW_FUNDED,
    ESCROW_SHIPPED,
    ESCROW_DELIVERY_CONFIRMED,
    ESCROW_RELEASED,
    ESCROW_DISPUTED,
    ESCROW_RESOLVED,
    ESCROW_REFUNDED,
    TOKEN_TRANSFER,
    SCORE_POSTED,
    OTHER;

    private static final CreditEventType[] VALUES = values();

    /** The type with this symbol, OTHER for an unknown one (a newer producer's vocabulary). */
    public static CreditEventType fromSymbol(String symbol) {
        for (CreditEventType t : VALUES) {
            if (t.name().equals(symbol)) {
                return t;
            }
        }
        return OTHER;
    }
}
