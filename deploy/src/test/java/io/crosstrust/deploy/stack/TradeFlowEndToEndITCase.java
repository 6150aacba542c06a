package io.crosstrust.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.testing.FailOnceAfterCheckpoint;
import io.crosstrust.jobs.testing.KafkaTopics;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the first flow, on the embedded stack as {@code ./crosstrust run} starts
 * it: 10,000 generated events and ~120 damaged records through the real Kafka broker, the Flink job
 * (with a task failure injected after a checkpoint) and the real ClickHouse server. Every valid
 * event must be counted exactly once in ClickHouse (FINAL) and in trade.events (read_committed);
 * every damaged record must be in dead.letters, and in ClickHouse's dead_letters, with its reason.
 */
class TradeFlowEndToEndITCase {
    private static final int EVENTS = 10_000;
    private static final double MALFORMED_SHARE = 0.012;

    @Test
    void everyValidEventOnceEveryMalformedOneDeadLettered(@TempDir Path dir) throws Exception {
        TradeWorldConfig world =
                TradeWorldConfig.builder().seed(7).entities(600).maxEvents(EVENTS).build();
        Set<String> expected =
                new TradeWorld(world)
                        .stream().map(GeneratedEvent::eventId).collect(Collectors.toSet());
        assertThat(expected).hasSize(EVENTS);
        FailOnceAfterCheckpoint.reset();

        StackSettings embedded = StackSettings.resolve(Map.of(), Map.of(), null);
        try (LocalStack stack = LocalStack.start(embedded, dir, line -> {});
                EmbeddedFlow flow =
                        EmbeddedFlow.start(
                                stack,
                                2,
                                Duration.ofMillis(500),
                                raw ->
                                        raw.map(
                                                new FailOnceAfterCheckpoint<>(EVENTS / 3),
                                                TypeInformation.of(RawRecord.class)));
                DemoFeed feed =
                        new DemoFeed(
                                        stack.bootstrapServers(),
                                        Topics.PLATFORM_EVENTS,
                                        new TradeWorld(world),
                                        0,
                                        MALFORMED_SHARE,
                                        7)
                                .start()) {
            assertThat(feed.awaitCompletion(Duration.ofSeconds(120)))
                    .as("the bounded world was sent")
                    .isTrue();
            assertThat(feed.failed()).isZero();
            assertThat(feed.validSent()).isEqualTo(EVENTS);
            long malformed = feed.malformedSent();
            assertThat(malformed).isGreaterThanOrEqualTo(100);

            List<TradeEvent> events =
                    KafkaTopics.readCommitted(
                                    stack.bootstrapServers(),
                                    Topics.TRADE_EVENTS,
                                    v -> v.size() >= EVENTS,
                                    Duration.ofSeconds(180),
                                    Duration.ofSeconds(3))
                            .stream()
                            .map(v -> decode(v, TradeEvent.class))
                            .toList();
            List<DeadLetter> letters =
                    KafkaTopics.readCommitted(
                                    stack.bootstrapServers(),
                                    Topics.DEAD_LETTERS,
                                    v -> v.size() >= malformed,
                                    Duration.ofSeconds(60),
                                    Duration.ofSeconds(1))
                            .stream()
                            .map(v -> decode(v, DeadLetter.class))
                            .toList();

            assertThat(FailOnceAfterCheckpoint.FAILED).as("a task failure was injected").isTrue();
            // Kafka: each valid event exactly once
            Map<String, Long> perId =
                    events.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            TradeEvent::getEventId, Collectors.counting()));
            assertThat(perId.keySet()).isEqualTo(expected);
            assertThat(events).hasSize(EVENTS);
            // Kafka: each damaged record once, with a reason and its raw bytes
            assertThat(letters).hasSize((int) malformed);
            assertThat(letters).extracting(DeadLetter::getEventId).doesNotHaveDuplicates();
            assertThat(letters)
                    .allSatisfy(
                            l -> {
                                assertThat(l.getReason()).isNotBlank();
                                assertThat(l.getValue()).isNotNull();
                            });

            // ClickHouse: the same, once the last checkpoint flushed
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && stack.countFinal("trade_events") < EVENTS) {
                Thread.sleep(250);
            }
            assertThat(stack.countFinal("trade_events")).isEqualTo(EVENTS);
            Set<String> stored =
                    new HashSet<>(
                            new ClickHouseQuery(stack.clickhouse())
                                    .select("SELECT event_id FROM trade_events FINAL")
                                    .column("event_id"));
            assertThat(stored).isEqualTo(expected);
            assertThat(stack.countFinal("dead_letters")).isEqualTo(malformed);
            assertThat(flow.status().isGloballyTerminalState())
                    .as("the job is still running")
                    .isFalse();
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(
            byte[] value, Class<T> type) {
        try {
            return EventCodec.standard().decode(value, type);
        } catch (Exception e) {
            throw new AssertionError("not a " + type.getSimpleName(), e);
        }
    }
}
