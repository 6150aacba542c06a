package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.wire.EventCodec;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {
    private static final TradeWorldConfig WORLD = TestWorlds.SMALL;

    private static MockProducer<byte[], byte[]> mock(boolean autoComplete) {
        return new MockProducer<>(
                autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void publishesEveryEventKeyedByPartitionKeyAndEncodedWithTheWireCodec() throws Exception {
        MockProducer<byte[], byte[]> producer = mock(true);
        List<GeneratedEvent> events = new TradeWorld(WORLD).stream().limit(500).toList();
        KafkaEventPublisher.PublishResult result;
        try (KafkaEventPublisher publisher =
                KafkaEventPublisher.builder().topic("platform.events").producer(producer).build()) {
            result = publisher.publish(events.iterator());
            assertThat(publisher.sent()).isEqualTo(500);
            assertThat(publisher.failed()).isZero();
        }
        assertThat(result.reason()).isEqualTo(KafkaEventPublisher.StopReason.EXHAUSTED);
        assertThat(result.attempted()).isEqualTo(500);
        assertThat(result.sent()).isEqualTo(500);
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertThat(history).hasSize(500);
        for (int i = 0; i < 500; i++) {
            ProducerRecord<byte[], byte[]> r = history.get(i);
            GeneratedEvent e = events.get(i);
            assertThat(r.topic()).isEqualTo("platform.events");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.partitionKey());
            assertThat(EventCodec.standard().decode(r.value()).get(0)).isEqualTo(e.eventId());
        }
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void stopsAfterMaxEvents() {
        MockProducer<byte[], byte[]> producer = mock(true);
        KafkaEventPublisher publisher =
                KafkaEventPublisher.builder().topic("t").producer(producer).maxEvents(100).build();
        KafkaEventPublisher.PublishResult result = publisher.publish(new TradeWorld(WORLD));
        assertThat(result.reason()).isEqualTo(KafkaEventPublisher.StopReason.MAX_EVENTS);
        assertThat(producer.history()).hasSize(100);
    }

    @Test
    void pacesToTheTargetRateUntilTheDeadline() {
        RatePacerTest.FakeClock clock = new RatePacerTest.FakeClock();
        MockProducer<byte[], byte[]> producer = mock(true);
        KafkaEventPublisher publisher =
                KafkaEventPublisher.builder()
                        .topic("t")
                        .producer(producer)
                        .ratePerSecond(200)
                        .duration(Duration.ofSeconds(3))
                        .clock(clock)
                        .build();
        KafkaEventPublisher.PublishResult result = publisher.publish(new TradeWorld(WORLD));
        assertThat(result.reason()).isEqualTo(KafkaEventPublisher.StopReason.DEADLINE);
        assertThat(result.attempted()).isBetween(598L, 604L);
        assertThat(result.elapsed()).isBetween(Duration.ofMillis(2990), Duration.ofMillis(3010));
    }

    @Test
    void stopReturnsFromAnotherThread() throws Exception {
        MockProducer<byte[], byte[]> producer = mock(true);
        KafkaEventPublisher publisher =
                KafkaEventPublisher.builder().topic("t").producer(producer).build();
        Iterator<GeneratedEvent> endless = new TradeWorld(WORLD.toBuilder().days(0).build());
        AtomicReference<KafkaEventPublisher.PublishResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(publisher.publish(endless)));
        t.start();
        while (publisher.attempted() < 1000) {
            Thread.sleep(5);
        }
        publisher.stop();
        t.join(10_000);
        assertThat(result.get().reason()).isEqualTo(KafkaEventPublisher.StopReason.STOPPED);
    }

    @Test
    void interruptStopsPublishing() throws Exception {
        KafkaEventPublisher publisher =
                KafkaEventPublisher.builder()
                        .topic("t")
                        .producer(mock(true))
                        .ratePerSecond(50)
                        .build();
        AtomicReference<KafkaEventPublisher.PublishResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(publisher.publish(new TradeWorld(WORLD))));
        t.start();
        while (publisher.attempted() < 3) {
            Thread.sleep(5);
        }
        t.interrupt();
        t.join(10_000);
        assertThat(result.get().reason()).isEqualTo(KafkaEventPublisher.StopReason.INTERRUPTED);
    }

    @Test
    void countsFailuresOnceRecordsGetThrough() {
        MockProducer<byte[], byte[]> producer = mock(false);
        KafkaEventPublisher publisher =
                KafkaEventPublisher.builder().topic("t").producer(producer).build();
        Iterator<GeneratedEvent> events = new TradeWorld(WORLD);
        publisher.send(events.next());
        producer.completeNext();
        publisher.send(events.next());
        producer.errorNext(new RuntimeException("broker said no"));
        assertThat(publisher.sent()).isEqualTo(1);
        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.firstFailure())
                .get()
                .extracting(Throwable::getMessage)
                .isEqualTo("broker said no");
    }

    @Test
    void failsFastWhenNoBrokerAnswers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        try (KafkaEventPublisher publisher =
                KafkaEventPublisher.builder()
                        .bootstrapServers("127.0.0.1:" + port)
                        .topic("platform.events")
                        .maxBlock(Duration.ofMillis(500))
                        .closeTimeout(Duration.ofMillis(100))
                        .build()) {
            assertThatThrownBy(() -> publisher.publish(new TradeWorld(WORLD)))
                    .isInstanceOf(KafkaEventPublisher.PublishException.class)
                    .hasMessageContaining(
                            "could not publish to topic 'platform.events' at 127.0.0.1:" + port)
                    .hasMessageContaining("max.block.ms=500");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void rejectsABootstrapThatCannotWork() {
        assertThatThrownBy(
                        () ->
                                KafkaEventPublisher.builder()
                                        .bootstrapServers("not a host and port")
                                        .topic("t")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cannot create a Kafka producer for bootstrap.servers=not a host and port");
        assertThatThrownBy(() -> KafkaEventPublisher.builder().topic("t").build())
                .hasMessageStartingWith("bootstrapServers must be set");
        assertThatThrownBy(() -> KafkaEventPublisher.builder().bootstrapServers("x:1").build())
                .hasMessage("topic must be set");
        assertThatThrownBy(
                        () ->
                                KafkaEventPublisher.builder()
                                        .topic("t")
                                        .producer(mock(true))
                                        .ratePerSecond(-1)
                                        .build())
                .hasMessageStartingWith("ratePerSecond must be >= 0");
    }

    @Test
    void producerIsIdempotentWithAllAcksAndLz4() {
        var props =
                KafkaEventPublisher.builder()
                        .bootstrapServers("127.0.0.1:9092")
                        .topic("t")
                        .maxBlock(Duration.ofSeconds(2))
                        .producerProperties();
        assertThat(props)
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "5")
                .containsEntry("max.block.ms", "2000");
    }
}
