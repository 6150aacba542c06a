package io.crosstrust.bench.model;

import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.scoring.CreditScore;
import io.crosstrust.models.scoring.ScoreBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The credit model's per-event cost on one thread (= one core): apply a canonical event to the
 * entity's feature state and score it, as the streaming scoring job does for every event, against
 * the goal of 1,000,000 events/s per core; and the time to verify and compile a model artifact (hot
 * swap), against the goal of 50 ms.
 *
 * <p>Events are pre-built (the job's Avro-to-CreditEvent mapping is not measured): 1,024 entities,
 * a realistic mix of orders, payments (some late), shipments, customs, disputes and reviews, event
 * times advancing with some late arrivals. Run:
 *
 * <pre>
 * java -cp "bench/target/crosstrust-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.openjdk.jmh.Main CreditModelBenchmark
 * </pre>
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class CreditModelBenchmark {
    private static final int ENTITIES = 1024;
    private static final int EVENTS = 1 << 16;
    private static final long DAY = 86_400_000L;

    private CreditModel model;
    private CreditFeatureState[] states;
    private CreditEvent[] events;
    private int[] entityOf;
    private ScoreBuffer buffer;
    private int next;
    private byte[] artifactJson;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        model = CreditModel.builtIn();
        buffer = model.newBuffer();
        states = new CreditFeatureState[ENTITIES];
        for (int i = 0; i < ENTITIES; i++) {
            states[i] = model.newState();
        }
        events = new CreditEvent[EVENTS];
        entityOf = new int[EVENTS];
        SplittableRandom r = new SplittableRandom(7);
        long t = 1_767_225_600_000L; // 2026-01-01
        CreditEventType[] mix = {
            CreditEventType.ORDER_PLACED,
            CreditEventType.PAYMENT_DUE,
            CreditEventType.PAYMENT_MADE,
            CreditEventType.SHIPMENT_BOOKED,
            CreditEventType.SHIPMENT_DEPARTED,
            CreditEventType.SHIPMENT_DELIVERED,
            CreditEventType.CUSTOMS_DECLARED,
            CreditEventType.ESCROW_FUNDED,
            CreditEventType.ESCROW_RELEASED,
            CreditEventType.REVIEW,
            CreditEventType.DISPUTE_OPENED,
            CreditEventType.DISPUTE_RESOLVED,
            CreditEventType.CUSTOMS_HELD
        };
        for (int i = 0; i < EVENTS; i++) {
            t += r.nextInt(60_000);
            long at = r.nextInt(20) == 0 ? t - r.nextInt(3) * DAY : t; // some arrive late
            CreditEventType type = mix[r.nextInt(mix.length)];
            CreditEvent.Builder b = CreditEvent.builder(type, at).onChain(r.nextBoolean());
            switch (type) {
                case ORDER_PLACED, PAYMENT_DUE ->
                        b.amount(BigDecimal.valueOf(100 + r.nextInt(100_000), 2), "USD")
                                .counterparty("cp-" + r.nextInt(40))
                                .referenceTimeMillis(
                                        type == CreditEventType.PAYMENT_DUE
                                                ? at + 30 * DAY
                                                : CreditEvent.NO_TIME);
                case PAYMENT_MADE ->
                        b.amount(BigDecimal.valueOf(100 + r.nextInt(100_000), 2), "USD")
                                .referenceTimeMillis(at - r.nextInt(10) * DAY + 5 * DAY);
                case SHIPMENT_DEPARTED, SHIPMENT_DELIVERED ->
                        b.referenceTimeMillis(at + (r.nextInt(7) - 3) * DAY);
                case DISPUTE_RESOLVED ->
                        b.referenceTimeMillis(at - r.nextInt(20) * DAY)
                                .detail(r.nextBoolean() ? "CLAIMANT_WON" : "RESPONDENT_WON");
                case REVIEW -> b.rating(1 + r.nextInt(5));
                case CUSTOMS_HELD -> b.detail("VALUE_MISMATCH");
                default -> {}
            }
            events[i] = b.build();
            entityOf[i] = r.nextInt(ENTITIES);
        }
        try (InputStream in = CreditModel.class.getResourceAsStream(CreditModel.DEFAULT_RESOURCE)) {
            artifactJson = in.readAllBytes();
        }
    }

    /** One event: update the entity's state and score it into the reusable buffer. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double updateAndScore() {
        int i = next++ & (EVENTS - 1);
        CreditEvent e = events[i];
        CreditFeatureState s = states[entityOf[i]];
        model.update(s, e);
        return model.score(s, e.eventTimeMillis(), buffer).composite();
    }

    /** The state update alone. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long updateOnly() {
        int i = next++ & (EVENTS - 1);
        CreditFeatureState s = states[entityOf[i]];
        model.update(s, events[i]);
        return s.eventCount();
    }

    /** Update, score and build the immutable CreditScore (what an emitted score costs). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public CreditScore updateScoreAndMaterialise() {
        int i = next++ & (EVENTS - 1);
        CreditEvent e = events[i];
        CreditFeatureState s = states[entityOf[i]];
        model.update(s, e);
        return model.toCreditScore(model.score(s, e.eventTimeMillis(), buffer));
    }

    /** Parse, hash-verify, validate and compile the built-in artifact (a hot swap), warm. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CreditModel loadArtifact() throws Exception {
        return CreditModel.fromJson(artifactJson);
    }

    /** The same in a fresh JVM, first call: class loading and JIT warm-up included. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(
            value = 5,
            jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public CreditModel loadArtifactCold() throws Exception {
        return CreditModel.fromJson(artifactJson);
    }
}
