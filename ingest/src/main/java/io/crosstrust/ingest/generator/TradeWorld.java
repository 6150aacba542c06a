package io.crosstrust.ingest.generator;

import static io.crosstrust.ingest.generator.TradeWorldConfig.*;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.CustomsStatus;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeOutcome;
import io.crosstrust.events.platform.DisputeReason;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentDue;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.PaymentMethod;
import io.crosstrust.events.platform.Review;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;

/**
 * A synthetic cross-border trade world, generated lazily as a sequence of platform events in
 * non-decreasing event-time order.
 *
 * <p>Sellers, buyers and logistics providers live in the configured regions. Each entity registers
 * first; buyers then place orders (Poisson, with a per-entity activity factor) with regular or new
 * suppliers chosen along the trade corridors, and sellers source from other sellers. Every order
 * runs a full lifecycle, each step scheduled on a priority queue of (time, seq): payment due and
 * made (on time, late, or never), shipment milestones against promised times, the customs
 * declaration and its outcome (cleared, held, rejected, value assessed higher), disputes with their
 * resolution, and reviews. A share of orders settles through the on-chain escrow. Each entity has a
 * hidden {@link Profile} that shapes its behaviour (see docs/generator.md); the profile never
 * appears in an event, only in the {@link GroundTruth}.
 *
 * <p>Deterministic: the same {@link TradeWorldConfig} gives the same sequence, byte for byte, on
 * any JVM (one seeded random stream, StrictMath, insertion-ordered collections). Bounded by {@code
 * days} and/or {@code maxEvents}; with both 0 it never ends. Not thread-safe; single use.
 *
 * <p>A Flink source can carry the config, count the events it emitted, and after a restore build a
 * new world and {@link #skip(long)} that many.
 */
public final class TradeWorld implements Iterator<GeneratedEvent> {
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final long NEVER = SimEntity.NEVER;

    // step kinds: entity level
    private static final int REGISTER = 0;
    private static final int PLACE = 1;
    private static final int SOURCE = 2;
    private static final int RING_CYCLE = 3;
    private static final int RING_LEG = 4;
    private static final int SURGE = 5;
    private static final int DEFAULT = 6;
    private static final int REPLACE = 7;
    // order level
    private static final int PAYMENT_DUE = 10;
    private static final int PAY = 11;
    private static final int OVERDUE_CHECK = 12;
    private static final int NONPAY_CHECK = 13;
    private static final int BOOK = 20;
    private static final int DEPART = 21;
    private static final int DECLARE = 22;
    private static final int CUSTOMS = 23;
    private static final int CUSTOMS_RELEASE = 24;
    private static final int CUSTOMS_CLEARED = 25;
    private static final int ARRIVE = 26;
    private static final int DELIVER = 27;
    private static final int LOSE = 28;
    private static final int DISPUTE_OPEN = 30;
    private static final int DISPUTE_RESOLVE = 31;
    private static final int REVIEW = 32;

    private static final String[] HS_CODES = {
        "851712", "847130", "852872", "854140", "610910", "620342", "640399", "420221", "950300",
        "940360", "392690", "330499", "870899", "841510", "900490", "711719", "090111", "300490",
        "732393", "851660"
    };
    private static final String[] HOLD_REASONS = {
        "documentation check", "physical inspection", "tariff classification query"
    };
    private static final String VALUATION_REASON = "valuation review";
    private static final String[] REJECT_REASONS = {
        "restricted goods", "documentation incomplete", "valuation not accepted"
    };
    private static final String[][] SELLER_COMMENTS = {
        {},
        {"Very poor experience", "Goods not as agreed"},
        {"Delays and poor communication", "Below expectations"},
        {"Acceptable, some delays", "Average experience"},
        {"Good overall", "As agreed"},
        {"Excellent, would trade again", "Smooth transaction"}
    };
    private static final String[][] BUYER_COMMENTS = {
        {},
        {"Payment not received as agreed", "Difficult counterparty"},
        {"Payment arrived well after the due date", "Repeated reminders needed"},
        {"Payment a little late", "Fine overall"},
        {"Paid as agreed", "Good buyer"},
        {"Prompt payment", "Excellent buyer"}
    };
    private static final DisputeReason[] QUALITY_REASONS = {
        DisputeReason.NOT_AS_DESCRIBED, DisputeReason.DAMAGED, DisputeReason.OTHER
    };
    private static final double[] QUALITY_REASON_CUM = {0.5, 0.85, 1.0};
    private static final HexFormat HEX = HexFormat.of();

    private final TradeWorldConfig config;
    private final Rng rng;
    private final StepQueue queue = new StepQueue();
    private long seq;

    private final long startMs;
    private final long endMs;
    private final long maxEvents;
    private final String platform;
    private final String currency;
    private final String eventPrefix;
    private final String seedText;
    private final MessageDigest sha256;

    // parameters, read once
    private final double[][] behaviour;
    private final double ordersPerBuyer;
    private final double sourcingPerSeller;
    private final double activitySigma;
    private final double amountMedian;
    private final double sizeSigma;
    private final double amountSigma;
    private final int suppliersMin;
    private final int suppliersMax;
    private final double repeatShare;
    private final double rateSigma;
    private final double escrowShare;
    private final double escrowGrowth;
    private final double fundingDays;
    private final int[] termDays;
    private final double[] termCum;
    private final long instalmentThresholdCents;
    private final double earlyMaxDays;
    private final long graceMs;
    private final long nonPayDisputeMs;
    private final double nonPayDisputeP;
    private final double stablecoinShare;
    private final double handlingDays;
    private final double baseTransitDays;
    private final double kmPerDay;
    private final double transitDelayP;
    private final double transitDelayMean;
    private final double lossP;
    private final double slackDays;
    private final double carrierSigma;
    private final double holdMinDays;
    private final double holdMaxDays;
    private final double rejectShare;
    private final double mismatchHoldP;
    private final double resolutionMedian;
    private final double escrowResolutionMedian;
    private final double lateDisputeBoost;
    private final double buyerReviewP;
    private final double sellerReviewP;
    private final double commentP;
    private final double contagionDefaultP;
    private final long contagionMinExposureCents;
    private final long contagionStressMs;
    private final double contagionBoost;
    private final double contagionLagMin;
    private final double contagionLagMax;
    private final boolean replaceDefaulted;
    private final double replacementMin;
    private final double replacementMax;
    private final double ringSpreadDays;
    private final double ringIntervalDays;
    private final double ringJitter;
    private final long ringRampMs;
    private final int ringMinSize;
    private final double surgeVolume;
    private final double surgeAmount;

    // the world
    private final List<Region> regions = new ArrayList<>();
    private final double[][] distanceKm;
    private final List<SimEntity> entities = new ArrayList<>();
    private final List<SimEntity> allCarriers = new ArrayList<>();
    private final List<Ring> rings = new ArrayList<>();
    private final EnumMap<EntityKind, double[]> replacementProfileCum =
            new EnumMap<>(EntityKind.class);
    private final int[] kindCounters = new int[EntityKind.values().length];
    private long orderCounter;
    private long disputeCounter;
    private long reviewCounter;

    // iteration
    private long clock;
    private long emitted;
    private GeneratedEvent next;
    private boolean exhausted;
    private Instant stepInstant;
    private String stepKey;

