package io.crosstrust.ingest.generator;

/**
 * Something that happened to or was done by an entity, recorded in the {@link GroundTruth} at the
 * simulated time it happened. Incidents are facts of the generated stream (they include the honest
 * noise of reliable entities); expected warnings are derived from them and the hidden profile.
 */
public enum IncidentKind {
    /** An instalment this entity owed was paid after its due date (time = payment time). */
    PAYMENT_LATE,
    /** An instalment this entity owed was still unpaid at due + paymentGraceDays (that time). */
    PAYMENT_OVERDUE,
    /** This seller's shipment departed after the promised departure (departure time). */
    SHIPMENT_LATE,
    /** This seller's (or carrier's) shipment was delivered after the promised date. */
    DELIVERY_LATE,
    /** This seller's (or carrier's) shipment was lost. */
    SHIPMENT_LOST,
    /** This seller never shipped an order (it had defaulted, or skipped it while failing). */
    NOT_SHIPPED,
    /** Customs held this declarant's shipment. */
    CUSTOMS_HOLD,
    /** Customs rejected this declarant's shipment. */
    CUSTOMS_REJECTED,
    /** Customs assessed a higher value than this declarant declared. */
    VALUE_MISMATCH,
    /** A dispute was opened against this entity (as respondent). */
    DISPUTE_AGAINST,
    /** This entity lost a dispute as respondent (claimant won, or split). */
    DISPUTE_LOST,
    /** A bust-out's order volume started to surge. */
    VOLUME_SURGE,
    /** A ring of circular traders this entity belongs to completed one cycle. */
    CIRCULAR_CYCLE,
    /** A payer that owed this entity money defaulted, leaving receivables unpaid. */
    COUNTERPARTY_DEFAULT,
    /** This entity defaulted: from now on it pays nothing and ships nothing. */
    DEFAULT
}
