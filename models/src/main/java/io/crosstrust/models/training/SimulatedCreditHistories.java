package io.crosstrust.models.training;

import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.NetworkPosition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small seeded simulation of entity histories, used only to fit the built-in default model before
 * real outcomes or the project's trade-world generator are available. It is a prior, not data: each
 * entity has a latent creditworthiness q ~ N(0, 1) that drives every kind of conduct (payment
 * lateness, delivery delays, losses, customs holds, disputes, reviews, on-chain use, network
 * position) through logistic links, and a default within the horizon after the observation time
 * with probability sigmoid(-2.7 - 1.3 q); entities that go on to default show stress (worse payment
 * and delivery conduct) in the 90 days before observation with probability 0.6. Events are emitted
 * as {@link CreditEvent}s and folded by the real {@link CreditFeatures}, so the trained model sees
 * exactly the features the streaming job computes.
 */
public final class SimulatedCreditHistories {
    static final long DAY = 86_400_000L;

    /** One simulated entity: its features at the observation time and whether it defaulted. */
    public record Entity(double[] features, int defaulted) {}

    private final CreditFeatures extractor;
    private final long observationMillis;

    public SimulatedCreditHistories(CreditFeatures extractor, long observationMillis) {
        this.extractor = extractor;
        this.observationMillis = observationMillis;
    }

    public List<Entity> simulate(int entities, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        List<Entity> out = new ArrayList<>(entities);
        double[] f = new double[CreditFeatures.FEATURE_COUNT];
        for (int e = 0; e < entities; e++) {
            SplittableRandom r = root.split();
            CreditFeatureState state = new CreditFeatureState();
            int label = history(r, ev -> extractor.update(state, ev), state);
            extractor.compute(state, observationMillis, f);
            out.add(new Entity(f.clone(), label));
        }
        return out;
    }