    /** Builds the world's population and plan; events are generated on demand. */
    public TradeWorld(TradeWorldConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.rng = new Rng(config.seed());
        this.startMs = config.start().toEpochMilli();
        this.endMs = config.days() > 0 ? startMs + config.days() * DAY : NEVER;
        this.maxEvents = config.maxEvents();
        this.platform = config.get(PLATFORM);
        this.currency = config.get(CURRENCY);
        this.seedText = Long.toUnsignedString(config.seed(), 36);
        this.eventPrefix = "ev-" + seedText + "-";
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
        this.clock = startMs;

        behaviour = new double[Profile.values().length][BehaviourRate.values().length];
        for (Profile p : Profile.values()) {
            for (BehaviourRate r : BehaviourRate.values()) {
                behaviour[p.ordinal()][r.ordinal()] = config.behaviour(p, r);
            }
        }
        ordersPerBuyer = config.get(ORDERS_PER_BUYER_PER_DAY);
        sourcingPerSeller = config.get(SOURCING_ORDERS_PER_SELLER_PER_DAY);
        activitySigma = config.get(ACTIVITY_SIGMA);
        amountMedian = config.get(ORDER_AMOUNT_MEDIAN);
        sizeSigma = config.get(ENTITY_SIZE_SIGMA);
        amountSigma = config.get(ORDER_AMOUNT_SIGMA);
        suppliersMin = config.get(SUPPLIERS_MIN);
        suppliersMax = config.get(SUPPLIERS_MAX);
        repeatShare = config.get(REPEAT_SUPPLIER_SHARE);
        rateSigma = config.get(ENTITY_RATE_SIGMA);
        escrowShare = config.get(ESCROW_SHARE);
        escrowGrowth = config.get(ESCROW_SHARE_GROWTH_PER_YEAR);
        fundingDays = config.get(ESCROW_FUNDING_DAYS);
        List<PaymentTerm> terms = config.get(PAYMENT_TERMS);
        termDays = terms.stream().mapToInt(PaymentTerm::days).toArray();
        termCum = Rng.cumulative(terms.stream().mapToDouble(PaymentTerm::weight).toArray());
        instalmentThresholdCents = Math.round(config.get(INSTALMENT_THRESHOLD) * 100);
        earlyMaxDays = config.get(EARLY_PAYMENT_MAX_DAYS);
        graceMs = days(config.get(PAYMENT_GRACE_DAYS));
        nonPayDisputeMs = days(config.get(NON_PAYMENT_DISPUTE_DAYS));
        nonPayDisputeP = config.get(NON_PAYMENT_DISPUTE_PROBABILITY);
        stablecoinShare = config.get(STABLECOIN_SHARE);
        handlingDays = config.get(HANDLING_DAYS);
        baseTransitDays = config.get(BASE_TRANSIT_DAYS);
        kmPerDay = config.get(KM_PER_TRANSIT_DAY);
        transitDelayP = config.get(TRANSIT_DELAY_PROBABILITY);
        transitDelayMean = config.get(TRANSIT_DELAY_MEAN_DAYS);
        lossP = config.get(LOSS_PROBABILITY);
        slackDays = config.get(DELIVERY_SLACK_DAYS);
        carrierSigma = config.get(CARRIER_QUALITY_SIGMA);
        holdMinDays = config.get(CUSTOMS_HOLD_MIN_DAYS);
        holdMaxDays = config.get(CUSTOMS_HOLD_MAX_DAYS);
        rejectShare = config.get(CUSTOMS_REJECT_SHARE);
        mismatchHoldP = config.get(MISMATCH_HOLD_PROBABILITY);
        resolutionMedian = config.get(DISPUTE_RESOLUTION_MEDIAN_DAYS);
        escrowResolutionMedian = config.get(ESCROW_DISPUTE_RESOLUTION_MEDIAN_DAYS);
        lateDisputeBoost = config.get(LATE_DELIVERY_DISPUTE_BOOST);
        buyerReviewP = config.get(BUYER_REVIEW_PROBABILITY);
        sellerReviewP = config.get(SELLER_REVIEW_PROBABILITY);
        commentP = config.get(REVIEW_COMMENT_PROBABILITY);
        contagionDefaultP = config.get(CONTAGION_DEFAULT_PROBABILITY);
        contagionMinExposureCents =
                Math.max(1, Math.round(config.get(CONTAGION_MIN_EXPOSURE) * 100));
        contagionStressMs = days(config.get(CONTAGION_STRESS_DAYS));
        contagionBoost = config.get(CONTAGION_LATE_PAYMENT_BOOST);
        contagionLagMin = config.get(CONTAGION_LAG_MIN_DAYS);
        contagionLagMax = config.get(CONTAGION_LAG_MAX_DAYS);
        replaceDefaulted = config.get(REPLACE_DEFAULTED);
        replacementMin = config.get(REPLACEMENT_MIN_DAYS);
        replacementMax = config.get(REPLACEMENT_MAX_DAYS);
        ringSpreadDays = config.get(RING_CYCLE_SPREAD_DAYS);
        ringIntervalDays = config.get(RING_CYCLE_INTERVAL_DAYS);
        ringJitter = config.get(RING_AMOUNT_JITTER);
        ringRampMs = days(config.get(RING_RAMP_DAYS));
        ringMinSize = config.get(RING_MIN_SIZE);
        surgeVolume = config.get(BUST_OUT_VOLUME_MULTIPLIER);
        surgeAmount = config.get(BUST_OUT_AMOUNT_MULTIPLIER);

        buildRegions();
        distanceKm = new double[regions.size()][regions.size()];
        for (int i = 0; i < regions.size(); i++) {
            for (int j = 0; j < regions.size(); j++) {
                distanceKm[i][j] =
                        i == j ? 0 : Geography.distanceKm(regions.get(i).code, regions.get(j).code);
            }
        }
        buildPopulation();
    }

    /** Drains a fresh bounded world built from the config and returns its full ground truth. */
    public static GroundTruth groundTruthOf(TradeWorldConfig config) {
        if (config.unbounded()) {
            throw new IllegalArgumentException(
                    "the world is unbounded (days=0, maxEvents=0): set days or maxEvents to get"
                            + " its full ground truth");
        }
        TradeWorld world = new TradeWorld(config);
        while (world.hasNext()) {
            world.next();
        }
        return world.groundTruth();
    }

    public TradeWorldConfig config() {
        return config;
    }

    /** How many events have been returned by {@link #next()} (or skipped). */
    public long emitted() {
        return emitted - (next == null ? 0 : 1);
    }

