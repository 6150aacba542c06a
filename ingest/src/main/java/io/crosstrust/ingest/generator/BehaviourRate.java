package io.crosstrust.ingest.generator;

/**
 * A behaviour rate every {@link Profile} has. Each becomes one parameter per profile, keyed {@code
 * <profile>.<rate>} (for example {@code slowPayer.latePaymentProbability}).
 *
 * <p>For the ramping profiles (DELINQUENT, NON_COMPLIANT) the profile's value is the rate at full
 * severity: before the onset the entity behaves like a RELIABLE one, and its rate moves from the
 * RELIABLE value to the profile's value as severity rises from 0 to 1. Every probability is further
 * multiplied by a per-entity noise factor ({@code entityRateSigma}) so no two entities are alike.
 */
public enum BehaviourRate {
    /** Probability that an instalment is paid after its due date (as payer). */
    LATE_PAYMENT_PROBABILITY(
            "latePaymentProbability",
            "probability that an instalment is paid after its due date",
            0,
            1,
            0.06,
            0.5,
            0.9,
            0.03,
            0.05,
            0.08),
    /** Mean days past due of a late payment (exponential). */
    LATE_PAYMENT_MEAN_DAYS(
            "latePaymentMeanDays",
            "mean days past due of a late payment (exponential)",
            0.01,
            365,
            2,
            10,
            35,
            2,
            2,
            3),
    /**
     * Probability that an instalment is never paid at all (as payer): arrears that build up before
     * a default. Slow payers never skip; reliable entities almost never.
     */
    MISSED_PAYMENT_PROBABILITY(
            "missedPaymentProbability",
            "probability that an instalment is never paid (arrears building up before a default)",
            0,
            1,
            0.001,
            0,
            0.5,
            0,
            0,
            0.002),
    /** Probability that a shipment departs after the promised departure (as seller). */
    SHIP_LATE_PROBABILITY(
            "shipLateProbability",
            "probability that a shipment departs after its promised departure (as seller)",
            0,
            1,
            0.08,
            0.1,
            0.6,
            0.08,
            0.05,
            0.12),
    /** Mean days a late departure is late (exponential). */
    SHIP_DELAY_MEAN_DAYS(
            "shipDelayMeanDays",
            "mean days a late departure is late (exponential)",
            0.01,
            365,
            1.5,
            2,
            7,
            1.5,
            1,
            2),
    /** Probability that a seller never ships an order (as seller; the buyer disputes it). */
    UNSHIPPED_PROBABILITY(
            "unshippedProbability",
            "probability that a seller never ships an order (the buyer disputes it)",
            0,
            1,
            0.001,
            0.001,
            0.35,
            0.001,
            0,
            0.002),
    /** Probability that a buyer disputes a delivered order from this seller. */
    QUALITY_DISPUTE_PROBABILITY(
            "qualityDisputeProbability",
            "probability that a buyer disputes a delivered order (not as described, damaged)",
            0,
            1,
            0.03,
            0.04,
            0.2,
            0.03,
            0.01,
            0.06),
    /** Probability that this entity loses a quality dispute as respondent. */
    DISPUTE_LOSS_PROBABILITY(
            "disputeLossProbability",
            "probability of losing a quality dispute as respondent",
            0,
            1,
            0.3,
            0.4,
            0.7,
            0.3,
            0.2,
            0.6),
    /** Probability that customs holds a shipment of this seller. */
    CUSTOMS_HOLD_PROBABILITY(
            "customsHoldProbability",
            "probability that customs holds a shipment (as declarant)",
            0,
            1,
            0.02,
            0.02,
            0.04,
            0.02,
            0.03,
            0.3),
    /** Probability that the declared value is below the value customs assesses. */
    VALUE_MISMATCH_PROBABILITY(
            "valueMismatchProbability",
            "probability that the declared value is below the value customs assesses",
            0,
            1,
            0.005,
            0.005,
            0.02,
            0.005,
            0.02,
            0.25),
    /** Mean share by which a mismatched declaration undervalues the goods. */
    UNDERVALUATION_MEAN(
            "undervaluationMean",
            "mean share by which a mismatched declaration undervalues the goods",
            0.01,
            0.9,
            0.1,
            0.1,
            0.2,
            0.1,
            0.15,
            0.35),
    /** Multiplier on the entity's order rate (DELINQUENT entities order less as they weaken). */
    ORDER_RATE_MULTIPLIER(
            "orderRateMultiplier",
            "multiplier on the entity's own order rate",
            0,
            100,
            1,
            1,
            0.6,
            1,
            1,
            1),
    /** Mean rating (1-5) counterparties give this entity before late/dispute penalties. */
    REVIEW_MEAN(
            "reviewMean",
            "mean rating (1-5) counterparties give, before penalties for lateness and disputes",
            1,
            5,
            4.6,
            4.3,
            3.8,
            4.7,
            4.8,
            4.0);

    private final String key;
    private final String description;
    private final double min;
    private final double max;
    private final double[] defaults;

    BehaviourRate(String key, String description, double min, double max, double... defaults) {
        this.key = key;
        this.description = description;
        this.min = min;
        this.max = max;
        this.defaults = defaults;
    }

    /** The parameter suffix, e.g. {@code latePaymentProbability}. */
    public String key() {
        return key;
    }

    /** What the rate means. */
    public String description() {
        return description;
    }

    /** Smallest valid value. */
    public double min() {
        return min;
    }

    /** Largest valid value. */
    public double max() {
        return max;
    }

    /** The default value for a profile. */
    public double defaultFor(Profile profile) {
        return defaults[profile.ordinal()];
    }
}
