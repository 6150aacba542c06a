package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.faults.MalformedRecords;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.RatePacer;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Feeds platform.events from the synthetic trade world at a target rate, as a platform would, and
 * slips in a share of damaged records so the dead-letter path is exercised. A background thread;
 * stop() ends it and flushes everything sent. (The generator's own {@code KafkaEventPublisher}
 * publishes a world without the damage; this feed exists for the interleaving.)
 *
 * <p>A {@link Tap} sees every event of the world, in order, just before it is sent: the local stack
 * hands the world to the escrow executor that way, so the chain trades the same world. A tap may
 * block (back-pressure): the feed then slows down with it.
 */
public final class DemoFeed implements AutoCloseable {
    private final TradeWorld world;
    private final MalformedRecords faults;
    private final double malformedShare;
    private final int rate;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong valid = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private final Thread thread;
    private final Tap tap;
    private volatile boolean running = true;

    /** Sees each event before it is sent, on the feed's thread. */
    @FunctionalInterface
    public interface Tap {
        void accept(GeneratedEvent event) throws InterruptedException;
    }

    /**
     * @param rate events per second (0 = as fast as the broker takes them)
     * @param malformedShare share of extra damaged records, in [0, 1)
     */
    public DemoFeed(
            String bootstrapServers,
            String topic,
            TradeWorld world,
            int rate,
            double malformedShare,
            long seed) {
        this(bootstrapServers, topic, world, rate, malformedShare, seed, e -> {});
    }

    /**
     * @param tap sees every event before it is sent
     */
    public DemoFeed(
            String bootstrapServers,
            String topic,
            TradeWorld world,
            int rate,
            double malformedShare,
            long seed,
            Tap tap) {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be >= 0, got " + rate);
        }
        if (!(malformedShare >= 0 && malformedShare < 1)) {
            throw new IllegalArgumentException(
                    "--malformed-share must be in [0, 1), got " + malformedShare);
        }
        this.world = world;
        this.tap = java.util.Objects.requireNonNull(tap, "tap");
        this.topic = topic;
        this.rate = rate;
        this.malformedShare = malformedShare;
        this.faults = new MalformedRecords(seed);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::loop, "demo-feed");
        this.thread.setDaemon(true);
    }

    public DemoFeed start() {
        thread.start();
        return this;
    }

    private void loop() {
        EventCodec codec = EventCodec.standard();
        RatePacer pacer = rate > 0 ? RatePacer.perSecond(rate) : null;
        double malformedDebt = 0;
        try {
            while (running && world.hasNext()) {
                if (pacer != null) {
                    pacer.acquire();
                }
                GeneratedEvent event = world.next();
                tap.accept(event);
                byte[] key = event.partitionKey().getBytes(StandardCharsets.UTF_8);
                send(key, codec.encode(event.record()), valid);
                malformedDebt += malformedShare;
                if (malformedDebt >= 1) {
                    malformedDebt -= 1;
                    send(key, faults.damage(event.record()), malformed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    private void send(byte[] key, byte[] value, AtomicLong counter) {
        producer.send(
                new ProducerRecord<>(topic, key, value),
                (metadata, error) -> {
                    if (error == null) {
                        counter.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        lastError.set(error);
                    }
                });
    }

    /** Valid events acknowledged by the broker. */
    public long validSent() {
        return valid.get();
    }

    /** Damaged records acknowledged by the broker. */
    public long malformedSent() {
        return malformed.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception lastError() {
        return lastError.get();
    }

    /**
     * Waits until a bounded world has been sent in full and acknowledged.
     *
     * @return false if it did not finish within the timeout
     */
    public boolean awaitCompletion(java.time.Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** Stops generating, and waits until everything sent is acknowledged. */
    public void stop() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
