package io.crosstrust.models.features;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One canonical trade event as the credit model sees it, about its subject (the entity whose
 * conduct it is: the payer of a payment, the seller of a shipment, the respondent of a dispute).
 * The jobs map {@code TradeEvent} to this one field for field.
 *
 * <p>Times are epoch milliseconds (UTC) so that the streaming path allocates nothing per event;
 * {@link #NO_TIME} marks an absent reference time.
 *
 * @param type what happened
 * @param eventTimeMillis when it happened
 * @param amount exact amount in whole currency units, or null
 * @param currency ISO 4217 code or token symbol of the amount, or null
 * @param referenceTimeMillis payment due time (PAYMENT_DUE, PAYMENT_MADE), promised time
 *     (SHIPMENT_*), dispute opened time (DISPUTE_RESOLVED, ESCROW_RESOLVED); {@link #NO_TIME} if
 *     none
 * @param counterpartyId the other side, or null
 * @param onChain whether the trade step is evidenced on-chain
 * @param rating review rating 1-5 (REVIEW), 0 if none
 * @param detail type-specific detail: dispute outcome (CLAIMANT_WON, RESPONDENT_WON, SPLIT,
 *     WITHDRAWN), customs reason (e.g. VALUE_MISMATCH), order status (CANCELLED), {@link
 *     #STILL_UNPAID} on the scoring job's stand-in for an overdue instalment; may be null
 */
public record CreditEvent(
        CreditEventType type,
        long eventTimeMillis,
        BigDecimal amount,
        String currency,
        long referenceTimeMillis,
        String counterpartyId,
        boolean onChain,
        int rating,
        String detail) {

    /** Marks an absent reference time. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /**
     * Detail of a PAYMENT_MADE that stands for an instalment <b>still unpaid</b> at the event time:
     * the scoring job's view of an overdue instalment (jobs {@code EntityCreditState.scoringView}).
     * It counts as paid late at that time for the payment-conduct features and, beside that, as
     * arrears ({@code payment.arrears_rate}). Real payments never carry it (the normaliser writes
     * the payment method).
     */
    public static final String STILL_UNPAID = "STILL_UNPAID";

    public CreditEvent {
        Objects.requireNonNull(type, "type");
        if (rating < 0 || rating > 5) {
            throw new IllegalArgumentException("rating must be 0 (none) or 1-5, got " + rating);
        }
    }

    public Instant eventTime() {
        return Instant.ofEpochMilli(eventTimeMillis);
    }

    public boolean hasReferenceTime() {
        return referenceTimeMillis != NO_TIME;
    }

    public static Builder builder(CreditEventType type, Instant eventTime) {
        return new Builder(type, eventTime.toEpochMilli());
    }

    public static Builder builder(CreditEventType type, long eventTimeMillis) {
        return new Builder(type, eventTimeMillis);
    }

    /** Readable construction; only type and time are required. */
    public static final class Builder {
        private final CreditEventType type;
        private final long eventTimeMillis;
        private BigDecimal amount;
        private String currency;
        private long referenceTimeMillis = NO_TIME;
        private String counterpartyId;
        private boolean onChain;
        private int rating;
        private String detail;

        private Builder(CreditEventType type, long eventTimeMillis) {
            this.type = type;
            this.eventTimeMillis = eventTimeMillis;
        }

        public Builder amount(BigDecimal value, String currencyCode) {
            this.amount = value;
            this.currency = currencyCode;
            return this;
        }

        public Builder amount(String value, String currencyCode) {
            return amount(new BigDecimal(value), currencyCode);
        }

        public Builder referenceTime(Instant time) {
            this.referenceTimeMillis = time == null ? NO_TIME : time.toEpochMilli();
            return this;
        }

        public Builder referenceTimeMillis(long millis) {
            this.referenceTimeMillis = millis;
            return this;
        }

        public Builder counterparty(String id) {
            this.counterpartyId = id;
            return this;
        }

        public Builder onChain(boolean value) {
            this.onChain = value;
            return this;
        }

        public Builder rating(int value) {
            this.rating = value;
            return this;
        }

        public Builder detail(String value) {
            this.detail = value;
            return this;
        }

        public CreditEvent build() {
            return new CreditEvent(
                    type,
                    eventTimeMillis,
                    amount,
                    currency,
                    referenceTimeMillis,
                    counterpartyId,
                    onChain,
                    rating,
                    detail);
        }
    }
}
