package io.crosstrust.bench;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.RatePacer;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.ingest.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fresh trade events for the latency measurement: the same generated world as the backlog,
 * continued past its last day (a world's first {@code days} are the same whatever its length), so
 * event time goes on from where the backlog ended and the job's per-entity state stays meaningful.
 * Events are normalised and keyed by subject as {@code WarningsEvaluation.publish} writes them,
 * then sent to trade.events at a paced rate ({@link RatePacer}); the broker's append time of each
 * (trade.events keeps LogAppendTime) is recorded by event id. Single-threaded, except that the
 * producer's callbacks record the append times.
 */
final class PacedTradeFeed implements AutoCloseable {
    /** What one paced window published. */
    record Window(long sent, double seconds, Map<String, WarningLatency.Published> published) {
        double ratePerSecond() {
            return sent / seconds;
        }
    }

    private final TradeWorld world;
    private final PlatformEventNormaliser normaliser = new PlatformEventNormaliser();
    private final EventCodec codec = EventCodec.standard();
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final long skipped;
    private GeneratedEvent first; // the world's next event, already drawn

    private PacedTradeFeed(String bootstrap, TradeWorld world, GeneratedEvent first, long skipped) {
        this.world = world;
        this.first = first;
        this.skipped = skipped;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A feed that continues {@code backlog} (a world bounded by days) after its last day: builds
     * the same world without the bound and skips the events the backlog holds.
     */
    static PacedTradeFeed after(String bootstrap, TradeWorldConfig backlog) {
        if (backlog.days() <= 0 || backlog.maxEvents() > 0) {
            throw new IllegalArgumentException("the backlog must be bounded by days only");
        }
        Instant end = backlog.start().plus(Duration.ofDays(backlog.days()));
        TradeWorld world = new TradeWorld(backlog.toBuilder().days(0).build());
        long skipped = 0;
        // the bounded world stops at its first step at or after the end; events come in
        // non-decreasing event time, so the backlog is exactly the events before the end
        while (world.hasNext()) {
            GeneratedEvent g = world.next();
            if (!g.eventTime().isBefore(end)) {
                return new PacedTradeFeed(bootstrap, world, g, skipped);
            }
            skipped++;
        }
        throw new IllegalStateException("the unbounded world ended");
    }

    /** Events of the world skipped because the backlog holds them. */
    long skipped() {
        return skipped;
    }

    /**
     * Publishes at {@code ratePerSecond} for {@code duration}, recording append times when {@code
     * record}; returns after the last send is acknowledged.
     */
    Window publish(double ratePerSecond, Duration duration, boolean record)
            throws InterruptedException {
        Map<String, WarningLatency.Published> published = new ConcurrentHashMap<>();
        RatePacer pacer = RatePacer.perSecond(ratePerSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sent = 0;
        while (System.nanoTime() < end) {
            TradeEvent e = nextEvent();
            byte[] value = codec.encode(e);
            byte[] key = e.getSubjectId().getBytes(StandardCharsets.UTF_8);
            String id = e.getEventId();
            long eventTime = e.getEventTime().toEpochMilli();
            pacer.acquire();
            producer.send(
                    new ProducerRecord<>(Topics.TRADE_EVENTS, key, value),
                    (RecordMetadata m, Exception ex) -> {
                        if (ex != null) {
                            failure.compareAndSet(null, ex);
                        } else if (record) {
                            if (m.timestamp() == RecordBatch.NO_TIMESTAMP) {
                                failure.compareAndSet(
                                        null, new IllegalStateException("no append time"));
                            }
                            published.put(
                                    id,
                                    new WarningLatency.Published(
                                            m.partition(), m.timestamp(), eventTime));
                        }
                    });
            sent++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "publishing fresh events failed: " + failure.get().getMessage(), failure.get());
        }
        return new Window(sent, seconds, published);
    }

    private TradeEvent nextEvent() {
        while (true) {
            GeneratedEvent g;
            if (first != null) {
                g = first;
                first = null;
            } else {
                g = world.next(); // unbounded: never ends
            }
            try {
                return normaliser.normalise(g.record());
            } catch (InvalidEventException ex) {
                // the generator makes none; skipped as WarningsEvaluation.publish skips them
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
