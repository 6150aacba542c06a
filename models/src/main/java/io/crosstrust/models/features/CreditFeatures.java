package io.crosstrust.models.features;

import static io.crosstrust.models.features.CreditFeatureState.NONE;

import io.crosstrust.models.features.CreditFeatureState.ShortTally;
import io.crosstrust.models.features.CreditFeatureState.Tally;
import java.util.List;
import java.util.Objects;

/**
 * The streaming feature extractor: applies one canonical event at a time to an entity's {@link
 * CreditFeatureState} and computes the {@link #DEFINITIONS eight-dimension feature vector} from it
 * as of any time. The same code runs in the Flink scoring job, in training-set builders and in
 * tests.
 *
 * <p>Decay: every tally is a sum of event weights {@code 2^(-(t_now - t_event) / half_life)}, so
 * recent conduct counts most and an entity's past fades with the configured half-life (volume trend
 * and the recent-conduct features, recent lateness, arrears, order-size trend and new-counterparty
 * share, use a second, shorter half-life). Ratios are smoothed towards a neutral prior with two
 * pseudo-events, so a new entity starts near the prior and stale evidence drifts back to it.
 *
 * <p>Assumptions: events may arrive late or out of order (handled exactly, see {@link
 * CreditFeatureState}); duplicates must be dropped upstream by event id (applying an event twice
 * counts it twice). Thread-safe (immutable); the state passed in is not.
 */
public final class CreditFeatures {
    static final double DAY_MS = 86_400_000.0;
    private static final double LN2 = Math.log(2);

    /** Pseudo-event count of the neutral prior in smoothed ratios. */
    static final double PRIOR = 2.0;

    /** Tolerance before a payment or milestone counts as late. */
    static final double GRACE_DAYS = 1.0;

    /** Reference times further than this from the event time are clamped when weighting. */
    static final long MAX_REFERENCE_SHIFT_MS = 365L * 86_400_000L;

    public static final int FULFILMENT_COMPLETION = 0;
    public static final int FULFILMENT_ON_TIME_DISPATCH = 1;
    public static final int FULFILMENT_CANCEL_RATE = 2;
    public static final int FULFILMENT_RATING = 3;
    public static final int PAYMENT_ON_TIME = 4;
    public static final int PAYMENT_DAYS_LATE = 5;
    public static final int PAYMENT_OUTSTANDING = 6;
    public static final int LOGISTICS_DELAY_DAYS = 7;
    public static final int LOGISTICS_LATE_RATE = 8;
    public static final int LOGISTICS_LOSS_RATE = 9;
    public static final int COMPLIANCE_HOLD_RATE = 10;
    public static final int COMPLIANCE_REJECT_RATE = 11;
    public static final int COMPLIANCE_VALUE_MISMATCH = 12;
    public static final int DISPUTES_RATE = 13;
    public static final int DISPUTES_LOST_SHARE = 14;
    public static final int DISPUTES_RESOLUTION_DAYS = 15;
    public static final int STABILITY_TENURE = 16;
    public static final int STABILITY_VOLUME = 17;
    public static final int STABILITY_VOLUME_TREND = 18;
    public static final int STABILITY_CONCENTRATION = 19;
    public static final int NETWORK_COUNTERPARTY_QUALITY = 20;
    public static final int NETWORK_HIGH_RISK_EXPOSURE = 21;
    public static final int NETWORK_CENTRALITY = 22;
    public static final int NETWORK_DEGREE = 23;
    public static final int TRANSPARENCY_ONCHAIN_SHARE = 24;
    public static final int TRANSPARENCY_ESCROW_SETTLED = 25;
    public static final int PAYMENT_RECENT_DAYS_LATE = 26;
    public static final int PAYMENT_ARREARS_RATE = 27;
    public static final int STABILITY_ORDER_SIZE_TREND = 28;
    public static final int STABILITY_NEW_COUNTERPARTY_SHARE = 29;

    private static final String INC = "increasing_risk";
    private static final String DEC = "decreasing_risk";