    /** The generator's simulated clock: the time of the latest step it has processed. */
    public Instant clock() {
        return Instant.ofEpochMilli(clock);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = advance();
            if (next == null) {
                exhausted = true;
            }
        }
        return next != null;
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the trade world has ended");
        }
        GeneratedEvent out = next;
        next = null;
        return out;
    }

    /** Skips up to {@code n} events (e.g. to resume after a restore); returns how many. */
    public long skip(long n) {
        long skipped = 0;
        while (skipped < n && hasNext()) {
            next();
            skipped++;
        }
        return skipped;
    }

    /** The remaining events as a sequential stream (consumes this world). */
    public Stream<GeneratedEvent> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        this, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
                false);
    }

    // ------------------------------------------------------------ population

    /** A region, its entities and the origins of the corridors into it. */
    private static final class Region {
        final int index;
        final String code;
        final List<SimEntity> sellers = new ArrayList<>();
        final List<SimEntity> carriers = new ArrayList<>();
        double outWeight;
        double inWeight;
        int[] origins = new int[0];
        double[] originCum = new double[0];

        Region(int index, String code) {
            this.index = index;
            this.code = code;
        }
    }

    private void buildRegions() {
        Map<String, Region> byCode = new TreeMap<>();
        for (String code : config.regions()) {
            byCode.put(code, null);
        }
        for (String code : byCode.keySet()) {
            Region r = new Region(regions.size(), code);
            regions.add(r);
            byCode.put(code, r);
        }
        for (Region dest : regions) {
            List<Integer> origins = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            for (Corridor c : config.corridors()) {
                if (c.destination().equals(dest.code)) {
                    origins.add(byCode.get(c.origin()).index);
                    weights.add(c.weight());
                }
            }
            dest.origins = origins.stream().mapToInt(Integer::intValue).toArray();
            dest.originCum =
                    Rng.cumulative(weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
        for (Corridor c : config.corridors()) {
            byCode.get(c.origin()).outWeight += c.weight();
            byCode.get(c.destination()).inWeight += c.weight();
        }
    }

    private void buildPopulation() {
        TradeWorldConfig.Population pop = TradeWorldConfig.Population.of(config);
        double[] sellerCum =
                Rng.cumulative(regions.stream().mapToDouble(r -> r.outWeight).toArray());
        double[] buyerCum = Rng.cumulative(regions.stream().mapToDouble(r -> r.inWeight).toArray());
        double[] carrierCum =
                Rng.cumulative(
                        regions.stream().mapToDouble(r -> r.outWeight + r.inWeight).toArray());

        // profiles: seller-only and buyer-only profiles first, then the rest from everyone left
        int sellers = pop.sellers();
        int buyers = pop.buyers();
        Profile[] sellerProfiles = new Profile[sellers];
        Profile[] buyerProfiles = new Profile[buyers];
        Arrays.fill(sellerProfiles, Profile.RELIABLE);
        Arrays.fill(buyerProfiles, Profile.RELIABLE);
        List<Integer> sellerSlots = shuffledRange(sellers);
        List<Integer> buyerSlots = shuffledRange(buyers);
        int si = 0;
        int bi = 0;
        for (int k = 0; k < pop.count(Profile.CIRCULAR_TRADER); k++) {
            sellerProfiles[sellerSlots.get(si++)] = Profile.CIRCULAR_TRADER;
        }
        for (int k = 0; k < pop.count(Profile.NON_COMPLIANT); k++) {
            sellerProfiles[sellerSlots.get(si++)] = Profile.NON_COMPLIANT;
        }
        for (int k = 0; k < pop.count(Profile.BUST_OUT); k++) {
            buyerProfiles[buyerSlots.get(bi++)] = Profile.BUST_OUT;
        }
        List<Integer> rest = new ArrayList<>(); // >= 0: seller slot, < 0: -(buyer slot) - 1
        for (int k = si; k < sellers; k++) {
            rest.add(sellerSlots.get(k));
        }
        for (int k = bi; k < buyers; k++) {
            rest.add(-buyerSlots.get(k) - 1);
        }
        rng.shuffle(rest);
        int ri = 0;
        for (Profile p : new Profile[] {Profile.SLOW_PAYER, Profile.DELINQUENT}) {
            for (int k = 0; k < pop.count(p) && ri < rest.size(); k++) {
                int slot = rest.get(ri++);
                if (slot >= 0) {
                    sellerProfiles[slot] = p;
                } else {
                    buyerProfiles[-slot - 1] = p;
                }
            }
        }
        replacementProfileCum.put(EntityKind.SELLER, replacementWeights(sellerProfiles));
        replacementProfileCum.put(EntityKind.BUYER, replacementWeights(buyerProfiles));

        List<SimEntity> initial = new ArrayList<>();
        for (int k = 0; k < pop.carriers(); k++) {
            initial.add(
                    newEntity(
                            EntityKind.LOGISTICS,
                            regions.get(rng.pick(carrierCum)),
                            Profile.RELIABLE,
                            startMs));
        }
        for (int k = 0; k < sellers; k++) {
            initial.add(
                    newEntity(
                            EntityKind.SELLER,
                            regions.get(rng.pick(sellerCum)),
                            sellerProfiles[k],
                            startMs));
        }
        for (int k = 0; k < buyers; k++) {
            initial.add(
                    newEntity(
                            EntityKind.BUYER,
                            regions.get(rng.pick(buyerCum)),
                            buyerProfiles[k],
                            startMs));
        }
        buildRings(initial);

        // everyone registers within the first hour, in random order; trading starts after it
        List<SimEntity> order = new ArrayList<>(initial);
        rng.shuffle(order);
        for (int k = 0; k < order.size(); k++) {
            SimEntity e = order.get(k);
            long at = startMs + (k * HOUR) / order.size();
            schedule(at, REGISTER, e, null, null, 0, 0);
        }
    }

    private double[] replacementWeights(Profile[] profiles) {
        // replacements keep the kind's initial mix; rings are formed once, so no new ring members
        double[] w = new double[Profile.values().length];
        for (Profile p : profiles) {
            if (p != Profile.CIRCULAR_TRADER) {
                w[p.ordinal()]++;
            }
        }
        w[Profile.RELIABLE.ordinal()] += 1e-9; // never all-zero
        return Rng.cumulative(w);
    }

    private List<Integer> shuffledRange(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        rng.shuffle(out);
        return out;
    }

    private SimEntity newEntity(
            EntityKind kind, Region region, Profile profile, long registeredAt) {
        int number = ++kindCounters[kind.ordinal()];
        String prefix =
                switch (kind) {
                    case SELLER -> "S";
                    case BUYER -> "B";
                    case LOGISTICS -> "L";
                    default -> "X";
                };
        SimEntity e =
                new SimEntity(
                        entities.size(),
                        prefix + pad(number, 6),
                        kind,
                        region.code,
                        region.index,
                        profile,
                        registeredAt);
        entities.add(e);
        e.activity = rng.logNormalMeanOne(activitySigma);
        e.noise = rng.logNormalMeanOne(rateSigma);
        e.sizeMedian = rng.logNormal(amountMedian, sizeSigma);
        if (kind == EntityKind.LOGISTICS) {
            e.quality = rng.logNormalMeanOne(carrierSigma);
            allCarriers.add(e);
        } else {
            e.chainAddress =
                    "0x"
                            + hex(rng.nextLong())
                            + hex(rng.nextLong())
                            + hex(rng.nextLong()).substring(0, 8);
        }
        if (kind == EntityKind.SELLER) {
            int lines = rng.between(1, 3);
            e.hsCodes = new String[lines];
            for (int i = 0; i < lines; i++) {
                e.hsCodes[i] = rng.pick(HS_CODES);
            }
        }
        plan(e);
        return e;
    }

    /** Draws the hidden timeline of a profile. */
    private void plan(SimEntity e) {
        long reg = e.registeredAt;
        switch (e.profile) {
            case SLOW_PAYER -> e.onset = reg;
            case DELINQUENT -> {
                e.onset =
                        reg
                                + days(
                                        rng.uniform(
                                                config.get(DELINQUENT_ONSET_MIN_DAYS),
                                                config.get(DELINQUENT_ONSET_MAX_DAYS)));
                e.rampMs =
                        Math.max(
                                HOUR,
                                days(
                                        rng.uniform(
                                                config.get(DELINQUENT_RAMP_MIN_DAYS),
                                                config.get(DELINQUENT_RAMP_MAX_DAYS))));
                e.rampExponent = config.get(DELINQUENT_RAMP_EXPONENT);
                long plateau =
                        days(
                                rng.uniform(
                                        config.get(DELINQUENT_PLATEAU_MIN_DAYS),
                                        config.get(DELINQUENT_PLATEAU_MAX_DAYS)));
                e.defaultAt = e.onset + e.rampMs + plateau;
                e.defaultCause = DefaultCause.PROFILE;
            }
            case BUST_OUT -> {
                e.surgeStart =
                        reg
                                + HOUR
                                + days(
                                        rng.uniform(
                                                config.get(BUST_OUT_BUILD_MIN_DAYS),
                                                config.get(BUST_OUT_BUILD_MAX_DAYS)));
                e.surgeMs =
                        Math.max(
                                HOUR,
                                days(
                                        rng.uniform(
                                                config.get(BUST_OUT_SURGE_MIN_DAYS),
                                                config.get(BUST_OUT_SURGE_MAX_DAYS))));
                e.onset = e.surgeStart;
                e.defaultAt = e.surgeStart + e.surgeMs;
                e.defaultCause = DefaultCause.PROFILE;
            }
            case NON_COMPLIANT -> {
                e.onset = reg + days(rng.uniform(0, config.get(NON_COMPLIANT_ONSET_MAX_DAYS)));
                e.rampMs = Math.max(HOUR, days(config.get(NON_COMPLIANT_RAMP_DAYS)));
            }
            default -> {
                // RELIABLE behaves by its rates; CIRCULAR_TRADER's onset is its ring's first cycle
            }
        }
    }

    private void buildRings(List<SimEntity> initial) {
        List<SimEntity> circular = new ArrayList<>();
        for (SimEntity e : initial) {
            if (e.profile == Profile.CIRCULAR_TRADER) {
                circular.add(e);
            }
        }
        int min = config.get(RING_MIN_SIZE);
        int max = config.get(RING_MAX_SIZE);
        List<List<SimEntity>> groups = new ArrayList<>();
        int i = 0;
        while (circular.size() - i >= min) {
            int size = Math.min(rng.between(min, max), circular.size() - i);
            groups.add(new ArrayList<>(circular.subList(i, i + size)));
            i += size;
        }
        for (; i < circular.size(); i++) { // leftovers join rings with room, else trade alone
            for (List<SimEntity> g : groups) {
                if (g.size() < max) {
                    g.add(circular.get(i));
                    break;
                }
            }
        }
        for (List<SimEntity> g : groups) {
            long onset =
                    startMs
                            + HOUR
                            + days(
                                    rng.uniform(
                                            config.get(RING_ONSET_MIN_DAYS),
                                            config.get(RING_ONSET_MAX_DAYS)));
            long base = Math.round(amountMedian * rng.uniform(1, 3) * 100);
            Ring ring = new Ring(rings.size(), g.toArray(new SimEntity[0]), base);
            rings.add(ring);
            for (SimEntity m : g) {
                m.ring = ring;
            }
            schedule(onset, RING_CYCLE, null, null, ring, 0, 0);
        }
    }

    // ------------------------------------------------------------- stepping

    private void schedule(
            long time, int kind, SimEntity entity, SimOrder order, Object ref, int arg, int arg2) {
        queue.add(new Step(Math.max(time, clock), seq++, kind, entity, order, ref, arg, arg2));
    }

    private GeneratedEvent advance() {
        while (true) {
            if (maxEvents > 0 && emitted >= maxEvents) {
                return null;
            }
            Step step = queue.peek();
            if (step == null) {
                return null;
            }
            if (step.time >= endMs) {
                clock = endMs;
                return null;
            }
            queue.poll();
            clock = step.time;
            stepInstant = null;
            SpecificRecord record = run(step);
            if (record != null) {
                GeneratedEvent out =
                        new GeneratedEvent(emitted, lastEventId, now(), record, stepKey);
                emitted++;
                return out;
            }
        }
    }

    private String lastEventId;

    /** The id of the event being built by the current step (one per step at most). */
    private String eid() {
        lastEventId = eventPrefix + emitted;
        return lastEventId;
    }

    private Instant now() {
        if (stepInstant == null) {
            stepInstant = Instant.ofEpochMilli(clock);
        }
        return stepInstant;
    }

    private SpecificRecord run(Step s) {
        return switch (s.kind) {
            case REGISTER -> register(s.entity);
            case PLACE -> placeOrder(s.entity, false);
            case SOURCE -> placeOrder(s.entity, true);
            case RING_CYCLE -> ringCycle((Ring) s.ref);
            case RING_LEG -> ringLeg((Ring.Cycle) s.ref, s.arg);
            case SURGE -> {
                s.entity.record(IncidentKind.VOLUME_SURGE, clock);
                yield null;
            }
            case DEFAULT -> defaultEntity(s.entity);
            case REPLACE -> replace(EntityKind.values()[s.arg], regions.get(s.arg2));
            case PAYMENT_DUE -> paymentDue(s.order, s.arg);
            case PAY -> pay(s.order, s.arg);
            case OVERDUE_CHECK -> {
                if (s.order.paidAt[s.arg] == 0) {
                    s.order.buyer.record(IncidentKind.PAYMENT_OVERDUE, clock);
                }
                yield null;
            }
            case NONPAY_CHECK -> nonPaymentCheck(s.order, s.arg);
            case BOOK -> book(s.order);
            case DEPART -> depart(s.order);
            case DECLARE -> declare(s.order);
            case CUSTOMS -> customs(s.order);
            case CUSTOMS_RELEASE -> customsRelease(s.order);
            case CUSTOMS_CLEARED -> customsClearedMilestone(s.order);
            case ARRIVE -> arrive(s.order);
            case DELIVER -> deliver(s.order);
            case LOSE -> lose(s.order);
            case DISPUTE_OPEN -> openDispute((SimDispute) s.ref);
            case DISPUTE_RESOLVE -> resolveDispute((SimDispute) s.ref);
            case REVIEW -> review(s.order, s.arg, s.arg2 == 1);
            default -> throw new IllegalStateException("unknown step kind " + s.kind);
        };
    }

    // ------------------------------------------------------------- entities

    private SpecificRecord register(SimEntity e) {
        e.registered = true;
        Region region = regions.get(e.regionIndex);
        if (e.kind == EntityKind.SELLER) {
            region.sellers.add(e);
        } else if (e.kind == EntityKind.LOGISTICS) {
            region.carriers.add(e);
        }
        long tradingFrom = Math.max(clock, startMs + HOUR);
        if (e.kind == EntityKind.BUYER) {
            scheduleNextOrder(e, PLACE, tradingFrom);
        } else if (e.kind == EntityKind.SELLER && sourcingPerSeller > 0) {
            scheduleNextOrder(e, SOURCE, tradingFrom);
        }
        if (e.surgeStart != NEVER) {
            schedule(e.surgeStart, SURGE, e, null, null, 0, 0);
        }
        if (e.defaultAt != NEVER) {
            schedule(e.defaultAt, DEFAULT, e, null, null, 0, 0);
        }
        stepKey = e.id;
        return new EntityRegistered(eid(), now(), platform, e.id, e.kind, e.region, e.chainAddress);
    }

    private SpecificRecord replace(EntityKind kind, Region region) {
        double[] cum = replacementProfileCum.get(kind);
        Profile profile = cum == null ? Profile.RELIABLE : Profile.values()[rng.pick(cum)];
        SimEntity e = newEntity(kind, region, profile, clock);
        return register(e);
    }

    private SpecificRecord defaultEntity(SimEntity e) {
        if (e.defaulted) {
            return null;
        }
        e.defaulted = true;
        e.defaultedAt = clock;
        e.record(IncidentKind.DEFAULT, clock);
        if (e.payables != null) {
            for (Map.Entry<SimEntity, long[]> p : e.payables.entrySet()) {
                SimEntity payee = p.getKey();
                if (p.getValue()[0] < contagionMinExposureCents || payee.defaulted) {
                    continue;
                }
                payee.record(IncidentKind.COUNTERPARTY_DEFAULT, clock);
                payee.stressUntil = Math.max(payee.stressUntil, clock + contagionStressMs);
                if (payee.defaultAt == NEVER && rng.chance(contagionDefaultP)) {
                    payee.defaultAt = clock + days(rng.uniform(contagionLagMin, contagionLagMax));
                    payee.defaultCause = DefaultCause.CONTAGION;
                    payee.distressStart = clock;
                    payee.distressMs = Math.max(HOUR, payee.defaultAt - clock);
                    schedule(payee.defaultAt, DEFAULT, payee, null, null, 0, 0);
                }
            }
        }
        if (replaceDefaulted) {
            schedule(
                    clock + days(rng.uniform(replacementMin, replacementMax)),
                    REPLACE,
                    null,
                    null,
                    null,
                    e.kind.ordinal(),
                    e.regionIndex);
        }
        return null;
    }

    private void scheduleNextOrder(SimEntity e, int kind, long from) {
        double base = kind == PLACE ? ordersPerBuyer : sourcingPerSeller;
        double lambda =
                base
                        * e.activity
                        * rate(e, BehaviourRate.ORDER_RATE_MULTIPLIER, from)
                        * (1 + (surgeVolume - 1) * e.surgeProgress(from));
        if (lambda < 1e-9) {
            schedule(from + 30 * DAY, kind, e, null, null, 0, 0);
            return;
        }
        long gap = Math.max(MINUTE, (long) (rng.exponential(1 / lambda) * DAY));
        schedule(from + gap, kind, e, null, null, 0, 0);
    }

    // --------------------------------------------------------------- orders

    private SpecificRecord placeOrder(SimEntity buyer, boolean sourcing) {
        if (!buyer.alive()) {
            return null; // defaulted: it orders no more
        }
        scheduleNextOrder(buyer, sourcing ? SOURCE : PLACE, clock);
        SimEntity seller = chooseSeller(buyer);
        if (seller == null) {
            return null;
        }
        double surge = buyer.surgeProgress(clock);
        double amountFactor = 1 + (surgeAmount - 1) * surge;
        long cents =
                Math.max(
                        100,
                        Math.round(
                                buyer.sizeMedian
                                        * rng.logNormal(1, amountSigma)
                                        * amountFactor
                                        * 100));
        return newOrder(buyer, seller, cents, false);
    }

    private SpecificRecord ringCycle(Ring ring) {
        List<SimEntity> alive = new ArrayList<>();
        for (SimEntity m : ring.members) {
            if (m.alive()) {
                alive.add(m);
            }
        }
        if (alive.size() < Math.max(2, Math.min(3, ringMinSize))) {
            return null; // the ring has dissolved
        }
        if (ring.firstCycle == NEVER) {
            ring.firstCycle = clock;
            for (SimEntity m : ring.members) {
                m.onset = clock;
            }
        }
        Ring.Cycle cycle = new Ring.Cycle(ring, alive.toArray(new SimEntity[0]));
        int n = cycle.members.length;
        double slot = ringSpreadDays / n;
        for (int i = 0; i < n; i++) {
            long at = clock + days(i * slot + rng.uniform(0, 0.8 * slot));
            schedule(at, RING_LEG, null, null, cycle, i, 0);
        }
        double ramp = Math.min(1, (double) (clock - ring.firstCycle) / ringRampMs);
        double interval = ringIntervalDays * (2 - ramp);
        schedule(
                clock + days(ringSpreadDays + rng.exponential(interval)),
                RING_CYCLE,
                null,
                null,
                ring,
                0,
                0);
        return null;
    }

    private SpecificRecord ringLeg(Ring.Cycle cycle, int i) {
        SimEntity[] m = cycle.members;
        SimEntity seller = m[i];
        SimEntity buyer = m[(i + 1) % m.length];
        if (!seller.alive() || !buyer.alive()) {
            return null;
        }
        long cents =
                Math.max(
                        100,
                        Math.round(
                                cycle.ring.baseAmountCents
                                        * (1 + rng.uniform(-ringJitter, ringJitter))));
        SpecificRecord placed = newOrder(buyer, seller, cents, true);
        if (++cycle.legsPlaced == m.length) {
            for (SimEntity member : m) {
                member.record(IncidentKind.CIRCULAR_CYCLE, clock);
            }
        }
        return placed;
    }

    private SimEntity chooseSeller(SimEntity buyer) {
        if (buyer.suppliers == null) {
            int k = rng.between(suppliersMin, suppliersMax);
            List<SimEntity> picked = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                SimEntity s = newSupplier(buyer);
                if (s != null && !picked.contains(s)) {
                    picked.add(s);
                }
            }
            buyer.suppliers = picked.toArray(new SimEntity[0]);
        }
        double repeat = buyer.surging(clock) ? 0.3 : repeatShare;
        if (buyer.suppliers.length > 0 && rng.chance(repeat)) {
            int k = rng.nextInt(buyer.suppliers.length);
            SimEntity s = buyer.suppliers[k];
            if (s.alive()) {
                return s;
            }
            SimEntity fresh = newSupplier(buyer);
            if (fresh != null) {
                buyer.suppliers[k] = fresh;
            }
            return fresh;
        }
        return newSupplier(buyer);
    }

    /** A seller along a corridor into the buyer's region, biased to the more active ones. */
    private SimEntity newSupplier(SimEntity buyer) {
        Region dest = regions.get(buyer.regionIndex);
        SimEntity best = null;
        if (dest.origins.length > 0) {
            Region origin = regions.get(dest.origins[rng.pick(dest.originCum)]);
            for (int t = 0; t < 3; t++) {
                SimEntity s = randomAlive(origin.sellers, buyer);
                if (s != null && (best == null || s.activity > best.activity)) {
                    best = s;
                }
            }
        }
        if (best == null) { // no corridor into the region, or nobody alive there
            int start = rng.nextInt(regions.size());
            for (int k = 0; k < regions.size() && best == null; k++) {
                Region r = regions.get((start + k) % regions.size());
                if (r.index != buyer.regionIndex) {
                    best = randomAlive(r.sellers, buyer);
                }
            }
        }
        return best;
    }

    private SimEntity randomAlive(List<SimEntity> list, SimEntity exclude) {
        int n = list.size();
        if (n == 0) {
            return null;
        }
        for (int t = 0; t < 8; t++) {
            SimEntity s = list.get(rng.nextInt(n));
            if (s.alive() && s != exclude) {
                return s;
            }
        }
        int start = rng.nextInt(n);
        for (int k = 0; k < n; k++) {
            SimEntity s = list.get((start + k) % n);
            if (s.alive() && s != exclude) {
                return s;
            }
        }
        return null;
    }

    private SimEntity carrierFor(SimEntity seller) {
        if (seller.carriers == null) {
            List<SimEntity> local = regions.get(seller.regionIndex).carriers;
            List<SimEntity> pool = local.isEmpty() ? allCarriers : local;
            seller.carriers = new SimEntity[] {rng.pick(pool), rng.pick(pool)};
        }
        return rng.pick(seller.carriers);
    }

    private SpecificRecord newOrder(
            SimEntity buyer, SimEntity seller, long cents, boolean circular) {
        SimOrder o = new SimOrder();
        o.number = pad(++orderCounter, 8);
        o.id = "O" + o.number;
        o.buyer = buyer;
        o.seller = seller;
        o.placedAt = clock;
        o.amountCents = cents;
        o.circular = circular;
        boolean surging = buyer.surging(clock);
        o.escrow = rng.chance(escrowShareAt(clock) * (surging ? 0.2 : 1));
        if (o.escrow) {
            o.escrowId = escrowId(o.id);
        }
        o.hsCode = rng.pick(seller.hsCodes);
        o.items = 1 + (int) rng.exponential(3);
        o.expectedTransitDays =
                baseTransitDays + distanceKm[seller.regionIndex][buyer.regionIndex] / kmPerDay;
        long readyFrom = o.escrow ? clock + days(fundingDays) : clock;
        o.promisedDeparture = readyFrom + days(handlingDays);
        // customs ~1 day, hub to door ~1 day, plus the seller's slack
        o.promisedDelivery = o.promisedDeparture + days(o.expectedTransitDays + 2 + slackDays);

        if (o.escrow) {
            o.instalments = 1;
            o.due[0] = clock + days(fundingDays);
            o.instalmentCents[0] = cents;
        } else {
            int term;
            if (surging) { // a bust-out takes the longest terms on offer
                term = Arrays.stream(termDays).max().orElse(30);
            } else {
                term = termDays[rng.pick(termCum)];
            }
            o.due[0] = clock + term * DAY;
            if (cents > instalmentThresholdCents) {
                o.instalments = 2;
                o.instalmentCents[0] = cents / 2;
                o.instalmentCents[1] = cents - cents / 2;
                o.due[1] = o.due[0] + 30 * DAY;
            } else {
                o.instalments = 1;
                o.instalmentCents[0] = cents;
            }
            buyer.owe(seller, cents);
        }
        for (int i = 0; i < o.instalments; i++) {
            schedule(clock, PAYMENT_DUE, null, o, null, i, 0);
            long payAt = paymentTime(o, i);
            if (payAt != NEVER) {
                schedule(payAt, PAY, null, o, null, i, 0);
            }
            schedule(o.due[i] + graceMs, OVERDUE_CHECK, null, o, null, i, 0);
            if (!o.escrow) {
                schedule(o.due[i] + nonPayDisputeMs, NONPAY_CHECK, null, o, null, i, 0);
            }
        }
        if (!o.escrow) {
            o.bookScheduled = true;
            schedule(
                    clock + days(rng.uniform(0.05, Math.min(1, handlingDays * 0.5))),
                    BOOK,
                    null,
                    o,
                    null,
                    0,
                    0);
        }
        stepKey = o.id;
        return new OrderPlaced(
                eid(),
                now(),
                platform,
                o.id,
                buyer.id,
                seller.id,
                seller.region,
                buyer.region,
                money(cents),
                o.items,
                o.hsCode,
                Instant.ofEpochMilli(o.due[0]),
                Instant.ofEpochMilli(o.promisedDelivery),
                o.escrow ? Settlement.ESCROW : Settlement.PLATFORM,
                o.escrowId);
    }

    private double escrowShareAt(long t) {
        double share = escrowShare + escrowGrowth * (double) (t - startMs) / (365 * DAY);
        return share < 0 ? 0 : Math.min(1, share);
    }

    /** When the payer will pay instalment i if it has not defaulted by then; NEVER = skipped. */
    private long paymentTime(SimOrder o, int i) {
        SimEntity payer = o.buyer;
        long due = o.due[i];
        if (rng.chance(prob(payer, BehaviourRate.MISSED_PAYMENT_PROBABILITY, due))) {
            return NEVER;
        }
        double p = prob(payer, BehaviourRate.LATE_PAYMENT_PROBABILITY, due);
        if (payer.stressUntil >= due) {
            p = Math.min(0.98, p + contagionBoost);
        }
        if (rng.chance(p)) {
            double mean = rate(payer, BehaviourRate.LATE_PAYMENT_MEAN_DAYS, due);
            return due + Math.max(HOUR, days(rng.exponential(mean)));
        }
        if (o.escrow) {
            return clock + Math.max(MINUTE, (long) ((due - clock) * rng.uniform(0.02, 0.95)));
        }
        return Math.max(clock + HOUR, due - days(rng.uniform(0, earlyMaxDays)));
    }

    private SpecificRecord paymentDue(SimOrder o, int i) {
        stepKey = o.id;
        return new PaymentDue(
                eid(),
                now(),
                platform,
                o.id,
                o.buyer.id,
                o.seller.id,
                money(o.instalmentCents[i]),
                Instant.ofEpochMilli(o.due[i]),
                i + 1);
    }

    private SpecificRecord pay(SimOrder o, int i) {
        SimEntity payer = o.buyer;
        if (payer.defaulted) {
            return null; // never paid
        }
        o.paidAt[i] = clock;
        if (!o.escrow && payer.payables != null) {
            long[] owed = payer.payables.get(o.seller);
            if (owed != null) {
                owed[0] -= o.instalmentCents[i];
            }
        }
        if (clock > o.due[i]) {
            payer.record(IncidentKind.PAYMENT_LATE, clock);
            o.anyPaidLate = true;
        }
        PaymentMethod method;
        String tx = null;
        if (o.escrow) {
            method = PaymentMethod.STABLECOIN;
            tx = txHash();
            if (!o.bookScheduled) {
                o.bookScheduled = true;
                schedule(clock + days(rng.uniform(0.05, 0.5)), BOOK, null, o, null, 0, 0);
            }
        } else if (rng.chance(stablecoinShare)) {
            method = PaymentMethod.STABLECOIN;
            tx = txHash();
        } else {
            method = rng.chance(0.7) ? PaymentMethod.BANK_TRANSFER : PaymentMethod.CARD;
        }
        boolean allPaid = true;
        for (int k = 0; k < o.instalments; k++) {
            allPaid &= o.paidAt[k] != 0;
        }
        if (allPaid && rng.chance(o.circular ? 0.9 : sellerReviewP)) {
            int rating =
                    o.circular
                            ? 5
                            : rating(
                                    rate(payer, BehaviourRate.REVIEW_MEAN, clock)
                                            - (o.anyPaidLate ? 1.5 : 0));
            schedule(clock + days(rng.uniform(0.5, 5)), REVIEW, null, o, null, rating, 1);
        }
        stepKey = o.id;
        return new PaymentMade(
                eid(),
                now(),
                platform,
                o.id,
                payer.id,
                o.seller.id,
                money(o.instalmentCents[i]),
                i + 1,
                method,
                tx);
    }

    private SpecificRecord nonPaymentCheck(SimOrder o, int i) {
        if (o.paidAt[i] != 0 || !rng.chance(nonPayDisputeP)) {
            return null;
        }
        SimDispute d =
                new SimDispute(
                        o, o.seller, o.buyer, DisputeReason.NON_PAYMENT, o.instalmentCents[i], i);
        return openDispute(d);
    }

    // ------------------------------------------------------------- shipping

    private SpecificRecord abandon(SimOrder o) {
        o.seller.record(IncidentKind.NOT_SHIPPED, clock);
        long at = Math.max(clock, o.promisedDelivery) + days(rng.uniform(2, 10));
        SimDispute d =
                new SimDispute(
                        o, o.buyer, o.seller, DisputeReason.NOT_DELIVERED, o.amountCents, -1);
        schedule(at, DISPUTE_OPEN, null, o, d, 0, 0);
        return null;
    }

    private SpecificRecord book(SimOrder o) {
        if (o.seller.defaulted
                || rng.chance(prob(o.seller, BehaviourRate.UNSHIPPED_PROBABILITY, clock))) {
            return abandon(o);
        }
        o.carrier = carrierFor(o.seller);
        long base = o.promisedDeparture;
        if (o.escrow) {
            base = Math.max(base, clock + days(handlingDays * 0.5));
        }
        long departAt;
        if (rng.chance(prob(o.seller, BehaviourRate.SHIP_LATE_PROBABILITY, base))) {
            double mean = rate(o.seller, BehaviourRate.SHIP_DELAY_MEAN_DAYS, base);
            departAt = base + Math.max(2 * HOUR, days(rng.exponential(mean)));
        } else {
            departAt = Math.max(clock + 2 * HOUR, base - days(rng.uniform(0, 0.5)));
        }
        schedule(departAt, DEPART, null, o, null, 0, 0);
        return milestone(o, Milestone.BOOKED, null, o.seller.region);
    }

    private SpecificRecord depart(SimOrder o) {
        if (o.seller.defaulted) {
            return abandon(o);
        }
        if (clock > o.promisedDeparture) {
            o.seller.record(IncidentKind.SHIPMENT_LATE, clock);
        }
        boolean domestic = o.seller.regionIndex == o.buyer.regionIndex;
        if (!domestic) { // a ring may trade within one region: no customs then
            schedule(
                    clock + (long) rng.uniform(5 * MINUTE, 2 * HOUR), DECLARE, null, o, null, 0, 0);
        }
        double transit = o.expectedTransitDays * rng.logNormalMeanOne(0.12);
        if (rng.chance(Math.min(1, transitDelayP * o.carrier.quality))) {
            transit += rng.exponential(transitDelayMean);
        }
        if (rng.chance(Math.min(1, lossP * o.carrier.quality))) {
            schedule(clock + days(transit * rng.uniform(0.3, 1)), LOSE, null, o, null, 0, 0);
        } else {
            schedule(
                    clock + 3 * HOUR + days(transit),
                    domestic ? ARRIVE : CUSTOMS,
                    null,
                    o,
                    null,
                    0,
                    0);
        }
        return milestone(
                o, Milestone.DEPARTED, Instant.ofEpochMilli(o.promisedDeparture), o.seller.region);
    }

    private SpecificRecord declare(SimOrder o) {
        o.mismatch = rng.chance(prob(o.seller, BehaviourRate.VALUE_MISMATCH_PROBABILITY, clock));
        o.declaredCents = o.amountCents;
        if (o.mismatch) {
            double mean = rate(o.seller, BehaviourRate.UNDERVALUATION_MEAN, clock);
            double under = Math.max(0.01, Math.min(0.9, mean * rng.uniform(0.5, 1.5)));
            o.declaredCents = Math.max(1, Math.round(o.amountCents * (1 - under)));
        }
        return customsRecord(o, CustomsStatus.DECLARED, null, null);
    }

    private SpecificRecord customs(SimOrder o) {
        boolean held =
                o.mismatch
                        ? rng.chance(mismatchHoldP)
                        : rng.chance(prob(o.seller, BehaviourRate.CUSTOMS_HOLD_PROBABILITY, clock));
        if (o.mismatch) {
            o.seller.record(IncidentKind.VALUE_MISMATCH, clock);
        }
        Money assessed = o.mismatch ? money(o.amountCents) : null;
        if (held) {
            o.seller.record(IncidentKind.CUSTOMS_HOLD, clock);
            schedule(
                    clock + days(rng.uniform(holdMinDays, holdMaxDays)),
                    CUSTOMS_RELEASE,
                    null,
                    o,
                    null,
                    0,
                    0);
            String reason = o.mismatch ? VALUATION_REASON : rng.pick(HOLD_REASONS);
            return customsRecord(o, CustomsStatus.HELD, assessed, reason);
        }
        schedule(
                clock + (long) rng.uniform(10 * MINUTE, 3 * HOUR),
                CUSTOMS_CLEARED,
                null,
                o,
                null,
                0,
                0);
        return customsRecord(o, CustomsStatus.CLEARED, assessed, null);
    }

    private SpecificRecord customsRelease(SimOrder o) {
        Money assessed = o.mismatch ? money(o.amountCents) : null;
        if (rng.chance(Math.min(1, rejectShare * (o.mismatch ? 1.5 : 1)))) {
            o.seller.record(IncidentKind.CUSTOMS_REJECTED, clock);
            SimDispute d =
                    new SimDispute(
                            o, o.buyer, o.seller, DisputeReason.NOT_DELIVERED, o.amountCents, -1);
            schedule(clock + days(rng.uniform(1, 5)), DISPUTE_OPEN, null, o, d, 0, 0);
            String reason = o.mismatch ? "valuation not accepted" : rng.pick(REJECT_REASONS);
            return customsRecord(o, CustomsStatus.REJECTED, assessed, reason);
        }
        schedule(
                clock + (long) rng.uniform(10 * MINUTE, 3 * HOUR),
                CUSTOMS_CLEARED,
                null,
                o,
                null,
                0,
                0);
        return customsRecord(o, CustomsStatus.CLEARED, assessed, null);
    }

    private SpecificRecord customsClearedMilestone(SimOrder o) {
        schedule(clock + days(rng.uniform(0.3, 1.2)), ARRIVE, null, o, null, 0, 0);
        return milestone(o, Milestone.CUSTOMS_CLEARED, null, o.buyer.region);
    }

    private SpecificRecord arrive(SimOrder o) {
        schedule(clock + days(rng.uniform(0.2, 1.5)), DELIVER, null, o, null, 0, 0);
        return milestone(o, Milestone.ARRIVED, null, o.buyer.region);
    }

    private SpecificRecord deliver(SimOrder o) {
        boolean late = clock > o.promisedDelivery;
        if (late) {
            o.seller.record(IncidentKind.DELIVERY_LATE, clock);
            o.carrier.record(IncidentKind.DELIVERY_LATE, clock);
        }
        boolean disputed = false;
        if (!o.circular) {
            double p = prob(o.seller, BehaviourRate.QUALITY_DISPUTE_PROBABILITY, clock);
            if (late) {
                p += lateDisputeBoost;
            }
            if (rng.chance(p)) {
                disputed = true;
                DisputeReason reason =
                        late && rng.chance(0.6)
                                ? DisputeReason.LATE_DELIVERY
                                : QUALITY_REASONS[rng.pick(QUALITY_REASON_CUM)];
                long cents = Math.max(100, Math.round(o.amountCents * rng.uniform(0.3, 1)));
                SimDispute d = new SimDispute(o, o.buyer, o.seller, reason, cents, -1);
                schedule(clock + days(rng.uniform(1, 10)), DISPUTE_OPEN, null, o, d, 0, 0);
            }
        }
        if (rng.chance(o.circular ? 0.9 : buyerReviewP)) {
            int rating =
                    o.circular
                            ? 5
                            : rating(
                                    rate(o.seller, BehaviourRate.REVIEW_MEAN, clock)
                                            - (late ? 1.2 : 0)
                                            - (disputed ? 1.5 : 0));
            schedule(clock + days(rng.uniform(0.5, 7)), REVIEW, null, o, null, rating, 0);
        }
        return milestone(
                o, Milestone.DELIVERED, Instant.ofEpochMilli(o.promisedDelivery), o.buyer.region);
    }

    private SpecificRecord lose(SimOrder o) {
        o.carrier.record(IncidentKind.SHIPMENT_LOST, clock);
        o.seller.record(IncidentKind.SHIPMENT_LOST, clock);
        SimDispute d =
                new SimDispute(
                        o, o.buyer, o.seller, DisputeReason.NOT_DELIVERED, o.amountCents, -1);
        schedule(clock + days(rng.uniform(1, 5)), DISPUTE_OPEN, null, o, d, 0, 0);
        return milestone(o, Milestone.LOST, null, o.seller.region);
    }

    private SpecificRecord milestone(SimOrder o, Milestone m, Instant promised, String where) {
        stepKey = o.id;
        return new ShipmentMilestone(
                eid(),
                now(),
                platform,
                o.id,
                "SH" + o.number,
                o.seller.id,
                o.buyer.id,
                o.carrier.id,
                m,
                promised,
                where);
    }

    private SpecificRecord customsRecord(
            SimOrder o, CustomsStatus status, Money assessed, String reason) {
        stepKey = o.id;
        return new CustomsDeclaration(
                eid(),
                now(),
                platform,
                o.id,
                "CD" + o.number,
                o.seller.id,
                o.buyer.id,
                o.seller.region,
                o.buyer.region,
                o.hsCode,
                money(o.declaredCents),
                status,
                assessed,
                reason);
    }

    // ------------------------------------------------------ disputes, reviews

    private SpecificRecord openDispute(SimDispute d) {
        d.id = "DP" + pad(++disputeCounter, 7);
        d.openedAt = clock;
        d.respondent.record(IncidentKind.DISPUTE_AGAINST, clock);
        double median = d.order.escrow ? escrowResolutionMedian : resolutionMedian;
        long resolveAt = clock + Math.max(2 * HOUR, days(rng.logNormal(median, 0.5)));
        schedule(resolveAt, DISPUTE_RESOLVE, null, d.order, d, 0, 0);
        stepKey = d.order.id;
        return new DisputeOpened(
                eid(),
                now(),
                platform,
                d.id,
                d.order.id,
                d.claimant.id,
                d.respondent.id,
                d.reason,
                money(d.amountCents));
    }

    private SpecificRecord resolveDispute(SimDispute d) {
        DisputeOutcome outcome;
        Money refund = null;
        switch (d.reason) {
            case NON_PAYMENT ->
                    outcome =
                            d.order.paidAt[d.instalment] != 0
                                    ? DisputeOutcome.WITHDRAWN
                                    : DisputeOutcome.CLAIMANT_WON;
            case NOT_DELIVERED -> {
                if (rng.chance(0.9)) {
                    outcome = DisputeOutcome.CLAIMANT_WON;
                    refund = money(d.amountCents);
                } else {
                    outcome = DisputeOutcome.SPLIT;
                    refund = money(d.amountCents / 2);
                }
            }
            default -> {
                double loss =
                        Math.min(
                                0.98,
                                rate(d.respondent, BehaviourRate.DISPUTE_LOSS_PROBABILITY, clock));
                if (rng.chance(loss)) {
                    if (rng.chance(0.7)) {
                        outcome = DisputeOutcome.CLAIMANT_WON;
                        refund = money(d.amountCents);
                    } else {
                        outcome = DisputeOutcome.SPLIT;
                        refund = money(d.amountCents / 2);
                    }
                } else {
                    outcome =
                            rng.chance(0.8)
                                    ? DisputeOutcome.RESPONDENT_WON
                                    : DisputeOutcome.WITHDRAWN;
                }
            }
        }
        if (outcome == DisputeOutcome.CLAIMANT_WON || outcome == DisputeOutcome.SPLIT) {
            d.respondent.record(IncidentKind.DISPUTE_LOST, clock);
        }
        stepKey = d.order.id;
        return new DisputeResolved(
                eid(),
                now(),
                platform,
                d.id,
                d.order.id,
                d.claimant.id,
                d.respondent.id,
                outcome,
                refund,
                Instant.ofEpochMilli(d.openedAt));
    }

    private SpecificRecord review(SimOrder o, int rating, boolean sellerReviewsBuyer) {
        SimEntity reviewer = sellerReviewsBuyer ? o.seller : o.buyer;
        SimEntity subject = sellerReviewsBuyer ? o.buyer : o.seller;
        String comment = null;
        if (rng.chance(commentP)) {
            comment = rng.pick((sellerReviewsBuyer ? BUYER_COMMENTS : SELLER_COMMENTS)[rating]);
        }
        stepKey = o.id;
        return new Review(
                eid(),
                now(),
                platform,
                "RV" + pad(++reviewCounter, 8),
                o.id,
                reviewer.id,
                subject.id,
                rating,
                comment);
    }

    private int rating(double mean) {
        long r = Math.round(mean + 0.7 * rng.gaussian());
        return (int) Math.max(1, Math.min(5, r));
    }

    // ------------------------------------------------------------- behaviour

    /**
     * A behaviour rate of an entity at time t: reliable before the onset, ramping to its own; an
     * entity failing by contagion moves on towards a DELINQUENT's rates until it defaults.
     */
    private double rate(SimEntity e, BehaviourRate r, long t) {
        double base = behaviour[0][r.ordinal()];
        double own = behaviour[e.profile.ordinal()][r.ordinal()];
        double v = own == base ? base : base + e.severity(t) * (own - base);
        if (e.distressStart != NEVER) { // failing after a counterparty's default
            double failing = behaviour[Profile.DELINQUENT.ordinal()][r.ordinal()];
            v += e.distress(t) * (failing - v);
        }
        return v;
    }

    /** A misbehaviour probability: the rate times the entity's own noise factor. */
    private double prob(SimEntity e, BehaviourRate r, long t) {
        return Math.min(0.98, rate(e, r, t) * e.noise);
    }

    // ---------------------------------------------------------- ground truth

    /**
     * The ground truth as of the generator's clock (the time of the latest step processed, at or
     * just after the last event returned): entities registered by then, their incidents so far, and
     * plan facts (onset) only once reached. After a bounded world has ended, the clock is its end.
     */
    public GroundTruth groundTruth() {
        List<EntityTruth> out = new ArrayList<>();
        for (SimEntity e : entities) {
            if (!e.registered) {
                continue;
            }
            Map<IncidentKind, IncidentLog> incidents = new EnumMap<>(IncidentKind.class);
            if (e.incidentTimes != null) {
                for (IncidentKind k : IncidentKind.values()) {
                    int i = k.ordinal();
                    if (e.incidentCounts[i] > 0) {
                        List<Instant> times = new ArrayList<>(e.incidentSizes[i]);
                        for (int j = 0; j < e.incidentSizes[i]; j++) {
                            times.add(Instant.ofEpochMilli(e.incidentTimes[i][j]));
                        }
                        incidents.put(k, new IncidentLog(e.incidentCounts[i], times));
                    }
                }
            }
            Instant onset =
                    e.onset != NEVER && e.onset <= clock ? Instant.ofEpochMilli(e.onset) : null;
            Instant defaultTime = e.defaulted ? Instant.ofEpochMilli(e.defaultedAt) : null;
            DefaultCause cause = e.defaulted ? e.defaultCause : null;
            List<String> ring = new ArrayList<>();
            if (e.ring != null) {
                for (SimEntity m : e.ring.members) {
                    ring.add(m.id);
                }
            }
            out.add(
                    new EntityTruth(
                            e.id,
                            e.kind,
                            e.region,
                            e.profile,
                            Instant.ofEpochMilli(e.registeredAt),
                            onset,
                            defaultTime,
                            cause,
                            e.ring == null ? null : e.ring.id,
                            ring,
                            incidents,
                            WarningExpectations.derive(
                                    e.profile, e.kind, onset, defaultTime, cause, incidents)));
        }
        return new GroundTruth(
                config.seed(),
                config.overrides(),
                config.start(),
                Instant.ofEpochMilli(clock),
                out);
    }

    // ----------------------------------------------------------------- util

    private Money money(long cents) {
        return new Money(BigDecimal.valueOf(cents, 2), currency);
    }

    private static long days(double d) {
        return (long) (d * DAY);
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }

    private static String hex(long v) {
        return HEX.toHexDigits(v);
    }

    private String txHash() {
        return "0x"
                + hex(rng.nextLong())
                + hex(rng.nextLong())
                + hex(rng.nextLong())
                + hex(rng.nextLong());
    }

    /** bytes32 escrow order id: SHA-256 of the seed and the order id (stable, unique). */
    private String escrowId(String orderId) {
        byte[] digest = sha256.digest((seedText + ":" + orderId).getBytes(StandardCharsets.UTF_8));
        return "0x" + HEX.formatHex(digest);
    }
}
