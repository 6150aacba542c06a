package io.crosstrust.jobs.generator;

import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.RawRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The synthetic trade world as a Flink source, with no Kafka in between: the same {@link
 * RawRecord}s (wire-format bytes) the Kafka source emits, so the same job graph runs on it.
 *
 * <p>Built on Flink's {@link DataGeneratorSource}: the source checkpoints the sequence number, and
 * after a restore the world (deterministic by seed) is regenerated and fast-forwarded to it. Run it
 * with parallelism 1: the world is one sequence in event-time order, and each further subtask would
 * have to regenerate everything before its share.
 */
public final class TradeWorldSource {
    /** The topic name the records claim, so dead letters say where they came from. */
    public static final String TOPIC = "generator";

    private TradeWorldSource() {}

    /**
     * @param eventsPerSecond 0 for as fast as possible
     */
    public static DataGeneratorSource<RawRecord> of(
            TradeWorldConfig config, double eventsPerSecond) {
        long count = config.unbounded() ? Long.MAX_VALUE : config.maxEvents();
        RateLimiterStrategy rate =
                eventsPerSecond > 0
                        ? RateLimiterStrategy.perSecond(eventsPerSecond)
                        : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(
                new WorldFunction(config), count, rate, TypeInformation.of(RawRecord.class));
    }

    /** Maps the n-th sequence number to the n-th event of the world. */
    static final class WorldFunction implements GeneratorFunction<Long, RawRecord> {
        private final TradeWorldConfig config;
        private transient TradeWorld world;

        WorldFunction(TradeWorldConfig config) {
            this.config = config;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            world = new TradeWorld(config);
        }

        @Override
        public RawRecord map(Long index) {
            if (world.emitted() > index) {
                world = new TradeWorld(config); // a restore went back: start over
            }
            if (world.emitted() < index) {
                world.skip(index - world.emitted()); // a restore or a split went forward
            }
            GeneratedEvent event = world.next();
            return new RawRecord(
                    TOPIC,
                    0,
                    event.sequence(),
                    event.eventTime().toEpochMilli(),
                    event.partitionKey().getBytes(StandardCharsets.UTF_8),
                    EventCodec.standard().encode(event.record()));
        }
    }
}
