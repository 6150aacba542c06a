package io.crosstrust.ingest.generator;

import io.crosstrust.ingest.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes generated events to one Kafka topic: key = the event's partition key (UTF-8), value =
 * {@link EventCodec#encode} (Avro single-object encoding).
 *
 * <p>Delivery: the producer is idempotent with {@code acks=all}, so a record the broker
 * acknowledged is written exactly once per publisher even when the client retries; {@link #sent()}
 * counts acknowledged records, {@link #failed()} records whose delivery failed after retries
 * (bounded by {@code delivery.timeout.ms}). A new publisher on the same world publishes the events
 * again: consumers deduplicate by event id. lz4 compression, a few ms of linger.
 *
 * <p>Fails fast: a bootstrap address that does not resolve fails in {@link Builder#build()}; a
 * broker that does not answer, or a topic that does not exist, fails the first send after {@code
 * max.block.ms} (10 s by default) with a {@link PublishException} that says so, instead of hanging.
 * After the first acknowledged record, failures are counted and publishing goes on.
 *
 * <p>{@link #publish} paces to a target rate (token bucket; 0 = as fast as possible) and stops at
 * the end of the events, a count, a deadline, {@link #stop()} or an interrupt. {@link #close()}
 * flushes. Counters are thread-safe; publish from one thread at a time.
 */
public final class KafkaEventPublisher implements AutoCloseable {
    /** Why {@link #publish} returned. */
    public enum StopReason {
        /** The events ran out. */
        EXHAUSTED,
        /** maxEvents were sent. */
        MAX_EVENTS,
        /** The duration elapsed. */
        DEADLINE,
        /** {@link #stop()} was called. */
        STOPPED,
        /** The publishing thread was interrupted (the interrupt flag stays set). */
        INTERRUPTED
    }

    /**
     * What one {@link #publish} call did (counters are after its final flush).
     *
     * @param attempted records handed to the producer by this call
     * @param sent records acknowledged so far by this publisher
     * @param failed records that failed so far
     * @param reason why it stopped
     * @param elapsed wall time of the call
     */
    public record PublishResult(
            long attempted, long sent, long failed, StopReason reason, Duration elapsed) {}

    /** Publishing could not start or broke down (e.g. no broker answered). */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String bootstrap;
    private final double ratePerSecond;
    private final long maxEvents;
    private final Duration duration;
    private final Duration maxBlock;
    private final Duration closeTimeout;
    private final EventCodec codec;
    private final RatePacer.Clock clock;

    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile boolean stopRequested;
    private final Callback callback;

    private KafkaEventPublisher(Builder b, Producer<byte[], byte[]> producer) {
        this.producer = producer;
        this.topic = b.topic;
        this.bootstrap = b.bootstrapServers;
        this.ratePerSecond = b.ratePerSecond;
        this.maxEvents = b.maxEvents;
        this.duration = b.duration;
        this.maxBlock = b.maxBlock;
        this.closeTimeout = b.closeTimeout;
        this.codec = b.codec;
        this.clock = b.clock;
        this.callback =
                (metadata, exception) -> {
                    if (exception == null) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, exception);
                    }
                };
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes events until they run out, {@code maxEvents} have been handed over, the duration
     * has elapsed, {@link #stop()} is called or the thread is interrupted; then flushes.
     *
     * @throws PublishException if the very first records fail (no broker, no topic, no rights)
     */
    public PublishResult publish(Iterator<GeneratedEvent> events) {
        Objects.requireNonNull(events, "events");
        stopRequested = false;
        long begin = clock.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : begin + duration.toNanos();
        RatePacer pacer =
                ratePerSecond > 0
                        ? new RatePacer(ratePerSecond, Math.max(1, ratePerSecond / 100), clock)
                        : null;
        long mine = 0;
        StopReason reason;
        while (true) {
            if (stopRequested) {
                reason = StopReason.STOPPED;
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                reason = StopReason.INTERRUPTED;
                break;
            }
            if (maxEvents > 0 && mine >= maxEvents) {
                reason = StopReason.MAX_EVENTS;
                break;
            }
            if (deadline != Long.MAX_VALUE && clock.nanoTime() - deadline >= 0) {
                reason = StopReason.DEADLINE;
                break;
            }
            if (!events.hasNext()) {
                reason = StopReason.EXHAUSTED;
                break;
            }
            if (pacer != null) {
                try {
                    pacer.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reason = StopReason.INTERRUPTED;
                    break;
                }
            }
            send(events.next());
            mine++;
            failFastIfNothingGotThrough();
        }
        flushQuietly();
        failFastIfNothingGotThrough();
        return new PublishResult(
                mine, sent.get(), failed.get(), reason, Duration.ofNanos(clock.nanoTime() - begin));
    }

    /** Sends one event (asynchronously; counted in {@link #sent()} once acknowledged). */
    public void send(GeneratedEvent event) {
        byte[] key = event.partitionKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(event.record());
        attempted.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value), callback);
        } catch (KafkaException | IllegalStateException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
        }
    }

    private void failFastIfNothingGotThrough() {
        Exception failure = firstFailure.get();
        if (failure != null && sent.get() == 0) {
            throw new PublishException(
                    "could not publish to topic '"
                            + topic
                            + "'"
                            + (bootstrap == null ? "" : " at " + bootstrap)
                            + ": "
                            + failure.getMessage()
                            + " (is the broker up and the topic created? max.block.ms="
                            + maxBlock.toMillis()
                            + ")",
                    failure);
        }
    }

    /** Asks a running {@link #publish} to return (from any thread). */
    public void stop() {
        stopRequested = true;
    }

    /** Records handed to the producer. */
    public long attempted() {
        return attempted.get();
    }

    /** Records the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Records whose delivery failed. */
    public long failed() {
        return failed.get();
    }

    /** The first delivery failure, if any. */
    public Optional<Exception> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** Waits until every record handed over is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    private void flushQuietly() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            firstFailure.compareAndSet(null, e);
        }
    }

    /** Flushes and closes the producer (bounded by the close timeout). */
    @Override
    public void close() {
        try {
            flushQuietly();
        } finally {
            producer.close(closeTimeout);
        }
    }

    /** Builds a publisher; {@link #build()} checks the settings and creates the producer. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private double ratePerSecond;
        private long maxEvents;
        private Duration duration;
        private Duration maxBlock = Duration.ofSeconds(10);
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private String clientId = "crosstrust-generator";
        private final Map<String, Object> extra = new TreeMap<>();
        private EventCodec codec = EventCodec.standard();
        private Producer<byte[], byte[]> producer;
        private RatePacer.Clock clock = RatePacer.Clock.SYSTEM;

        private Builder() {}

        /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The topic to publish to (it must exist unless the broker auto-creates topics). */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Target events per second; 0 = as fast as possible. */
        public Builder ratePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /** Stop after this many events per {@link #publish} call; 0 = no limit. */
        public Builder maxEvents(long maxEvents) {
            this.maxEvents = maxEvents;
            return this;
        }

        /** Stop after this long per {@link #publish} call; null = no limit. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** How long a send may block waiting for metadata or buffer space (fail-fast bound). */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** Upper bound on the time to deliver one record, retries included. */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /** How long {@link #close()} may wait for outstanding records. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Any other producer property (overrides the defaults, e.g. security settings). */
        public Builder property(String key, Object value) {
            extra.put(key, value);
            return this;
        }

        /** The codec (default {@link EventCodec#standard()}). */
        public Builder codec(EventCodec codec) {
            this.codec = codec;
            return this;
        }

        /** Use this producer instead of creating one (tests, shared producers). */
        public Builder producer(Producer<byte[], byte[]> producer) {
            this.producer = producer;
            return this;
        }

        Builder clock(RatePacer.Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The producer properties {@link #build()} uses. */
        public Properties producerProperties() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName());
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(maxBlock.toMillis()));
            long delivery = deliveryTimeout.toMillis();
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(delivery));
            p.put(
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    String.valueOf(Math.max(1000, Math.min(30_000, delivery - 10))));
            p.putAll(extra);
            return p;
        }

        /** Checks the settings and creates the producer (fails fast on a bad bootstrap). */
        public KafkaEventPublisher build() {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must be set");
            }
            if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException(
                        "ratePerSecond must be >= 0 (0 = as fast as possible), got "
                                + ratePerSecond);
            }
            if (maxEvents < 0) {
                throw new IllegalArgumentException("maxEvents must be >= 0, got " + maxEvents);
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be > 0, got " + duration);
            }
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(maxBlock, "maxBlock");
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (producer != null) {
                return new KafkaEventPublisher(this, producer);
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be set (host:port[,host:port])");
            }
            if (maxBlock.isNegative() || maxBlock.isZero()) {
                throw new IllegalArgumentException("maxBlock must be > 0, got " + maxBlock);
            }
            KafkaProducer<byte[], byte[]> created;
            try {
                created = new KafkaProducer<>(producerProperties());
            } catch (KafkaException e) {
                String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                throw new IllegalArgumentException(
                        "cannot create a Kafka producer for bootstrap.servers="
                                + bootstrapServers
                                + ": "
                                + (why == null ? e.getMessage() : why),
                        e);
            }
            return new KafkaEventPublisher(this, created);
        }
    }
}
