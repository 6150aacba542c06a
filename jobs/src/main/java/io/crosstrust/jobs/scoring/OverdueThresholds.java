package io.crosstrust.jobs.scoring;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a pending obligation starts to count against an entity before it is settled (see {@link
 * EntityCreditState#scoringView}): an instalment still unpaid {@code payment} after its due date,
 * an order not departed {@code shipment} after it was placed.
 *
 * @param paymentMillis past the due date; default one day, the model's own tolerance for "late"
 * @param shipmentMillis after the order; default seven days (the generator's sellers promise
 *     departure two days after the order, honest late departures average a day and a half)
 */
public record OverdueThresholds(long paymentMillis, long shipmentMillis) implements Serializable {
    public static final OverdueThresholds DEFAULT =
            new OverdueThresholds(Duration.ofDays(1).toMillis(), Duration.ofDays(7).toMillis());

    public OverdueThresholds {
        if (paymentMillis < 0 || shipmentMillis < 0) {
            throw new IllegalArgumentException("overdue thresholds must be >= 0");
        }
    }

    public static OverdueThresholds of(Duration payment, Duration shipment) {
        return new OverdueThresholds(payment.toMillis(), shipment.toMillis());
    }
}
