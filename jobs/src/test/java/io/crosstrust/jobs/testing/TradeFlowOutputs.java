package io.crosstrust.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the trade flow committed to trade.events and dead.letters (read_committed), and the
 * exactly-once check the failure ITCases share: every valid order once, every damaged record once
 * in dead.letters with its reason, the raw value and its source topic.
 *
 * @param events trade.events, decoded
 * @param letters dead.letters, decoded
 */
public record TradeFlowOutputs(List<TradeEvent> events, List<DeadLetter> letters) {

    /**
     * Reads until trade.events holds {@code valid} records (then 3 s more, to see duplicates) and
     * dead.letters {@code malformed}, or the timeout passes.
     */
    public static TradeFlowOutputs readCommitted(
            String bootstrap, int valid, int malformed, Duration timeout) {
        List<TradeEvent> events =
                KafkaTopics.decodeAll(
                        KafkaTopics.readCommitted(
                                bootstrap,
                                Topics.TRADE_EVENTS,
                                v -> v.size() >= valid,
                                timeout,
                                Duration.ofSeconds(3)),
                        TradeEvent.class);
        List<DeadLetter> letters =
                KafkaTopics.decodeAll(
                        KafkaTopics.readCommitted(
                                bootstrap,
                                Topics.DEAD_LETTERS,
                                v -> v.size() >= malformed,
                                Duration.ofSeconds(60),
                                Duration.ofSeconds(1)),
                        DeadLetter.class);
        return new TradeFlowOutputs(events, letters);
    }

    /** Every valid id exactly once on trade.events; {@code malformed} distinct dead letters. */
    public void assertExactlyOnce(Set<String> validIds, int malformed) {
        Map<String, Long> perId =
                events.stream()
                        .collect(
                                Collectors.groupingBy(
                                        TradeEvent::getEventId, Collectors.counting()));
        assertThat(perId.keySet()).isEqualTo(validIds);
        assertThat(perId.values()).allMatch(n -> n == 1L);
        assertThat(events).hasSize(validIds.size());

        assertThat(letters).hasSize(malformed);
        assertThat(letters).extracting(DeadLetter::getEventId).doesNotHaveDuplicates();
        assertThat(letters)
                .allSatisfy(
                        l -> {
                            assertThat(l.getReason()).isNotBlank();
                            assertThat(l.getValue()).isNotNull();
                            assertThat(l.getSourceTopic()).isEqualTo(Topics.PLATFORM_EVENTS);
                        });
    }
}