    /** The feature vector, in index order (the constants above). */
    public static final List<FeatureDefinition> DEFINITIONS =
            List.of(
                    def(
                            "fulfilment.completion_rate",
                            Dimension.FULFILMENT,
                            "FUL_COMPLETION",
                            DEC,
                            "share of shipments delivered rather than lost or refunded"),
                    def(
                            "fulfilment.on_time_dispatch_rate",
                            Dimension.FULFILMENT,
                            "FUL_ON_TIME_DISPATCH",
                            DEC,
                            "share of shipments departed by the promised time"),
                    def(
                            "fulfilment.cancel_rate",
                            Dimension.FULFILMENT,
                            "FUL_CANCEL_RATE",
                            INC,
                            "cancelled or refunded trades per order"),
                    def(
                            "fulfilment.avg_rating",
                            Dimension.FULFILMENT,
                            "FUL_RATING",
                            DEC,
                            "mean review rating (1-5)"),
                    def(
                            "payment.on_time_rate",
                            Dimension.PAYMENT,
                            "PAY_ON_TIME_RATE",
                            DEC,
                            "share of payments made by the due date (+1 day grace)"),
                    def(
                            "payment.avg_days_late",
                            Dimension.PAYMENT,
                            "PAY_DAYS_LATE",
                            INC,
                            "mean days past due per payment with a due date"),
                    def(
                            "payment.outstanding_ratio",
                            Dimension.PAYMENT,
                            "PAY_OUTSTANDING",
                            INC,
                            "share of payment obligations not yet paid"),
                    def(
                            "logistics.avg_delay_days",
                            Dimension.LOGISTICS,
                            "LOG_DELAY_DAYS",
                            INC,
                            "mean delivery delay in days against the promised time"),
                    def(
                            "logistics.late_delivery_rate",
                            Dimension.LOGISTICS,
                            "LOG_LATE_RATE",
                            INC,
                            "share of deliveries later than promised"),
                    def(
                            "logistics.loss_rate",
                            Dimension.LOGISTICS,
                            "LOG_LOSS_RATE",
                            INC,
                            "lost shipments per shipment"),
                    def(
                            "compliance.hold_rate",
                            Dimension.COMPLIANCE,
                            "CMP_HOLD_RATE",
                            INC,
                            "customs holds per declaration"),
                    def(
                            "compliance.reject_rate",
                            Dimension.COMPLIANCE,
                            "CMP_REJECT_RATE",
                            INC,
                            "customs rejections per declaration"),
                    def(
                            "compliance.value_mismatch_rate",
                            Dimension.COMPLIANCE,
                            "CMP_VALUE_MISMATCH",
                            INC,
                            "customs holds or rejections over declared value per declaration"),
                    def(
                            "disputes.rate",
                            Dimension.DISPUTES,
                            "DSP_RATE",
                            INC,
                            "disputes opened against the entity per order"),
                    def(
                            "disputes.lost_share",
                            Dimension.DISPUTES,
                            "DSP_LOST_SHARE",
                            INC,
                            "share of resolved disputes the entity lost (split = half)"),
                    def(
                            "disputes.avg_resolution_days",
                            Dimension.DISPUTES,
                            "DSP_RESOLUTION_DAYS",
                            INC,
                            "mean days to resolve a dispute"),
                    def(
                            "stability.tenure_days",
                            Dimension.STABILITY,
                            "STB_TENURE",
                            DEC,
                            "days since the entity's first event"),
                    def(
                            "stability.monthly_volume",
                            Dimension.STABILITY,
                            "STB_VOLUME",
                            "none",
                            "order volume per 30 days in the reference currency (decayed rate)"),
                    def(
                            "stability.volume_trend",
                            Dimension.STABILITY,
                            "STB_VOLUME_TREND",
                            "none",
                            "short-term over long-term order volume rate (1 = steady, >1 surge)"),
                    def(
                            "stability.counterparty_concentration",
                            Dimension.STABILITY,
                            "STB_CONCENTRATION",
                            INC,
                            "Herfindahl index of trades over the heaviest counterparties"),
                    def(
                            "network.counterparty_quality",
                            Dimension.NETWORK,
                            "NET_CP_QUALITY",
                            DEC,
                            "volume-weighted creditworthiness of counterparties (0-1)"),
                    def(
                            "network.high_risk_exposure",
                            Dimension.NETWORK,
                            "NET_HIGH_RISK",
                            INC,
                            "share of volume with high-risk counterparties"),
                    def(
                            "network.centrality",
                            Dimension.NETWORK,
                            "NET_CENTRALITY",
                            DEC,
                            "normalised centrality in the regional trade network"),
                    def(
                            "network.degree",
                            Dimension.NETWORK,
                            "NET_DEGREE",
                            DEC,
                            "distinct counterparties in the network window"),
                    def(
                            "transparency.onchain_share",
                            Dimension.TRANSPARENCY,
                            "TRN_ONCHAIN_SHARE",
                            DEC,
                            "share of trade steps evidenced on-chain"),
                    def(
                            "transparency.escrow_settlement_rate",
                            Dimension.TRANSPARENCY,
                            "TRN_ESCROW_SETTLED",
                            DEC,
                            "share of funded escrows released to the seller"),
                    def(
                            "payment.recent_days_late",
                            Dimension.PAYMENT,
                            "PAY_RECENT_DAYS_LATE",
                            INC,
                            "days past due of recent late payments (short half-life, dated by payment) per payment with a due date"),
                    def(
                            "payment.arrears_rate",
                            Dimension.PAYMENT,
                            "PAY_ARREARS_RATE",
                            INC,
                            "instalments overdue and still unpaid (as of the score) per payment with a due date"),
                    def(
                            "stability.order_size_trend",
                            Dimension.STABILITY,
                            "STB_ORDER_SIZE_TREND",
                            "none",
                            "recent mean order amount over the long-term mean (1 = steady)"),
                    def(
                            "stability.new_counterparty_share",
                            Dimension.STABILITY,
                            "STB_NEW_COUNTERPARTIES",
                            INC,
                            "share of recent orders placed with counterparties not traded with before"));

