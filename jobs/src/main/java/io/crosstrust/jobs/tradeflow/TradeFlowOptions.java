package io.crosstrust.jobs.tradeflow;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.config.JobConfiguration;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Options of the trade flow, read through Flink's ReadableConfig: on a cluster from the job's
 * arguments ({@code --crosstrust.kafka.bootstrap-servers host:9092}), in the embedded stack from
 * the launcher's configuration. Secrets (the ClickHouse password) are never options: they come from
 * the environment (see {@link #CLICKHOUSE_PASSWORD_ENV}).
 */
public final class TradeFlowOptions {
    /** Environment variable holding the ClickHouse password, when the server wants one. */
    public static final String CLICKHOUSE_PASSWORD_ENV = "CROSSTRUST_CLICKHOUSE_PASSWORD";

    /** The ClickHouse password, as the start-up print names it (set or not, never the value). */
    public static final JobConfiguration.Secret CLICKHOUSE_PASSWORD =
            new JobConfiguration.Secret("clickhouse password", CLICKHOUSE_PASSWORD_ENV);

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            key("crosstrust.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port].");

    public static final ConfigOption<String> GROUP_ID =
            key("crosstrust.trade-flow.group-id")
                    .stringType()
                    .defaultValue("crosstrust-trade-flow")
                    .withDescription(
                            "Consumer group of the trade flow's source (offsets committed on checkpoint).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("crosstrust.trade-flow.transactional-id-prefix")
                    .stringType()
                    .defaultValue("crosstrust-trade-flow")
                    .withDescription(
                            "Prefix of the Kafka sinks' transactional ids; unique per job in a Kafka cluster.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("crosstrust.checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "How often to checkpoint. Outputs become visible to read_committed consumers"
                                    + " and ClickHouse at this pace.");

    public static final ConfigOption<Duration> ACTIVITY_EMIT_INTERVAL =
            key("crosstrust.trade-flow.activity-emit-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "At most one EntityActivity update per entity per this interval.");

    public static final ConfigOption<List<String>> SOURCE_TOPICS =
            key("crosstrust.trade-flow.source-topics")
                    .stringType()
                    .asList()
                    .defaultValues(Topics.PLATFORM_EVENTS, Topics.CHAIN_EVENTS)
                    .withDescription(
                            "Topics the trade flow reads: platform events and chain events (the"
                                    + " topics must exist).");

    public static final ConfigOption<String> ESCROW_CURRENCY =
            key("crosstrust.chain.escrow-currency")
                    .stringType()
                    .defaultValue(ChainLinkSettings.DEFAULT.currency())
                    .withDescription(
                            "Currency the escrow's settlement token stands for: the currency of"
                                    + " every escrow amount on trade.events (the local stack's"
                                    + " TestStablecoin is a USD stablecoin).");

    public static final ConfigOption<Integer> ESCROW_DECIMALS =
            key("crosstrust.chain.escrow-decimals")
                    .intType()
                    .defaultValue(ChainLinkSettings.DEFAULT.decimals())
                    .withDescription("Decimals of the escrow's settlement token.");

    public static final ConfigOption<Duration> ESCROW_LINK_TIMEOUT =
            key("crosstrust.trade-flow.escrow-link-timeout")
                    .durationType()
                    .defaultValue(ChainLinkSettings.DEFAULT.linkTimeout())
                    .withDescription(
                            "How long (processing time) an escrow chain event waits for its"
                                    + " platform order before it goes out attributed to addresses.");

    public static final ConfigOption<Duration> ESCROW_LINK_RETENTION =
            key("crosstrust.trade-flow.escrow-link-retention")
                    .durationType()
                    .defaultValue(ChainLinkSettings.DEFAULT.retention())
                    .withDescription(
                            "How long an escrow order's link is kept after its final chain event,"
                                    + " to attribute retractions after a reorg.");

    public static final ConfigOption<Duration> ESCROW_LINK_TTL =
            key("crosstrust.trade-flow.escrow-link-ttl")
                    .durationType()
                    .defaultValue(ChainLinkSettings.DEFAULT.ttl())
                    .withDescription(
                            "Longest an escrow order's link is kept (orders never settled).");

    public static final ConfigOption<String> CLICKHOUSE_URL =
            key("crosstrust.clickhouse.url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("ClickHouse HTTP endpoint, e.g. http://127.0.0.1:8123.");

    public static final ConfigOption<String> CLICKHOUSE_USER =
            key("crosstrust.clickhouse.user")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("ClickHouse user.");

    public static final ConfigOption<String> CLICKHOUSE_DATABASE =
            key("crosstrust.clickhouse.database")
                    .stringType()
                    .defaultValue("crosstrust")
                    .withDescription("ClickHouse database holding the crosstrust tables.");

    public static final ConfigOption<Integer> CLICKHOUSE_BATCH_SIZE =
            key("crosstrust.clickhouse.batch-size")
                    .intType()
                    .defaultValue(20_000)
                    .withDescription(
                            "Rows per ClickHouse insert (a checkpoint cuts a batch short).");

    public static final ConfigOption<DeliveryGuarantee> CLICKHOUSE_DELIVERY_GUARANTEE =
            key("crosstrust.clickhouse.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "exactly-once: rows are inserted after their checkpoint completed, so"
                                    + " ClickHouse holds exactly what the read_committed topics"
                                    + " carry (one checkpoint later). at-least-once: inserted"
                                    + " before each checkpoint barrier, one checkpoint sooner, but"
                                    + " rows of a failed attempt may stay. none is refused.");

    /** Every option, for help texts and start-up printing. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    KAFKA_BOOTSTRAP_SERVERS,
                    GROUP_ID,
                    TRANSACTIONAL_ID_PREFIX,
                    CHECKPOINT_INTERVAL,
                    ACTIVITY_EMIT_INTERVAL,
                    SOURCE_TOPICS,
                    ESCROW_CURRENCY,
                    ESCROW_DECIMALS,
                    ESCROW_LINK_TIMEOUT,
                    ESCROW_LINK_RETENTION,
                    ESCROW_LINK_TTL,
                    CLICKHOUSE_URL,
                    CLICKHOUSE_USER,
                    CLICKHOUSE_DATABASE,
                    CLICKHOUSE_BATCH_SIZE,
                    CLICKHOUSE_DELIVERY_GUARANTEE);

    private TradeFlowOptions() {}
}