    /** A training table of the simulated entities (one numeric column per credit feature). */
    public static TabularData toTable(List<Entity> entities, String source, String fingerprint) {
        int n = entities.size();
        int[] y = new int[n];
        List<TabularData.Column> cols = new ArrayList<>();
        for (int j = 0; j < CreditFeatures.FEATURE_COUNT; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = entities.get(i).features()[j];
            }
            cols.add(new TabularData.NumericColumn(CreditFeatures.DEFINITIONS.get(j).name(), v));
        }
        for (int i = 0; i < n; i++) {
            y[i] = entities.get(i).defaulted();
        }
        return new TabularData(source, fingerprint, y, cols);
    }

    private int history(SplittableRandom r, Consumer<CreditEvent> sink, CreditFeatureState state) {
        double q = gaussian(r);
        int label = r.nextDouble() < sigmoid(-2.7 - 1.3 * q) ? 1 : 0;
        boolean stressed = label == 1 && r.nextDouble() < 0.6;
        long t0 = observationMillis;
        int tenureDays = 30 + r.nextInt(700);
        long start = t0 - tenureDays * DAY;
        sink.accept(CreditEvent.builder(CreditEventType.ENTITY_REGISTERED, start).build());
        double ordersPerMonth = StrictMath.exp(1.2 + 0.6 * gaussian(r) + 0.15 * q);
        double meanAmount = StrictMath.exp(7.5 + 0.8 * gaussian(r));
        int counterparties =
                1 + (int) Math.round(StrictMath.exp(1.3 + 0.5 * gaussian(r) + 0.2 * q));
        double chainUse = sigmoid(-0.8 + 0.7 * q + 0.8 * gaussian(r));
        long horizonStart = Math.max(start, t0 - 400 * DAY);
        double days = (t0 - horizonStart) / (double) DAY;
        int orders = poisson(r, ordersPerMonth * days / 30.0);
        for (int o = 0; o < orders; o++) {
            long t = horizonStart + (long) (r.nextDouble() * (t0 - horizonStart));
            double stress =
                    stressed && t > t0 - 90 * DAY ? (t - (t0 - 90 * DAY)) / (90.0 * DAY) : 0;
            String cp = "cp-" + r.nextInt(counterparties);
            BigDecimal amount =
                    BigDecimal.valueOf(
                            Math.round(meanAmount * StrictMath.exp(0.7 * gaussian(r)) * 100), 2);
            boolean onChain = r.nextDouble() < chainUse;
            emit(
                    sink,
                    t0,
                    CreditEvent.builder(CreditEventType.ORDER_PLACED, t)
                            .amount(amount, "USD")
                            .counterparty(cp)
                            .onChain(onChain)
                            .build());
            if (onChain) {
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.ESCROW_FUNDED, t + DAY / 4)
                                .counterparty(cp)
                                .onChain(true)
                                .build());
            }
            // paying for what it bought
            long due = t + 30 * DAY;
            emit(
                    sink,
                    t0,
                    CreditEvent.builder(CreditEventType.PAYMENT_DUE, t)
                            .amount(amount, "USD")
                            .referenceTimeMillis(due)
                            .counterparty(cp)
                            .build());
            if (r.nextDouble() >= sigmoid(-4.2 - 1.0 * q + 3.5 * stress)) {
                double lateP = sigmoid(-1.9 - 1.2 * q + 2.5 * stress);
                double lateDays =
                        r.nextDouble() < lateP ? 2 + expo(r, 6 + 25 * stress) : -expo(r, 3);
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(
                                        CreditEventType.PAYMENT_MADE, due + (long) (lateDays * DAY))
                                .amount(amount, "USD")
                                .referenceTimeMillis(due)
                                .counterparty(cp)
                                .onChain(onChain)
                                .build());
            }
            // shipping what it sold
            emit(
                    sink,
                    t0,
                    CreditEvent.builder(CreditEventType.SHIPMENT_BOOKED, t + DAY)
                            .counterparty(cp)
                            .onChain(onChain)
                            .build());
            long promisedDepart = t + 3 * DAY;
            double departLate =
                    r.nextDouble() < sigmoid(-1.8 - 0.8 * q + 1.5 * stress)
                            ? 1.5 + expo(r, 3)
                            : -expo(r, 1);
            emit(
                    sink,
                    t0,
                    CreditEvent.builder(
                                    CreditEventType.SHIPMENT_DEPARTED,
                                    promisedDepart + (long) (departLate * DAY))
                            .referenceTimeMillis(promisedDepart)
                            .onChain(onChain)
                            .build());
            if (r.nextDouble() < 0.7) {
                long declared = promisedDepart + 5 * DAY;
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.CUSTOMS_DECLARED, declared)
                                .onChain(onChain)
                                .build());
                if (r.nextDouble() < sigmoid(-3.0 - 0.7 * q)) {
                    emit(
                            sink,
                            t0,
                            CreditEvent.builder(CreditEventType.CUSTOMS_HELD, declared + DAY)
                                    .detail(r.nextBoolean() ? "VALUE_MISMATCH" : "DOCUMENTS")
                                    .build());
                } else if (r.nextDouble() < sigmoid(-4.5 - 0.7 * q)) {
                    emit(
                            sink,
                            t0,
                            CreditEvent.builder(CreditEventType.CUSTOMS_REJECTED, declared + DAY)
                                    .detail(r.nextBoolean() ? "VALUE_MISMATCH" : "RESTRICTED_GOODS")
                                    .build());
                }
            }
            long promisedDelivery = t + 20 * DAY;
            if (r.nextDouble() < sigmoid(-5.0 - 0.8 * q + 1.5 * stress)) {
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.SHIPMENT_LOST, t + 15 * DAY)
                                .onChain(onChain)
                                .build());
                if (onChain) {
                    emit(
                            sink,
                            t0,
                            CreditEvent.builder(CreditEventType.ESCROW_REFUNDED, t + 25 * DAY)
                                    .onChain(true)
                                    .build());
                }
            } else {
                double delay =
                        r.nextDouble() < sigmoid(-1.6 - 0.8 * q + 1.5 * stress)
                                ? 1.5 + expo(r, 5 + 10 * stress)
                                : -expo(r, 2);
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(
                                        CreditEventType.SHIPMENT_DELIVERED,
                                        promisedDelivery + (long) (delay * DAY))
                                .referenceTimeMillis(promisedDelivery)
                                .onChain(onChain)
                                .build());
                if (onChain) {
                    emit(
                            sink,
                            t0,
                            CreditEvent.builder(
                                            CreditEventType.ESCROW_RELEASED,
                                            promisedDelivery + (long) ((delay + 2) * DAY))
                                    .onChain(true)
                                    .build());
                }
            }
            if (r.nextDouble() < sigmoid(-3.4 - 0.9 * q + 1.0 * stress)) {
                long opened = t + 22 * DAY;
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.DISPUTE_OPENED, opened)
                                .counterparty(cp)
                                .detail("NOT_AS_DESCRIBED")
                                .build());
                long resolved = opened + (long) ((2 + expo(r, 6 - 2 * StrictMath.tanh(q))) * DAY);
                double u = r.nextDouble();
                double lose = sigmoid(-0.6 - 1.0 * q);
                String outcome =
                        u < lose ? "CLAIMANT_WON" : u < lose + 0.1 ? "SPLIT" : "RESPONDENT_WON";
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.DISPUTE_RESOLVED, resolved)
                                .referenceTimeMillis(opened)
                                .counterparty(cp)
                                .detail(outcome)
                                .build());
            }
            if (r.nextDouble() < 0.3) {
                int rating =
                        (int) Math.max(1, Math.min(5, Math.round(4 + 0.6 * q + 0.8 * gaussian(r))));
                emit(
                        sink,
                        t0,
                        CreditEvent.builder(CreditEventType.REVIEW, t + 25 * DAY)
                                .rating(rating)
                                .counterparty(cp)
                                .build());
            }
        }
        extractor.updateNetwork(
                state,
                new NetworkPosition(
                        counterparties,
                        sigmoid(-1.5 + 0.3 * q + 0.8 * gaussian(r)),
                        sigmoid(0.4 * q + 0.8 * gaussian(r)),
                        sigmoid(-2.2 - 0.5 * q + 0.8 * gaussian(r)),
                        t0));
        return label;
    }

    private static void emit(Consumer<CreditEvent> sink, long observation, CreditEvent e) {
        if (e.eventTimeMillis() <= observation) {
            sink.accept(e);
        }
    }

    private static double sigmoid(double z) {
        return 1 / (1 + StrictMath.exp(-z));
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    private static double expo(SplittableRandom r, double mean) {
        return -mean * StrictMath.log(1.0 - r.nextDouble());
    }

    private static int poisson(SplittableRandom r, double mean) {
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * gaussian(r)));
        }
        double l = StrictMath.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
