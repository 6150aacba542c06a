package io.crosstrust.jobs.scoring;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the scoring and warnings flow (read through Flink's ReadableConfig: job arguments on a
 * cluster, the launcher's configuration in the embedded stack). Connection options (Kafka,
 * ClickHouse, checkpoints) are the trade flow's, {@code TradeFlowOptions}.
 */
public final class ScoringOptions {

    public static final ConfigOption<Double> EMIT_EPSILON =
            key("crosstrust.scoring.emit-epsilon")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "Publish a new credit score when the composite moved at least this many"
                                    + " points since the last one; a new grade, top reason or model"
                                    + " always publishes.");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL =
            key("crosstrust.scoring.heartbeat-interval")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "Publish every entity's current score at least this often (event time),"
                                    + " so consumers see it is fresh and decay shows.");

    public static final ConfigOption<Duration> HEARTBEAT_IDLE_LIMIT =
            key("crosstrust.scoring.heartbeat-idle-limit")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "Stop an entity's heartbeats this long after its last event; its next"
                                    + " event publishes again.");

    public static final ConfigOption<Duration> INACTIVITY_TTL =
            key("crosstrust.scoring.inactivity-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(400))
                    .withDescription(
                            "Forget an entity's scoring and warning state after this long without"
                                    + " an event (event time).");

    public static final ConfigOption<Duration> PAYMENT_OVERDUE_AFTER =
            key("crosstrust.scoring.payment-overdue-after")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "An instalment unpaid this long after its due date counts as paid late"
                                    + " now when scoring.");

    public static final ConfigOption<Duration> SHIP_WITHIN =
            key("crosstrust.scoring.ship-within")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A platform order not departed this long after it was placed counts as"
                                    + " a late departure of its seller when scoring.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("crosstrust.scoring.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How late (event time) a trade event may arrive; watermarks trail the"
                                    + " latest event time by this much.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key("crosstrust.scoring.source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A trade.events partition with nothing to read for this long stops"
                                    + " holding back the watermark and the alignment of the other"
                                    + " partitions (without it, a partition that ran dry would keep"
                                    + " the others paused).");

    public static final ConfigOption<String> MODEL_FILE =
            key("crosstrust.scoring.model-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Model artifact (JSON) to start with; the built-in default model when"
                                    + " unset. Later models arrive on model.updates.");

    public static final ConfigOption<String> GROUP_ID =
            key("crosstrust.scoring.group-id")
                    .stringType()
                    .defaultValue("crosstrust-scoring")
                    .withDescription("Consumer group of the trade-events source.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("crosstrust.scoring.transactional-id-prefix")
                    .stringType()
                    .defaultValue("crosstrust-scoring")
                    .withDescription(
                            "Prefix of the scoring job's Kafka transactional ids; unique per job in"
                                    + " a Kafka cluster.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    EMIT_EPSILON,
                    HEARTBEAT_INTERVAL,
                    HEARTBEAT_IDLE_LIMIT,
                    INACTIVITY_TTL,
                    PAYMENT_OVERDUE_AFTER,
                    SHIP_WITHIN,
                    MAX_OUT_OF_ORDERNESS,
                    SOURCE_IDLENESS,
                    MODEL_FILE,
                    GROUP_ID,
                    TRANSACTIONAL_ID_PREFIX);

    private ScoringOptions() {}
}
