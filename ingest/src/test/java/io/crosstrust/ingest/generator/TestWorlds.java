package io.crosstrust.ingest.generator;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Worlds shared by the generator tests (generated once per JVM; a few hundred ms each). */
final class TestWorlds {
    /** ~300 entities over 60 days: about 25k events. */
    static final TradeWorldConfig SMALL =
            TradeWorldConfig.builder().seed(7).entities(300).days(60).build();

    /** ~800 entities over 150 days: about 300k events, enough for every profile's signals. */
    static final TradeWorldConfig MEDIUM =
            TradeWorldConfig.builder().seed(11).entities(800).days(150).build();

    /** A drained world: its events and its final ground truth. */
    record Generated(TradeWorldConfig config, List<GeneratedEvent> events, GroundTruth truth) {
        <T extends SpecificRecord> List<T> ofType(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (GeneratedEvent e : events) {
                if (type.isInstance(e.record())) {
                    out.add(type.cast(e.record()));
                }
            }
            return out;
        }
    }

    private static Generated small;
    private static Generated medium;

    private TestWorlds() {}

    static synchronized Generated small() {
        if (small == null) {
            small = generate(SMALL);
        }
        return small;
    }

    static synchronized Generated medium() {
        if (medium == null) {
            medium = generate(MEDIUM);
        }
        return medium;
    }

    static Generated generate(TradeWorldConfig config) {
        TradeWorld world = new TradeWorld(config);
        List<GeneratedEvent> events = new ArrayList<>();
        world.forEachRemaining(events::add);
        return new Generated(config, events, world.groundTruth());
    }
}
