package io.crosstrust.ingest.generator;

import java.io.Serializable;

/**
 * Net payment terms offered on platform-settled orders, and how often they are chosen.
 *
 * @param days days from order to payment due date (> 0)
 * @param weight relative weight (> 0)
 */
public record PaymentTerm(int days, double weight) implements Serializable {
    /** Checks the fields; messages say what to fix. */
    public PaymentTerm {
        if (days <= 0 || days > 365) {
            throw new IllegalArgumentException(
                    "payment term days must be in [1, 365], got " + days);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "payment term " + days + "d weight must be > 0, got " + weight);
        }
    }

    /** The text form used in configuration: {@code 30:0.5}. */
    @Override
    public String toString() {
        return days + ":" + TradeWorldOption.formatNumber(weight);
    }
}
