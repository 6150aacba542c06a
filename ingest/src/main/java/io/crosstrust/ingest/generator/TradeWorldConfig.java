package io.crosstrust.ingest.generator;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every parameter of the synthetic trade world, typed, with defaults, descriptions and validation.
 *
 * <p>Each parameter is a {@link TradeWorldOption} constant below (key, type, default, meaning,
 * range); {@link #options()} lists them in documentation order, and docs/generator.md has the same
 * table. Values come from code ({@link Builder#set(TradeWorldOption, Object)}) or from text {@code
 * key=value} pairs ({@link #parse(List)}, for a CLI {@code --set key=value}). {@link
 * Builder#build()} checks every value and the relations between them and throws an {@link
 * IllegalArgumentException} whose message says what to fix, for example {@code escrowShare must be
 * in [0,1], got 1.5}.
 *
 * <p>Per-profile behaviour rates are generated from {@link BehaviourRate} x {@link Profile}: key
 * {@code <profile>.<rate>}, e.g. {@code slowPayer.latePaymentProbability}; see {@link
 * #behaviour(Profile, BehaviourRate)}. Immutable, serializable (a Flink source can carry it).
 */
public final class TradeWorldConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final List<TradeWorldOption<?>> OPTIONS = new ArrayList<>();
    private static final Map<String, TradeWorldOption<?>> BY_KEY = new LinkedHashMap<>();
    private static final Map<Profile, Map<BehaviourRate, TradeWorldOption<Double>>> BEHAVIOUR =
            new EnumMap<>(Profile.class);

    private static <T> TradeWorldOption<T> register(TradeWorldOption<T> option) {
        if (BY_KEY.putIfAbsent(option.key(), option) != null) {
            throw new IllegalStateException("duplicate option " + option.key());
        }
        option.index = OPTIONS.size();
        OPTIONS.add(option);
        return option;
    }

    private static TradeWorldOption<Integer> intOpt(
            String key, int def, int min, int max, String doc) {
        return register(TradeWorldOption.ofInt(key, def, min, max, doc));
    }

    private static TradeWorldOption<Double> num(
            String key, double def, double min, double max, String doc) {
        return register(TradeWorldOption.ofDouble(key, def, min, max, doc));
    }

    private static TradeWorldOption<Double> probability(String key, double def, String doc) {
        return num(key, def, 0, 1, doc);
    }

    private static TradeWorldOption<Double> days(String key, double def, String doc) {
        return num(key, def, 0, 3650, doc);
    }

    // ------------------------------------------------------------------ world

    /** Seed of every random draw: the same configuration gives a byte-identical event sequence. */
    public static final TradeWorldOption<Long> SEED =
            register(
                    TradeWorldOption.ofLong(
                            "seed",
                            42,
                            Long.MIN_VALUE,
                            Long.MAX_VALUE,
                            "seed of every random draw; same config = same event sequence"));

    /** Number of entities alive at any time (sellers + buyers + logistics providers). */
    public static final TradeWorldOption<Integer> ENTITIES =
            intOpt(
                    "entities",
                    2000,
                    10,
                    5_000_000,
                    "entities alive at any time (sellers + buyers + logistics providers)");

    /** Share of entities that are sellers (exporters); they also source from other sellers. */
    public static final TradeWorldOption<Double> SELLER_SHARE =
            num("sellerShare", 0.45, 0.05, 0.9, "share of entities that are sellers (exporters)");

    /** Share of entities that are logistics providers (carriers); the rest are buyers. */
    public static final TradeWorldOption<Double> LOGISTICS_SHARE =
            num(
                    "logisticsShare",
                    0.05,
                    0.001,
                    0.5,
                    "share of entities that are logistics providers; the rest are buyers");

    /**
     * Trade corridors {@code ORIGIN>DESTINATION:WEIGHT}. Regions are the corridor end points;
     * sellers live in origins in proportion to outgoing weight, buyers in destinations in
     * proportion to incoming weight, and buyers choose new suppliers by corridor weight.
     */
    public static final TradeWorldOption<List<Corridor>> CORRIDORS =
            register(
                    TradeWorldOption.ofCorridors(
                            "corridors",
                            defaultCorridors(),
                            "trade corridors ORIGIN>DEST:WEIGHT; regions are their end points,"
                                    + " entities live there in proportion to the weights"));

    /** Simulated start instant (UTC). */
    public static final TradeWorldOption<Instant> START =
            register(
                    TradeWorldOption.ofInstant(
                            "start",
                            Instant.parse("2026-01-01T00:00:00Z"),
                            "simulated start instant, UTC"));

    /** Simulated length in days; 0 = unbounded (keeps generating new days). */
    public static final TradeWorldOption<Integer> DAYS =
            intOpt(
                    "days",
                    180,
                    0,
                    36_500,
                    "simulated length in days; 0 = unbounded (keeps generating new days)");

    /** Stop after this many events; 0 = no limit (then {@code days} bounds the world). */
    public static final TradeWorldOption<Long> MAX_EVENTS =
            register(
                    TradeWorldOption.ofLong(
                            "maxEvents",
                            0,
                            0,
                            Long.MAX_VALUE,
                            "stop after this many events; 0 = no limit"));

    /** The producer id written in every event's {@code platform} field. */
    public static final TradeWorldOption<String> PLATFORM =
            register(
                    TradeWorldOption.ofText(
                            "platform",
                            "tradelane",
                            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                            "producer id written in every event's platform field"));

    /** Currency of every amount (ISO 4217). */
    public static final TradeWorldOption<String> CURRENCY =
            register(
                    TradeWorldOption.ofText(
                            "currency",
                            "USD",
                            Pattern.compile("[A-Z]{3,5}"),
                            "currency of every amount (ISO 4217 or token symbol)"));

    // --------------------------------------------------------------- activity

    /** Mean orders a buyer places per day (before its own activity factor). */
    public static final TradeWorldOption<Double> ORDERS_PER_BUYER_PER_DAY =
            num(
                    "ordersPerBuyerPerDay",
                    0.5,
                    0.001,
                    1000,
                    "mean orders a buyer places per day (Poisson), times its activity factor");

    /** Mean orders a seller places per day with other sellers (sourcing). */
    public static final TradeWorldOption<Double> SOURCING_ORDERS_PER_SELLER_PER_DAY =
            num(
                    "sourcingOrdersPerSellerPerDay",
                    0.05,
                    0,
                    1000,
                    "mean orders a seller places per day with sellers in other regions (sourcing)");

    /** Log-normal sigma of the per-entity activity factor (mean 1). */
    public static final TradeWorldOption<Double> ACTIVITY_SIGMA =
            num(
                    "activitySigma",
                    0.6,
                    0,
                    3,
                    "log-normal sigma of the per-entity activity factor (mean 1)");

    /** Median order amount of a typical buyer, in {@code currency}. */
    public static final TradeWorldOption<Double> ORDER_AMOUNT_MEDIAN =
            num("orderAmountMedian", 1500, 1, 1e9, "median order amount of a typical buyer");

    /** Log-normal sigma of a buyer's typical order size around {@code orderAmountMedian}. */
    public static final TradeWorldOption<Double> ENTITY_SIZE_SIGMA =
            num(
                    "entitySizeSigma",
                    0.8,
                    0,
                    3,
                    "log-normal sigma of a buyer's typical order size across buyers");

    /** Log-normal sigma of one order's amount around its buyer's typical size. */
    public static final TradeWorldOption<Double> ORDER_AMOUNT_SIGMA =
            num(
                    "orderAmountSigma",
                    0.5,
                    0,
                    3,
                    "log-normal sigma of one order's amount around the buyer's typical size");

    /** Fewest regular suppliers a buyer has. */
    public static final TradeWorldOption<Integer> SUPPLIERS_MIN =
            intOpt("suppliersPerBuyerMin", 2, 1, 100, "fewest regular suppliers a buyer has");

    /** Most regular suppliers a buyer has. */
    public static final TradeWorldOption<Integer> SUPPLIERS_MAX =
            intOpt("suppliersPerBuyerMax", 6, 1, 100, "most regular suppliers a buyer has");

    /** Share of orders that go to a regular supplier (the rest try a new one). */
    public static final TradeWorldOption<Double> REPEAT_SUPPLIER_SHARE =
            probability(
                    "repeatSupplierShare",
                    0.8,
                    "share of orders placed with a regular supplier; the rest try a new one");

    /** Log-normal sigma of a per-entity factor on every misbehaviour probability. */
    public static final TradeWorldOption<Double> ENTITY_RATE_SIGMA =
            num(
                    "entityRateSigma",
                    0.4,
                    0,
                    2,
                    "log-normal sigma of a per-entity factor on every misbehaviour probability"
                            + " (honest heterogeneity)");

    // ----------------------------------------------------- settlement, payment

    /** Share of orders settled through the on-chain escrow (settlement=ESCROW). */
    public static final TradeWorldOption<Double> ESCROW_SHARE =
            probability(
                    "escrowShare",
                    0.3,
                    "share of orders settled through the on-chain escrow (settlement=ESCROW)");

    /** Linear growth of the escrow share per 365 days (capped at 1); 0 = constant share. */
    public static final TradeWorldOption<Double> ESCROW_SHARE_GROWTH_PER_YEAR =
            num(
                    "escrowShareGrowthPerYear",
                    0,
                    -1,
                    1,
                    "linear change of the escrow share per 365 days (clamped to [0,1])");

    /** Days an escrow buyer has to fund the escrow (its single instalment's due date). */
    public static final TradeWorldOption<Double> ESCROW_FUNDING_DAYS =
            num(
                    "escrowFundingDays",
                    2,
                    0.01,
                    60,
                    "days an escrow buyer has to fund the escrow; the seller ships once funded");

    /** Net payment terms of platform-settled orders {@code DAYS:WEIGHT}. */
    public static final TradeWorldOption<List<PaymentTerm>> PAYMENT_TERMS =
            register(
                    TradeWorldOption.ofTerms(
                            "paymentTerms",
                            List.of(
                                    new PaymentTerm(15, 0.2),
                                    new PaymentTerm(30, 0.5),
                                    new PaymentTerm(45, 0.2),
                                    new PaymentTerm(60, 0.1)),
                            "net payment terms of platform-settled orders DAYS:WEIGHT"));

    /** Platform orders above this amount are paid in two instalments (second 30 days later). */
    public static final TradeWorldOption<Double> INSTALMENT_THRESHOLD =
            num(
                    "instalmentThreshold",
                    5000,
                    0,
                    1e12,
                    "platform orders above this amount pay in two halves, the second due 30 days"
                            + " after the first");

    /** On-time payments arrive up to this many days before the due date (uniform). */
    public static final TradeWorldOption<Double> EARLY_PAYMENT_MAX_DAYS =
            days(
                    "earlyPaymentMaxDays",
                    5,
                    "on-time payments arrive uniformly up to this many days before the due date");

    /**
     * Days past due after which an unpaid instalment counts as overdue (a PAYMENT_OVERDUE incident
     * in the ground truth); the warning rule should use the same grace.
     */
    public static final TradeWorldOption<Double> PAYMENT_GRACE_DAYS =
            days(
                    "paymentGraceDays",
                    7,
                    "days past due after which an unpaid instalment is overdue (ground truth"
                            + " PAYMENT_OVERDUE)");

    /** Days past due after which a seller may open a NON_PAYMENT dispute. */
    public static final TradeWorldOption<Double> NON_PAYMENT_DISPUTE_DAYS =
            days(
                    "nonPaymentDisputeDays",
                    21,
                    "days past due after which the payee may open a NON_PAYMENT dispute");

    /** Probability that a payee opens a NON_PAYMENT dispute once it may. */
    public static final TradeWorldOption<Double> NON_PAYMENT_DISPUTE_PROBABILITY =
            probability(
                    "nonPaymentDisputeProbability",
                    0.8,
                    "probability that the payee opens a NON_PAYMENT dispute once it may");

    /** Share of platform payments made in stablecoin on-chain (with a tx hash). */
    public static final TradeWorldOption<Double> STABLECOIN_SHARE =
            probability(
                    "stablecoinShare",
                    0.15,
                    "share of platform-settled payments made in stablecoin (with a tx hash)");

    // --------------------------------------------------------------- shipping

    /** Days from order (or escrow funding) to the promised departure. */
    public static final TradeWorldOption<Double> HANDLING_DAYS =
            num(
                    "handlingDays",
                    2,
                    0.1,
                    60,
                    "days from order (escrow: from funding deadline) to the promised departure");

    /** Fixed part of transit time in days (port handling). */
    public static final TradeWorldOption<Double> BASE_TRANSIT_DAYS =
            days("baseTransitDays", 2, "fixed part of the transit time in days");

    /** Kilometres a shipment covers per transit day (great-circle distance between regions). */
    public static final TradeWorldOption<Double> KM_PER_TRANSIT_DAY =
            num(
                    "kmPerTransitDay",
                    1500,
                    10,
                    100_000,
                    "kilometres per transit day over the great-circle distance between regions");

    /** Probability of an extra transit delay (weather, congestion). */
    public static final TradeWorldOption<Double> TRANSIT_DELAY_PROBABILITY =
            probability(
                    "transitDelayProbability",
                    0.08,
                    "probability of an extra transit delay (weather, congestion), times the"
                            + " carrier's quality factor");

    /** Mean days of an extra transit delay (exponential). */
    public static final TradeWorldOption<Double> TRANSIT_DELAY_MEAN_DAYS =
            num(
                    "transitDelayMeanDays",
                    3,
                    0.01,
                    365,
                    "mean days of an extra transit delay (exponential)");

    /** Probability that a carrier loses a shipment. */
    public static final TradeWorldOption<Double> LOSS_PROBABILITY =
            probability(
                    "lossProbability",
                    0.004,
                    "probability that a shipment is lost, times the carrier's quality factor");

    /** Slack days the seller adds to the expected delivery when promising a date. */
    public static final TradeWorldOption<Double> DELIVERY_SLACK_DAYS =
            days(
                    "deliverySlackDays",
                    2,
                    "slack days the seller adds to the expected delivery when promising a date");

    /** Log-normal sigma of a carrier's quality factor on delays and losses. */
    public static final TradeWorldOption<Double> CARRIER_QUALITY_SIGMA =
            num(
                    "carrierQualitySigma",
                    0.4,
                    0,
                    2,
                    "log-normal sigma of a carrier's quality factor on delays and losses");

    // ---------------------------------------------------------------- customs

    /** Fewest days customs holds a shipment. */
    public static final TradeWorldOption<Double> CUSTOMS_HOLD_MIN_DAYS =
            days("customsHoldMinDays", 2, "fewest days customs holds a shipment");

    /** Most days customs holds a shipment. */
    public static final TradeWorldOption<Double> CUSTOMS_HOLD_MAX_DAYS =
            days("customsHoldMaxDays", 10, "most days customs holds a shipment");

    /** Share of holds that end in rejection (goods returned, never delivered). */
    public static final TradeWorldOption<Double> CUSTOMS_REJECT_SHARE =
            probability(
                    "customsRejectShare",
                    0.2,
                    "share of holds that end in rejection (goods never delivered)");

    /** Probability that customs holds a shipment whose value is under-declared. */
    public static final TradeWorldOption<Double> MISMATCH_HOLD_PROBABILITY =
            probability(
                    "mismatchHoldProbability",
                    0.6,
                    "probability that customs holds a shipment whose value it assesses higher");

    // --------------------------------------------------------------- disputes

    /** Median days to resolve a dispute on a platform-settled order (log-normal). */
    public static final TradeWorldOption<Double> DISPUTE_RESOLUTION_MEDIAN_DAYS =
            num(
                    "disputeResolutionMedianDays",
                    14,
                    0.01,
                    365,
                    "median days to resolve a dispute on a platform-settled order (log-normal)");

    /** Median days to resolve a dispute on an escrow-settled order (log-normal). */
    public static final TradeWorldOption<Double> ESCROW_DISPUTE_RESOLUTION_MEDIAN_DAYS =
            num(
                    "escrowDisputeResolutionMedianDays",
                    3,
                    0.01,
                    365,
                    "median days to resolve a dispute on an escrow-settled order (log-normal)");

    /** Added dispute probability when a delivery is late. */
    public static final TradeWorldOption<Double> LATE_DELIVERY_DISPUTE_BOOST =
            probability(
                    "lateDeliveryDisputeBoost",
                    0.12,
                    "added probability that the buyer disputes a late delivery");

    // ---------------------------------------------------------------- reviews

    /** Probability that a buyer reviews the seller after delivery. */
    public static final TradeWorldOption<Double> BUYER_REVIEW_PROBABILITY =
            probability(
                    "buyerReviewProbability",
                    0.5,
                    "probability that the buyer reviews the seller after delivery");

    /** Probability that a seller reviews the buyer after the last payment. */
    public static final TradeWorldOption<Double> SELLER_REVIEW_PROBABILITY =
            probability(
                    "sellerReviewProbability",
                    0.3,
                    "probability that the seller reviews the buyer after the last payment");

    /** Probability that a review carries a short comment. */
    public static final TradeWorldOption<Double> REVIEW_COMMENT_PROBABILITY =
            probability(
                    "reviewCommentProbability",
                    0.3,
                    "probability that a review carries a short comment");

    // --------------------------------------------------------------- profiles

    /** Share of trading entities (buyers + sellers) that are SLOW_PAYERs. */
    public static final TradeWorldOption<Double> SLOW_PAYER_SHARE =
            probability(
                    "slowPayer.share",
                    0.12,
                    "share of trading entities (buyers + sellers) that are slow payers");

    /** Share of trading entities that are DELINQUENT (deteriorate, then default). */
    public static final TradeWorldOption<Double> DELINQUENT_SHARE =
            probability(
                    "delinquent.share",
                    0.07,
                    "share of trading entities that deteriorate and then default");

    /** Share of trading entities that are BUST_OUTs (drawn from buyers). */
    public static final TradeWorldOption<Double> BUST_OUT_SHARE =
            probability(
                    "bustOut.share",
                    0.03,
                    "share of trading entities that bust out (drawn from buyers)");

    /** Share of trading entities that are CIRCULAR_TRADERs (drawn from sellers). */
    public static final TradeWorldOption<Double> CIRCULAR_TRADER_SHARE =
            probability(
                    "circularTrader.share",
                    0.03,
                    "share of trading entities that trade in rings (drawn from sellers)");

    /** Share of trading entities that are NON_COMPLIANT (drawn from sellers). */
    public static final TradeWorldOption<Double> NON_COMPLIANT_SHARE =
            probability(
                    "nonCompliant.share",
                    0.05,
                    "share of trading entities that become non-compliant at customs (drawn from"
                            + " sellers); RELIABLE is the remainder");

    /** Earliest onset of a DELINQUENT's deterioration, days after registration. */
    public static final TradeWorldOption<Double> DELINQUENT_ONSET_MIN_DAYS =
            days(
                    "delinquent.onsetMinDays",
                    20,
                    "earliest onset of deterioration, days after registration");

    /** Latest onset of a DELINQUENT's deterioration, days after registration. */
    public static final TradeWorldOption<Double> DELINQUENT_ONSET_MAX_DAYS =
            days(
                    "delinquent.onsetMaxDays",
                    120,
                    "latest onset of deterioration, days after registration");

    /** Shortest ramp from onset to default, days. */
    public static final TradeWorldOption<Double> DELINQUENT_RAMP_MIN_DAYS =
            num(
                    "delinquent.rampMinDays",
                    30,
                    0.1,
                    3650,
                    "shortest deterioration from onset to default, days");

    /** Longest ramp from onset to default, days. */
    public static final TradeWorldOption<Double> DELINQUENT_RAMP_MAX_DAYS =
            num(
                    "delinquent.rampMaxDays",
                    90,
                    0.1,
                    3650,
                    "longest deterioration from onset to default, days");

    /** Fewest days a DELINQUENT stays at full severity (in arrears) before defaulting. */
    public static final TradeWorldOption<Double> DELINQUENT_PLATEAU_MIN_DAYS =
            days(
                    "delinquent.plateauMinDays",
                    10,
                    "fewest days at full severity (in arrears) between the ramp and the default");

    /** Most days a DELINQUENT stays at full severity (in arrears) before defaulting. */
    public static final TradeWorldOption<Double> DELINQUENT_PLATEAU_MAX_DAYS =
            days(
                    "delinquent.plateauMaxDays",
                    30,
                    "most days at full severity (in arrears) between the ramp and the default");

    /** Shape of the ramp: severity = progress^exponent (above 1 starts subtly). */
    public static final TradeWorldOption<Double> DELINQUENT_RAMP_EXPONENT =
            num(
                    "delinquent.rampExponent",
                    1.2,
                    0.1,
                    10,
                    "severity = (time since onset / ramp)^exponent; above 1 starts subtly");

    /** Shortest clean history before a bust-out surge, days after registration. */
    public static final TradeWorldOption<Double> BUST_OUT_BUILD_MIN_DAYS =
            days(
                    "bustOut.buildMinDays",
                    50,
                    "shortest clean history before the surge, days after registration");

    /** Longest clean history before a bust-out surge, days after registration. */
    public static final TradeWorldOption<Double> BUST_OUT_BUILD_MAX_DAYS =
            days(
                    "bustOut.buildMaxDays",
                    120,
                    "longest clean history before the surge, days after registration");

    /** Shortest surge before default, days. */
    public static final TradeWorldOption<Double> BUST_OUT_SURGE_MIN_DAYS =
            num("bustOut.surgeMinDays", 20, 0.1, 3650, "shortest surge before default, days");

    /** Longest surge before default, days. */
    public static final TradeWorldOption<Double> BUST_OUT_SURGE_MAX_DAYS =
            num("bustOut.surgeMaxDays", 45, 0.1, 3650, "longest surge before default, days");

    /** Order-rate multiplier at the height of the surge (reached half-way through it). */
    public static final TradeWorldOption<Double> BUST_OUT_VOLUME_MULTIPLIER =
            num(
                    "bustOut.surgeVolumeMultiplier",
                    5,
                    1,
                    1000,
                    "order-rate multiplier at the height of the surge (reached half-way)");

    /** Order-amount multiplier at the height of the surge. */
    public static final TradeWorldOption<Double> BUST_OUT_AMOUNT_MULTIPLIER =
            num(
                    "bustOut.surgeAmountMultiplier",
                    3,
                    1,
                    1000,
                    "order-amount multiplier at the height of the surge");

    /** Smallest ring of circular traders. */
    public static final TradeWorldOption<Integer> RING_MIN_SIZE =
            intOpt("circularTrader.ringMinSize", 3, 2, 50, "smallest ring of circular traders");

    /** Largest ring of circular traders. */
    public static final TradeWorldOption<Integer> RING_MAX_SIZE =
            intOpt("circularTrader.ringMaxSize", 5, 2, 50, "largest ring of circular traders");

    /** Earliest first ring cycle, days after the start. */
    public static final TradeWorldOption<Double> RING_ONSET_MIN_DAYS =
            days("circularTrader.onsetMinDays", 10, "earliest first ring cycle, days after start");

    /** Latest first ring cycle, days after the start. */
    public static final TradeWorldOption<Double> RING_ONSET_MAX_DAYS =
            days("circularTrader.onsetMaxDays", 60, "latest first ring cycle, days after start");

    /** Mean days between ring cycles once fully ramped (twice that at the start). */
    public static final TradeWorldOption<Double> RING_CYCLE_INTERVAL_DAYS =
            num(
                    "circularTrader.cycleIntervalDays",
                    6,
                    0.1,
                    365,
                    "mean days between ring cycles once ramped (twice that at first)");

    /** Days within which one cycle's orders go all the way round the ring. */
    public static final TradeWorldOption<Double> RING_CYCLE_SPREAD_DAYS =
            num(
                    "circularTrader.cycleSpreadDays",
                    3,
                    0.01,
                    60,
                    "days within which one cycle's orders go all the way round the ring");

    /** Relative jitter of amounts within one cycle (uniform +-). */
    public static final TradeWorldOption<Double> RING_AMOUNT_JITTER =
            num(
                    "circularTrader.amountJitter",
                    0.03,
                    0,
                    0.5,
                    "relative jitter of the amounts within one cycle (uniform +-)");

    /** Days over which a ring's cycle frequency ramps up to full. */
    public static final TradeWorldOption<Double> RING_RAMP_DAYS =
            num(
                    "circularTrader.rampDays",
                    30,
                    0.1,
                    3650,
                    "days over which the cycle frequency ramps up to full");

    /** Latest onset of non-compliance, days after registration (uniform from 0). */
    public static final TradeWorldOption<Double> NON_COMPLIANT_ONSET_MAX_DAYS =
            days(
                    "nonCompliant.onsetMaxDays",
                    60,
                    "latest onset of non-compliance, days after registration (uniform from 0)");

    /** Days from onset to full non-compliance (linear ramp). */
    public static final TradeWorldOption<Double> NON_COMPLIANT_RAMP_DAYS =
            num(
                    "nonCompliant.rampDays",
                    45,
                    0.1,
                    3650,
                    "days from onset to full non-compliance (linear ramp)");

    /**
     * Smallest unpaid amount a defaulter must leave a counterparty with for it to count as exposed
     * (a COUNTERPARTY_DEFAULT incident, stress, possibly a contagion default), in {@code currency}.
     */
    public static final TradeWorldOption<Double> CONTAGION_MIN_EXPOSURE =
            num(
                    "contagion.minExposure",
                    3000,
                    0,
                    1e12,
                    "smallest unpaid amount a defaulter must leave a counterparty with for it to"
                            + " count as exposed");

    /** Probability that a payee exposed to a defaulter defaults itself. */
    public static final TradeWorldOption<Double> CONTAGION_DEFAULT_PROBABILITY =
            probability(
                    "contagion.defaultProbability",
                    0.01,
                    "probability that a counterparty left with unpaid receivables by a defaulter"
                            + " defaults itself");

    /** Days a counterparty of a defaulter stays under stress. */
    public static final TradeWorldOption<Double> CONTAGION_STRESS_DAYS =
            days(
                    "contagion.stressDays",
                    45,
                    "days an exposed counterparty stays under stress (pays later)");

    /** Added late-payment probability of a counterparty under stress. */
    public static final TradeWorldOption<Double> CONTAGION_LATE_PAYMENT_BOOST =
            probability(
                    "contagion.latePaymentBoost",
                    0.3,
                    "added late-payment probability while under stress");

    /** Fewest days from a defaulter's default to a contagion default. */
    public static final TradeWorldOption<Double> CONTAGION_LAG_MIN_DAYS =
            days(
                    "contagion.lagMinDays",
                    10,
                    "fewest days from the counterparty's default to a contagion default");

    /** Most days from a defaulter's default to a contagion default. */
    public static final TradeWorldOption<Double> CONTAGION_LAG_MAX_DAYS =
            days(
                    "contagion.lagMaxDays",
                    40,
                    "most days from the counterparty's default to a contagion default");

    /** Whether a defaulted entity is replaced by a newly registered one (keeps the population). */
    public static final TradeWorldOption<Boolean> REPLACE_DEFAULTED =
            register(
                    TradeWorldOption.ofBoolean(
                            "replaceDefaulted",
                            true,
                            "replace a defaulted entity by a newly registered one of the same"
                                    + " kind and region"));

    /** Fewest days until a defaulted entity's replacement registers. */
    public static final TradeWorldOption<Double> REPLACEMENT_MIN_DAYS =
            days("replacementMinDays", 1, "fewest days until the replacement registers");

    /** Most days until a defaulted entity's replacement registers. */
    public static final TradeWorldOption<Double> REPLACEMENT_MAX_DAYS =
            days("replacementMaxDays", 14, "most days until the replacement registers");

    static {
        for (Profile profile : Profile.values()) {
            Map<BehaviourRate, TradeWorldOption<Double>> rates = new EnumMap<>(BehaviourRate.class);
            for (BehaviourRate rate : BehaviourRate.values()) {
                String note =
                        profile == Profile.DELINQUENT || profile == Profile.NON_COMPLIANT
                                ? " (at full severity)"
                                : "";
                rates.put(
                        rate,
                        num(
                                profile.key() + "." + rate.key(),
                                rate.defaultFor(profile),
                                rate.min(),
                                rate.max(),
                                profile + ": " + rate.description() + note));
            }
            BEHAVIOUR.put(profile, Collections.unmodifiableMap(rates));
        }
    }

    private static List<Corridor> defaultCorridors() {
        // Rough shape of cross-border e-commerce flows: China dominant to every market, Vietnam and
        // India as rising exporters, Europe and the US trading among themselves, the Gulf as a hub.
        String text =
                "CN>US:16,CN>DE:6,CN>GB:5,CN>BR:4,CN>MX:4,CN>AE:3,CN>NG:3,CN>IN:2,CN>VN:2,"
                        + "VN>US:5,VN>DE:2,VN>GB:1,VN>CN:2,"
                        + "IN>US:4,IN>AE:3,IN>GB:2,IN>DE:1,IN>NG:1,"
                        + "DE>US:3,DE>GB:2,DE>CN:2,DE>AE:1,"
                        + "US>MX:3,US>GB:2,US>DE:2,US>CN:1,US>BR:1,"
                        + "GB>US:2,GB>DE:1,GB>AE:1,"
                        + "BR>US:1,BR>CN:1,"
                        + "AE>IN:1,AE>NG:1,"
                        + "MX>US:3,"
                        + "NG>GB:0.5,NG>CN:0.5";
        List<Corridor> out = new ArrayList<>();
        for (String item : text.split(",")) {
            int gt = item.indexOf('>');
            int colon = item.indexOf(':');
            out.add(
                    new Corridor(
                            item.substring(0, gt),
                            item.substring(gt + 1, colon),
                            Double.parseDouble(item.substring(colon + 1))));
        }
        return out;
    }

    // ------------------------------------------------------------------ values

    private final Object[] values;

    private TradeWorldConfig(Object[] values) {
        this.values = values;
    }

    /** Every option, in documentation order. */
    public static List<TradeWorldOption<?>> options() {
        return Collections.unmodifiableList(OPTIONS);
    }

    /** The option with this key, if any. */
    public static TradeWorldOption<?> option(String key) {
        return BY_KEY.get(key);
    }

    /**
     * The option of one profile's behaviour rate, e.g. {@code slowPayer.latePaymentProbability}.
     */
    public static TradeWorldOption<Double> behaviourOption(Profile profile, BehaviourRate rate) {
        return BEHAVIOUR.get(profile).get(rate);
    }

    /** The configuration with every default. */
    public static TradeWorldConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Parses {@code key=value} pairs over the defaults (for {@code --set key=value}). */
    public static TradeWorldConfig parse(List<String> keyValues) {
        return builder().parse(keyValues).build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The value of an option. */
    @SuppressWarnings("unchecked")
    public <T> T get(TradeWorldOption<T> option) {
        return (T) values[option.index];
    }

    /** A profile's behaviour rate. */
    public double behaviour(Profile profile, BehaviourRate rate) {
        return get(behaviourOption(profile, rate));
    }

    /** The share of trading entities with a profile (RELIABLE = 1 - the others). */
    public double profileShare(Profile profile) {
        return switch (profile) {
            case RELIABLE -> 1 - nonReliableShare();
            case SLOW_PAYER -> get(SLOW_PAYER_SHARE);
            case DELINQUENT -> get(DELINQUENT_SHARE);
            case BUST_OUT -> get(BUST_OUT_SHARE);
            case CIRCULAR_TRADER -> get(CIRCULAR_TRADER_SHARE);
            case NON_COMPLIANT -> get(NON_COMPLIANT_SHARE);
        };
    }

    private double nonReliableShare() {
        return get(SLOW_PAYER_SHARE)
                + get(DELINQUENT_SHARE)
                + get(BUST_OUT_SHARE)
                + get(CIRCULAR_TRADER_SHARE)
                + get(NON_COMPLIANT_SHARE);
    }

    /** {@link #SEED}. */
    public long seed() {
        return get(SEED);
    }

    /** {@link #ENTITIES}. */
    public int entities() {
        return get(ENTITIES);
    }

    /** {@link #START}. */
    public Instant start() {
        return get(START);
    }

    /** {@link #DAYS}; 0 = unbounded. */
    public int days() {
        return get(DAYS);
    }

    /** {@link #MAX_EVENTS}; 0 = no limit. */
    public long maxEvents() {
        return get(MAX_EVENTS);
    }

    /** {@link #ESCROW_SHARE}. */
    public double escrowShare() {
        return get(ESCROW_SHARE);
    }

    /** {@link #CORRIDORS}. */
    public List<Corridor> corridors() {
        return get(CORRIDORS);
    }

    /** The regions: every corridor end point, sorted. */
    public List<String> regions() {
        TreeSet<String> regions = new TreeSet<>();
        for (Corridor c : corridors()) {
            regions.add(c.origin());
            regions.add(c.destination());
        }
        return List.copyOf(regions);
    }

    /** Whether the world never ends on its own (days = 0 and maxEvents = 0). */
    public boolean unbounded() {
        return days() == 0 && maxEvents() == 0;
    }

    /** Every value as text, keyed and ordered like {@link #options()}. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (TradeWorldOption<?> option : OPTIONS) {
            out.put(option.key(), text(option));
        }
        return out;
    }

    /** Only the values that differ from the defaults, as text. */
    public Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        for (TradeWorldOption<?> option : OPTIONS) {
            if (!Objects.equals(values[option.index], option.defaultValue())) {
                out.put(option.key(), text(option));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private <T> String text(TradeWorldOption<T> option) {
        return option.format((T) values[option.index]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TradeWorldConfig other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TradeWorldConfig" + overrides();
    }

    /** Collects values and checks them on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final Object[] values;

        private Builder(Object[] from) {
            if (from != null) {
                values = from.clone();
            } else {
                values = new Object[OPTIONS.size()];
                for (TradeWorldOption<?> option : OPTIONS) {
                    values[option.index] = option.defaultValue();
                }
            }
        }

        /** Sets a typed value (checked on {@link #build()}). */
        public <T> Builder set(TradeWorldOption<T> option, T value) {
            values[option.index] = Objects.requireNonNull(value, option.key());
            return this;
        }

        /** Sets a value from text; unknown keys and unparsable values fail with a message. */
        public Builder set(String key, String value) {
            TradeWorldOption<?> option = BY_KEY.get(key == null ? "" : key.trim());
            if (option == null) {
                throw new IllegalArgumentException(
                        "unknown trade-world parameter '" + key + "'" + suggestion(key));
            }
            values[option.index] = option.parse(value);
            return this;
        }

        /** Sets values from {@code key=value} pairs. */
        public Builder parse(List<String> keyValues) {
            for (String pair : keyValues) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
                }
                set(pair.substring(0, eq).trim(), pair.substring(eq + 1));
            }
            return this;
        }

        /** Sets values from a map of key to text value. */
        public Builder setAll(Map<String, String> keyValues) {
            keyValues.forEach(this::set);
            return this;
        }

        /** Shortcut for {@link TradeWorldConfig#SEED}. */
        public Builder seed(long seed) {
            return set(SEED, seed);
        }

        /** Shortcut for {@link TradeWorldConfig#ENTITIES}. */
        public Builder entities(int entities) {
            return set(ENTITIES, entities);
        }

        /** Shortcut for {@link TradeWorldConfig#DAYS}. */
        public Builder days(int days) {
            return set(DAYS, days);
        }

        /** Shortcut for {@link TradeWorldConfig#MAX_EVENTS}. */
        public Builder maxEvents(long maxEvents) {
            return set(MAX_EVENTS, maxEvents);
        }

        /** Checks every value and their relations; the message lists every problem. */
        public TradeWorldConfig build() {
            List<String> problems = new ArrayList<>();
            for (TradeWorldOption<?> option : OPTIONS) {
                String problem = check(option);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            TradeWorldConfig config = new TradeWorldConfig(values.clone());
            if (problems.isEmpty()) {
                crossChecks(config, problems);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid trade-world config: " + String.join("; ", problems));
            }
            return config;
        }

        @SuppressWarnings("unchecked")
        private <T> String check(TradeWorldOption<T> option) {
            return option.validate((T) values[option.index]);
        }

        private static void crossChecks(TradeWorldConfig c, List<String> problems) {
            minMax(c, SUPPLIERS_MIN, SUPPLIERS_MAX, problems);
            minMax(c, DELINQUENT_ONSET_MIN_DAYS, DELINQUENT_ONSET_MAX_DAYS, problems);
            minMax(c, DELINQUENT_RAMP_MIN_DAYS, DELINQUENT_RAMP_MAX_DAYS, problems);
            minMax(c, DELINQUENT_PLATEAU_MIN_DAYS, DELINQUENT_PLATEAU_MAX_DAYS, problems);
            minMax(c, BUST_OUT_BUILD_MIN_DAYS, BUST_OUT_BUILD_MAX_DAYS, problems);
            minMax(c, BUST_OUT_SURGE_MIN_DAYS, BUST_OUT_SURGE_MAX_DAYS, problems);
            minMax(c, RING_MIN_SIZE, RING_MAX_SIZE, problems);
            minMax(c, RING_ONSET_MIN_DAYS, RING_ONSET_MAX_DAYS, problems);
            minMax(c, CUSTOMS_HOLD_MIN_DAYS, CUSTOMS_HOLD_MAX_DAYS, problems);
            minMax(c, CONTAGION_LAG_MIN_DAYS, CONTAGION_LAG_MAX_DAYS, problems);
            minMax(c, REPLACEMENT_MIN_DAYS, REPLACEMENT_MAX_DAYS, problems);
            double sellerPlusLogistics = c.get(SELLER_SHARE) + c.get(LOGISTICS_SHARE);
            if (sellerPlusLogistics > 0.95) {
                problems.add(
                        "sellerShare + logisticsShare must leave at least 5% buyers, got "
                                + TradeWorldOption.formatNumber(round6(sellerPlusLogistics)));
            }
            double others = c.nonReliableShare();
            if (others > 1 + 1e-9) {
                problems.add(
                        "slowPayer.share + delinquent.share + bustOut.share +"
                                + " circularTrader.share + nonCompliant.share must be <= 1"
                                + " (RELIABLE takes the rest), got "
                                + TradeWorldOption.formatNumber(round6(others)));
            }
            Population p = Population.of(c);
            if (p.sellers() < 2 || p.buyers() < 1 || p.carriers() < 1) {
                problems.add(
                        "entities="
                                + c.entities()
                                + " gives "
                                + p.sellers()
                                + " sellers, "
                                + p.buyers()
                                + " buyers and "
                                + p.carriers()
                                + " carriers; raise entities so there are at least 2 sellers,"
                                + " 1 buyer and 1 carrier");
            }
            int sellerOnly = p.count(Profile.CIRCULAR_TRADER) + p.count(Profile.NON_COMPLIANT);
            if (sellerOnly > p.sellers()) {
                problems.add(
                        "circularTrader.share + nonCompliant.share need "
                                + sellerOnly
                                + " sellers but sellerShare gives "
                                + p.sellers()
                                + "; lower those shares or raise sellerShare");
            }
            if (p.count(Profile.BUST_OUT) > p.buyers()) {
                problems.add(
                        "bustOut.share needs "
                                + p.count(Profile.BUST_OUT)
                                + " buyers but there are "
                                + p.buyers()
                                + "; lower bustOut.share");
            }
            int nonReliable = 0;
            for (Profile profile : Profile.values()) {
                if (profile != Profile.RELIABLE) {
                    nonReliable += p.count(profile);
                }
            }
            if (nonReliable > p.sellers() + p.buyers()) {
                problems.add("profile shares need more trading entities than there are");
            }
        }

        private static <T extends Comparable<T>> void minMax(
                TradeWorldConfig c,
                TradeWorldOption<T> min,
                TradeWorldOption<T> max,
                List<String> problems) {
            if (c.get(min).compareTo(c.get(max)) > 0) {
                problems.add(
                        min.key()
                                + " must be <= "
                                + max.key()
                                + ", got "
                                + min.format(c.get(min))
                                + " > "
                                + max.format(c.get(max)));
            }
        }

        private static double round6(double d) {
            return Math.round(d * 1e6) / 1e6;
        }

        private static String suggestion(String key) {
            if (key == null) {
                return "";
            }
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            List<String> close = new ArrayList<>();
            for (String known : BY_KEY.keySet()) {
                String k = known.toLowerCase(java.util.Locale.ROOT);
                if (k.contains(lower) || lower.contains(k) || distance(k, lower) <= 2) {
                    close.add(known);
                }
            }
            close.sort(
                    java.util.Comparator.comparingInt(
                            (String k) -> distance(k.toLowerCase(java.util.Locale.ROOT), lower)));
            return close.isEmpty()
                    ? "; see docs/generator.md for the parameter list"
                    : "; did you mean "
                            + String.join(" or ", close.subList(0, Math.min(3, close.size())))
                            + "?";
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }

    /** How many entities of each kind and profile the initial population has. */
    record Population(int sellers, int buyers, int carriers, int[] profileCounts) {
        static Population of(TradeWorldConfig c) {
            int n = c.entities();
            int carriers = Math.max(1, (int) Math.round(n * c.get(LOGISTICS_SHARE)));
            int sellers = Math.max(2, (int) Math.round(n * c.get(SELLER_SHARE)));
            int buyers = n - carriers - sellers;
            int trading = sellers + Math.max(0, buyers);
            int[] counts = new int[Profile.values().length];
            int assigned = 0;
            for (Profile profile : Profile.values()) {
                if (profile != Profile.RELIABLE) {
                    counts[profile.ordinal()] = (int) Math.round(trading * c.profileShare(profile));
                    assigned += counts[profile.ordinal()];
                }
            }
            counts[Profile.RELIABLE.ordinal()] = Math.max(0, trading - assigned);
            return new Population(sellers, buyers, carriers, counts);
        }

        int count(Profile profile) {
            return profileCounts[profile.ordinal()];
        }
    }
}
