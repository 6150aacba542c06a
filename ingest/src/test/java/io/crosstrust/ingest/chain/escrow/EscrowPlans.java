package io.crosstrust.ingest.chain.escrow;

import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A small escrow-heavy world and the calls {@link EscrowLifecycles} plans for it (shared). */
final class EscrowPlans {
    static final EscrowDeployment DEPLOYMENT =
            new EscrowDeployment(
                    "0x" + "e5".repeat(20),
                    "0x" + "70".repeat(20),
                    "0x" + "ad".repeat(20),
                    "0x" + "a5".repeat(20));

    static final TradeWorldConfig WORLD =
            TradeWorldConfig.builder()
                    .seed(5)
                    .entities(80)
                    .days(45)
                    .parse(
                            List.of(
                                    "escrowShare=0.5",
                                    "reliable.unshippedProbability=0.03",
                                    "reliable.qualityDisputeProbability=0.1"))
                    .build();

    /** The world's events with the calls planned at each. */
    record Step(GeneratedEvent event, long chainTime, List<EscrowCall> calls) {}

    private static List<GeneratedEvent> events;

    private EscrowPlans() {}

    static synchronized List<GeneratedEvent> events() {
        if (events == null) {
            List<GeneratedEvent> all = new ArrayList<>();
            new TradeWorld(WORLD).forEachRemaining(all::add);
            events = List.copyOf(all);
        }
        return events;
    }

    /** Plans the world with a chain whose newest block is a day before the world starts. */
    static List<Step> plan(EscrowLifecycles lifecycles) {
        List<Step> steps = new ArrayList<>();
        for (GeneratedEvent e : events()) {
            List<EscrowCall> calls = lifecycles.on(e);
            steps.add(
                    new Step(
                            e, e.eventTime().getEpochSecond() + lifecycles.offsetSeconds(), calls));
        }
        return steps;
    }

    static EscrowLifecycles lifecycles() {
        return new EscrowLifecycles(
                DEPLOYMENT, EscrowLifecycles.Settings.DEFAULT, chainStartBeforeWorld());
    }

    static long chainStartBeforeWorld() {
        return WORLD.start().getEpochSecond() - 86_400;
    }

    /** The i-th 32-byte argument word of an ABI-encoded call (0 = the first after the selector). */
    static BigInteger word(EscrowCall call, int i) {
        int from = 2 + 8 + 64 * i;
        return new BigInteger(call.data().substring(from, from + 64), 16);
    }

    static String addressWord(EscrowCall call, int i) {
        int from = 2 + 8 + 64 * i;
        return "0x" + call.data().substring(from + 24, from + 64);
    }
}
