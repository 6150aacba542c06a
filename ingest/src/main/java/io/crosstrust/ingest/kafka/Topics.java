package io.crosstrust.ingest.kafka;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the pipeline (DESIGN.md, data flow), with the partition counts and configs
 * the local stack creates them with. Production topic configs live in deploy/ manifests.
 */
public final class Topics {
    /** Platform events (Avro single-object encoded; several record types). */
    public static final String PLATFORM_EVENTS = "platform.events";

    /** Chain events from the chain listener. */
    public static final String CHAIN_EVENTS = "chain.events";

    /** Canonical events: platform and chain events normalised to TradeEvent. */
    public static final String TRADE_EVENTS = "trade.events";

    /** Per-entity running aggregates (EntityActivity), compacted by entity. */
    public static final String ENTITY_ACTIVITY = "entity.activity";

    /** Records that failed to decode or validate, with the reason (DeadLetter). */
    public static final String DEAD_LETTERS = "dead.letters";

    public static final String CREDIT_SCORES = "credit.scores";
    public static final String RISK_WARNINGS = "risk.warnings";
    public static final String NETWORK_METRICS = "network.metrics";
    public static final String MODEL_UPDATES = "model.updates";
    public static final String RISK_RULES = "risk.rules";

    /** A topic to create: name, partitions and topic-level configs. */
    public record Spec(String name, int partitions, Map<String, String> configs) {}

    /**
     * Every topic keeps time by when a record was appended, not by the producer's timestamp:
     * replays and backfills carry event times months or years old, and a retention clock on those
     * would delete the records on arrival (time-based retention deletes a segment whose newest
     * timestamp is older than retention.ms). Event time travels in each record's own event_time.
     */
    public static final Map<String, String> APPEND_TIME =
            Map.of("message.timestamp.type", "LogAppendTime");

    private static final Map<String, String> COMPACT =
            Map.of("cleanup.policy", "compact", "message.timestamp.type", "LogAppendTime");

    /** Every topic, with the layout the embedded stack uses. */
    public static List<Spec> all(int partitions) {
        return List.of(
                new Spec(PLATFORM_EVENTS, partitions, APPEND_TIME),
                new Spec(CHAIN_EVENTS, partitions, APPEND_TIME),
                new Spec(TRADE_EVENTS, partitions, APPEND_TIME),
                new Spec(ENTITY_ACTIVITY, partitions, COMPACT),
                new Spec(DEAD_LETTERS, 1, APPEND_TIME),
                new Spec(CREDIT_SCORES, partitions, APPEND_TIME),
                new Spec(RISK_WARNINGS, partitions, APPEND_TIME),
                new Spec(NETWORK_METRICS, 1, APPEND_TIME),
                new Spec(MODEL_UPDATES, 1, APPEND_TIME),
                new Spec(RISK_RULES, 1, APPEND_TIME));
    }

    private Topics() {}
}