    public static final int FEATURE_COUNT = 30;

    private final double halfLifeDays;
    private final double shortHalfLifeDays;
    private final double lambda;
    private final double shortLambda;
    private final CurrencyRates rates;

    /**
     * @param halfLifeDays decay half-life of all tallies
     * @param shortHalfLifeDays half-life of the short-term volume (volume trend)
     * @param rates conversion of amounts to the reference currency
     */
    public CreditFeatures(double halfLifeDays, double shortHalfLifeDays, CurrencyRates rates) {
        if (!(halfLifeDays > 0) || !(shortHalfLifeDays > 0)) {
            throw new IllegalArgumentException("half-lives must be > 0 days");
        }
        this.halfLifeDays = halfLifeDays;
        this.shortHalfLifeDays = shortHalfLifeDays;
        this.lambda = LN2 / (halfLifeDays * DAY_MS);
        this.shortLambda = LN2 / (shortHalfLifeDays * DAY_MS);
        this.rates = Objects.requireNonNull(rates, "rates");
    }

    public double halfLifeDays() {
        return halfLifeDays;
    }

    public double shortHalfLifeDays() {
        return shortHalfLifeDays;
    }

    public CurrencyRates rates() {
        return rates;
    }

    /** Position of a feature by name, or -1. */
    public static int indexOf(String name) {
        for (int i = 0; i < DEFINITIONS.size(); i++) {
            if (DEFINITIONS.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Applies one event about the state's entity. Allocation-free. */
    public void update(CreditFeatureState s, CreditEvent e) {
        long t = e.eventTimeMillis();
        if (s.lastEventMillis == NONE) {
            s.lastEventMillis = t;
        } else if (t > s.lastEventMillis) {
            double dt = (double) (t - s.lastEventMillis);
            decayAll(s, Math.exp(-lambda * dt), Math.exp(-shortLambda * dt));
            s.lastEventMillis = t;
        }
        // an event with a reference time (due, promised, opened) is evidence dated by it, so paying
        // late never counts as "more recent" than paying on time, and a payment cancels its
        // obligation exactly; bounded to a year either side of the event against bad data
        long dated = t;
        if (e.referenceTimeMillis() != CreditEvent.NO_TIME) {
            dated =
                    Math.max(
                            t - MAX_REFERENCE_SHIFT_MS,
                            Math.min(t + MAX_REFERENCE_SHIFT_MS, e.referenceTimeMillis()));
        }
        double w =
                dated == s.lastEventMillis
                        ? 1.0
                        : Math.exp(-lambda * (double) (s.lastEventMillis - dated));
        double ws =
                t == s.lastEventMillis
                        ? 1.0
                        : Math.exp(-shortLambda * (double) (s.lastEventMillis - t));
        if (s.firstEventMillis == NONE || t < s.firstEventMillis) {
            s.firstEventMillis = t;
        }
        s.eventCount++;
        double[] a = s.tally;
        double[] sh = s.shortTally;
        switch (e.type()) {
            case ORDER_PLACED -> {
                if (isCancellation(e.detail())) {
                    a[Tally.CANCELLED] += w;
                } else {
                    a[Tally.ORDERS] += w;
                    double v = rates.toReference(e.amount(), e.currency());
                    sh[ShortTally.ORDERS] += ws;
                    if (v == v) {
                        a[Tally.ORDER_VOLUME] += w * v;
                        s.shortVolume += ws * v;
                    }
                    if (e.counterpartyId() != null && !counterparty(s, e.counterpartyId(), w)) {
                        sh[ShortTally.NEW_COUNTERPARTY_ORDERS] += ws;
                    }
                }
                tradeStep(a, e, w);
            }
            case PAYMENT_DUE -> {
                a[Tally.PAY_DUE_COUNT] += w;
                double v = rates.toReference(e.amount(), e.currency());
                if (v == v) {
                    a[Tally.PAY_DUE_AMOUNT] += w * v;
                }
            }
            case PAYMENT_MADE -> {
                a[Tally.PAY_MADE_COUNT] += w;
                double v = rates.toReference(e.amount(), e.currency());
                if (v == v) {
                    a[Tally.PAY_MADE_AMOUNT] += w * v;
                }
                if (e.referenceTimeMillis() != CreditEvent.NO_TIME) {
                    double late = (t - e.referenceTimeMillis()) / DAY_MS;
                    a[Tally.PAY_WITH_DUE] += w;
                    if (late <= GRACE_DAYS) {
                        a[Tally.PAY_ON_TIME] += w;
                    } else {
                        a[Tally.PAY_DAYS_LATE] += w * Math.min(late, 180.0);
                        // recent lateness is dated by the payment: dated by its due date, a payment
                        // weeks late would count at a discount of weeks of the short half-life; the
                        // denominator (payments with a due date) does not depend on when it was
                        // paid,
                        // so paying later or paying more late still only raises the feature
                        sh[ShortTally.PAY_DAYS_LATE] += ws * Math.min(late, 180.0);
                        // the scoring job's stand-in for an instalment still unpaid: arrears
                        if (CreditEvent.STILL_UNPAID.equals(e.detail())) {
                            sh[ShortTally.ARREARS] += ws;
                        }
                    }
                }
                tradeStep(a, e, w);
            }
            case SHIPMENT_BOOKED -> {
                a[Tally.SHIP_BOOKED] += w;
                tradeStep(a, e, w);
            }
            case SHIPMENT_DEPARTED -> {
                if (e.referenceTimeMillis() != CreditEvent.NO_TIME) {
                    a[Tally.DISPATCH_PROMISED] += w;
                    if ((t - e.referenceTimeMillis()) / DAY_MS <= GRACE_DAYS) {
                        a[Tally.DISPATCH_ON_TIME] += w;
                    }
                }
                tradeStep(a, e, w);
            }
            case SHIPMENT_DELIVERED -> {
                a[Tally.SHIP_DELIVERED] += w;
                if (e.referenceTimeMillis() != CreditEvent.NO_TIME) {
                    double delay = (t - e.referenceTimeMillis()) / DAY_MS;
                    a[Tally.DELIVERY_PROMISED] += w;
                    if (delay > GRACE_DAYS) {
                        a[Tally.DELIVERY_LATE] += w;
                    }
                    if (delay > 0) {
                        a[Tally.DELIVERY_DELAY_DAYS] += w * Math.min(delay, 90.0);
                    }
                }
                tradeStep(a, e, w);
            }
            case SHIPMENT_LOST -> {
                a[Tally.SHIP_LOST] += w;
                tradeStep(a, e, w);
            }
            case SHIPMENT_CUSTOMS_CLEARED, SHIPMENT_ARRIVED, CUSTOMS_CLEARED -> tradeStep(a, e, w);
            case CUSTOMS_DECLARED -> {
                a[Tally.CUSTOMS_DECLARED] += w;
                tradeStep(a, e, w);
            }
            case CUSTOMS_HELD, CUSTOMS_REJECTED -> {
                a[
                                e.type() == CreditEventType.CUSTOMS_HELD
                                        ? Tally.CUSTOMS_HELD
                                        : Tally.CUSTOMS_REJECTED] +=
                        w;
                if (mentionsValue(e.detail())) {
                    a[Tally.CUSTOMS_VALUE_MISMATCH] += w;
                }
            }
            case DISPUTE_OPENED, ESCROW_DISPUTED -> a[Tally.DISPUTES_OPENED] += w;
            case DISPUTE_RESOLVED, ESCROW_RESOLVED -> {
                a[Tally.DISPUTES_RESOLVED] += w;
                a[Tally.DISPUTES_LOST] += w * lostShare(e.detail());
                if (e.referenceTimeMillis() != CreditEvent.NO_TIME) {
                    double days = (t - e.referenceTimeMillis()) / DAY_MS;
                    a[Tally.DISPUTE_DAYS] += w * Math.max(0.0, Math.min(days, 180.0));
                }
                if (e.type() == CreditEventType.ESCROW_RESOLVED) {
                    tradeStep(a, e, w);
                }
            }
            case REVIEW -> {
                if (e.rating() > 0) {
                    a[Tally.REVIEWS] += w;
                    a[Tally.RATING_SUM] += w * e.rating();
                }
            }
            case ESCROW_FUNDED -> {
                a[Tally.ESCROW_FUNDED] += w;
                counterparty(s, e.counterpartyId(), w);
                tradeStep(a, e, w);
            }
            case ESCROW_RELEASED -> {
                a[Tally.ESCROW_RELEASED] += w;
                tradeStep(a, e, w);
            }
            case ESCROW_REFUNDED -> {
                a[Tally.CANCELLED] += w;
                tradeStep(a, e, w);
            }
            case ESCROW_CREATED, ESCROW_SHIPPED, ESCROW_DELIVERY_CONFIRMED, TOKEN_TRANSFER ->
                    tradeStep(a, e, w);
            case ENTITY_REGISTERED, SCORE_POSTED, OTHER -> {
                // time and tenure only; the oracle's own score never feeds back into the score
            }
        }
    }

    /** Sets the entity's network position (from the network job). */
    public void updateNetwork(CreditFeatureState s, NetworkPosition p) {
        if (s.networkAsOfMillis != NONE && p.asOfMillis() < s.networkAsOfMillis) {
            return; // an older computation arriving late
        }
        s.networkDegree = p.degree();
        s.networkCentrality = p.centrality();
        s.networkCounterpartyQuality = p.counterpartyQuality();
        s.networkHighRiskExposure = p.highRiskExposure();
        s.networkAsOfMillis = p.asOfMillis();
    }

    /**
     * Computes every feature of {@link #DEFINITIONS} as of {@code asOfMillis} into {@code
     * out[FEATURE_COUNT]}. A time before the last event is treated as the last event time. Does not
     * modify the state; allocation-free.
     *
     * @return the decay factor from the last event to asOf (for {@link #exposure(
     *     CreditFeatureState, double)})
     */
    public double compute(CreditFeatureState s, long asOfMillis, double[] out) {
        double g = 1.0;
        double gs = 1.0;
        if (s.lastEventMillis != NONE && asOfMillis > s.lastEventMillis) {
            double dt = (double) (asOfMillis - s.lastEventMillis);
            g = Math.exp(-lambda * dt);
            gs = Math.exp(-shortLambda * dt);
        }
        double[] a = s.tally;
        double orders = a[Tally.ORDERS] * g;
        double cancelled = a[Tally.CANCELLED] * g;
        double delivered = a[Tally.SHIP_DELIVERED] * g;
        double lost = a[Tally.SHIP_LOST] * g;
        double booked = a[Tally.SHIP_BOOKED] * g;

        out[FULFILMENT_COMPLETION] = smooth(delivered, delivered + lost + cancelled, 0.95);
        out[FULFILMENT_ON_TIME_DISPATCH] =
                smooth(a[Tally.DISPATCH_ON_TIME] * g, a[Tally.DISPATCH_PROMISED] * g, 0.9);
        out[FULFILMENT_CANCEL_RATE] = Math.min(1.0, cancelled / (orders + PRIOR));
        out[FULFILMENT_RATING] = smooth(a[Tally.RATING_SUM] * g, a[Tally.REVIEWS] * g, 4.0);

        double withDue = a[Tally.PAY_WITH_DUE] * g;
        out[PAYMENT_ON_TIME] = smooth(a[Tally.PAY_ON_TIME] * g, withDue, 0.9);
        out[PAYMENT_DAYS_LATE] = a[Tally.PAY_DAYS_LATE] * g / (withDue + PRIOR);
        double dueCount = a[Tally.PAY_DUE_COUNT] * g;
        double unpaid = Math.max(0.0, dueCount - a[Tally.PAY_MADE_COUNT] * g);
        out[PAYMENT_OUTSTANDING] = unpaid / (dueCount + PRIOR);

        double promised = a[Tally.DELIVERY_PROMISED] * g;
        out[LOGISTICS_DELAY_DAYS] = a[Tally.DELIVERY_DELAY_DAYS] * g / (promised + PRIOR);
        out[LOGISTICS_LATE_RATE] = smooth(a[Tally.DELIVERY_LATE] * g, promised, 0.1);
        out[LOGISTICS_LOSS_RATE] = lost / (Math.max(booked, delivered + lost) + PRIOR);

        double held = a[Tally.CUSTOMS_HELD] * g;
        double rejected = a[Tally.CUSTOMS_REJECTED] * g;
        double declared = Math.max(a[Tally.CUSTOMS_DECLARED] * g, held + rejected) + PRIOR;
        out[COMPLIANCE_HOLD_RATE] = held / declared;
        out[COMPLIANCE_REJECT_RATE] = rejected / declared;
        out[COMPLIANCE_VALUE_MISMATCH] = a[Tally.CUSTOMS_VALUE_MISMATCH] * g / declared;

        double resolved = a[Tally.DISPUTES_RESOLVED] * g;
        out[DISPUTES_RATE] = Math.min(1.0, a[Tally.DISPUTES_OPENED] * g / (orders + PRIOR));
        out[DISPUTES_LOST_SHARE] = smooth(a[Tally.DISPUTES_LOST] * g, resolved, 0.3);
        out[DISPUTES_RESOLUTION_DAYS] = smooth(a[Tally.DISPUTE_DAYS] * g, resolved, 7.0);

        long now = Math.max(asOfMillis, s.lastEventMillis);
        out[STABILITY_TENURE] =
                s.firstEventMillis == NONE ? 0.0 : (now - s.firstEventMillis) / DAY_MS;
        double longRate = a[Tally.ORDER_VOLUME] * g * (LN2 / halfLifeDays);
        double shortRate = s.shortVolume * gs * (LN2 / shortHalfLifeDays);
        out[STABILITY_VOLUME] = longRate * 30.0;
        out[STABILITY_VOLUME_TREND] = longRate > 0 ? Math.min(10.0, shortRate / longRate) : 1.0;
        out[STABILITY_CONCENTRATION] = concentration(s);

        out[NETWORK_COUNTERPARTY_QUALITY] = s.networkCounterpartyQuality;
        out[NETWORK_HIGH_RISK_EXPOSURE] = s.networkHighRiskExposure;
        out[NETWORK_CENTRALITY] = s.networkCentrality;
        out[NETWORK_DEGREE] = s.networkDegree;

        out[TRANSPARENCY_ONCHAIN_SHARE] =
                smooth(a[Tally.ONCHAIN_STEPS] * g, a[Tally.TRADE_STEPS] * g, 0.2);
        out[TRANSPARENCY_ESCROW_SETTLED] =
                smooth(a[Tally.ESCROW_RELEASED] * g, a[Tally.ESCROW_FUNDED] * g, 0.5);

        double[] sh = s.shortTally;
        out[PAYMENT_RECENT_DAYS_LATE] = sh[ShortTally.PAY_DAYS_LATE] * gs / (withDue + PRIOR);
        out[PAYMENT_ARREARS_RATE] = sh[ShortTally.ARREARS] * gs / (withDue + PRIOR);
        double recentOrders = sh[ShortTally.ORDERS] * gs;
        double longMean = orders > 0 ? a[Tally.ORDER_VOLUME] * g / orders : 0.0;
        out[STABILITY_ORDER_SIZE_TREND] =
                longMean > 0
                        ? Math.min(
                                10.0,
                                (s.shortVolume * gs + PRIOR * longMean)
                                        / (recentOrders + PRIOR)
                                        / longMean)
                        : 1.0;
        out[STABILITY_NEW_COUNTERPARTY_SHARE] =
                smooth(sh[ShortTally.NEW_COUNTERPARTY_ORDERS] * gs, recentOrders, 0.2);
        return g;
    }

    /** Order volume per 30 days in the reference currency, decayed to asOf. */
    public double monthlyVolume(CreditFeatureState s, long asOfMillis) {
        return s.tally[Tally.ORDER_VOLUME] * decay(s, asOfMillis) * (LN2 / halfLifeDays) * 30.0;
    }

    /**
     * Open payment obligations in the reference currency (amount due minus amount paid, decayed,
     * never negative).
     */
    public double exposure(CreditFeatureState s, long asOfMillis) {
        return exposure(s, decay(s, asOfMillis));
    }

    /**
     * {@link #exposure(CreditFeatureState, long)} with the decay factor {@link #compute} returned.
     */
    public double exposure(CreditFeatureState s, double decay) {
        double open = s.tally[Tally.PAY_DUE_AMOUNT] - s.tally[Tally.PAY_MADE_AMOUNT];
        return Math.max(0.0, open * decay);
    }

    private double decay(CreditFeatureState s, long asOfMillis) {
        if (s.lastEventMillis == NONE || asOfMillis <= s.lastEventMillis) {
            return 1.0;
        }
        return Math.exp(-lambda * (double) (asOfMillis - s.lastEventMillis));
    }

    private static double smooth(double hits, double trials, double prior) {
        return (hits + PRIOR * prior) / (trials + PRIOR);
    }

    private static void decayAll(CreditFeatureState s, double f, double fs) {
        double[] a = s.tally;
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
        double[] cw = s.counterpartyWeight;
        for (int i = 0; i < cw.length; i++) {
            cw[i] *= f;
        }
        s.shortVolume *= fs;
        double[] sh = s.shortTally;
        for (int i = 0; i < sh.length; i++) {
            sh[i] *= fs;
        }
    }

    private static void tradeStep(double[] a, CreditEvent e, double w) {
        a[Tally.TRADE_STEPS] += w;
        if (e.onChain() || isChainNative(e.type())) {
            a[Tally.ONCHAIN_STEPS] += w;
        }
    }

    private static boolean isChainNative(CreditEventType t) {
        return switch (t) {
            case ESCROW_CREATED,
                            ESCROW_FUNDED,
                            ESCROW_SHIPPED,
                            ESCROW_DELIVERY_CONFIRMED,
                            ESCROW_RELEASED,
                            ESCROW_DISPUTED,
                            ESCROW_RESOLVED,
                            ESCROW_REFUNDED,
                            TOKEN_TRANSFER ->
                    true;
            default -> false;
        };
    }

    /**
     * Space-saving sketch: the 8 heaviest counterparties by decayed trade count.
     *
     * @return whether the counterparty was in the sketch already (traded with before, as far as the
     *     sketch remembers)
     */
    private static boolean counterparty(CreditFeatureState s, String id, double w) {
        if (id == null) {
            return false;
        }
        int h = id.hashCode();
        int[] hs = s.counterpartyHash;
        double[] ws = s.counterpartyWeight;
        int min = 0;
        for (int i = 0; i < hs.length; i++) {
            if (ws[i] > 0 && hs[i] == h) {
                ws[i] += w;
                return true;
            }
            if (ws[i] < ws[min]) {
                min = i;
            }
        }
        // evict the lightest slot; inherit its weight as the error bound (space-saving)
        hs[min] = h;
        ws[min] += w;
        return false;
    }

    private static double concentration(CreditFeatureState s) {
        double sum = 0;
        double sq = 0;
        for (double v : s.counterpartyWeight) {
            sum += v;
            sq += v * v;
        }
        return sum > 0 ? sq / (sum * sum) : 1.0;
    }

    /** Share of the dispute the subject lost, from the outcome at the start of detail. */
    static double lostShare(String detail) {
        if (detail == null) {
            return 0.0;
        }
        if (detail.startsWith("CLAIMANT_WON")) {
            return 1.0;
        }
        if (detail.startsWith("SPLIT")) {
            return 0.5;
        }
        return 0.0;
    }

    private static boolean isCancellation(String detail) {
        return detail != null && detail.regionMatches(true, 0, "CANCEL", 0, 6);
    }

    private static boolean mentionsValue(String detail) {
        if (detail == null) {
            return false;
        }
        int n = detail.length() - 5;
        for (int i = 0; i <= n; i++) {
            if (detail.regionMatches(true, i, "VALUE", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    private static FeatureDefinition def(
            String name, Dimension d, String code, String monotone, String description) {
        return new FeatureDefinition(name, d, code, monotone, description);
    }
}
