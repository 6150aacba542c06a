package io.crosstrust.jobs.network;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Options of the network job, read through Flink's ReadableConfig ({@code --key value} on a
 * cluster). Kafka, ClickHouse and checkpoint options are the trade flow's ({@link
 * TradeFlowOptions}), under the same keys; the ClickHouse password comes from the environment
 * ({@link TradeFlowOptions#CLICKHOUSE_PASSWORD_ENV}).
 */
public final class NetworkOptions {
    public static final ConfigOption<String> GROUP_ID =
            key("crosstrust.network.group-id")
                    .stringType()
                    .defaultValue("crosstrust-network")
                    .withDescription(
                            "Consumer group of the trade-events source (offsets committed on checkpoint).");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("crosstrust.network.transactional-id-prefix")
                    .stringType()
                    .defaultValue("crosstrust-network")
                    .withDescription(
                            "Prefix of the Kafka sink's transactional ids; unique per job in a Kafka cluster.");

    public static final ConfigOption<Duration> TUMBLING_WINDOW =
            key("crosstrust.network.tumbling-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription("Size of the tumbling event-time window (aligned to UTC).");

    public static final ConfigOption<Duration> SLIDING_WINDOW =
            key("crosstrust.network.sliding-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Size of the sliding event-time window; 0 for none.");

    public static final ConfigOption<Duration> SLIDING_SLIDE =
            key("crosstrust.network.sliding-slide")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription("How far the sliding window advances each time.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key("crosstrust.network.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How late an event may arrive (event time) and still count in every window"
                                    + " it belongs to; windows close this long after their end.");

    public static final ConfigOption<Duration> IDLENESS =
            key("crosstrust.network.source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "A trade.events partition silent this long stops holding back the watermark.");

    public static final ConfigOption<String> REPORTING_CURRENCY =
            key("crosstrust.network.reporting-currency")
                    .stringType()
                    .defaultValue("USD")
                    .withDescription(
                            "Order amounts in this currency are the edges' volume; others count as"
                                    + " trades with volume 0 (no FX conversion).");

    public static final ConfigOption<Duration> TIME_BUDGET =
            key("crosstrust.network.time-budget")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "Per window: wall-clock budget of clustering, PageRank and betweenness;"
                                    + " past it they report estimates.");

    public static final ConfigOption<Integer> TOP_K =
            key("crosstrust.network.top-k")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Entities listed by PageRank and by betweenness per window.");

    public static final ConfigOption<Integer> EXACT_BETWEENNESS_MAX_NODES =
            key("crosstrust.network.exact-betweenness-max-nodes")
                    .intType()
                    .defaultValue(2_000)
                    .withDescription(
                            "Betweenness is exact up to this many nodes per window, sampled above.");

    public static final ConfigOption<Integer> BETWEENNESS_PIVOTS =
            key("crosstrust.network.betweenness-pivots")
                    .intType()
                    .defaultValue(256)
                    .withDescription("Sources of sampled betweenness.");

    public static final ConfigOption<Boolean> POSITIONS =
            key("crosstrust.network.positions")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Emit every entity's network position per window of the GLOBAL scope.");

    /** Every option, for argument parsing and help texts. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS,
                    TradeFlowOptions.CHECKPOINT_INTERVAL,
                    TradeFlowOptions.CLICKHOUSE_URL,
                    TradeFlowOptions.CLICKHOUSE_USER,
                    TradeFlowOptions.CLICKHOUSE_DATABASE,
                    TradeFlowOptions.CLICKHOUSE_BATCH_SIZE,
                    TradeFlowOptions.CLICKHOUSE_DELIVERY_GUARANTEE,
                    GROUP_ID,
                    TRANSACTIONAL_ID_PREFIX,
                    TUMBLING_WINDOW,
                    SLIDING_WINDOW,
                    SLIDING_SLIDE,
                    OUT_OF_ORDERNESS,
                    IDLENESS,
                    REPORTING_CURRENCY,
                    TIME_BUDGET,
                    TOP_K,
                    EXACT_BETWEENNESS_MAX_NODES,
                    BETWEENNESS_PIVOTS,
                    POSITIONS);

    private NetworkOptions() {}

    /** Everything {@link NetworkJob#build} needs, from a configuration. */
    public static NetworkJob.Settings settings(ReadableConfig conf) {
        return new NetworkJob.Settings(
                new NetworkWindows(
                        conf.get(TUMBLING_WINDOW),
                        conf.get(SLIDING_WINDOW),
                        conf.get(SLIDING_SLIDE)),
                AnalysisSettings.DEFAULTS
                        .withTopK(conf.get(TOP_K))
                        .withBetweenness(
                                conf.get(EXACT_BETWEENNESS_MAX_NODES), conf.get(BETWEENNESS_PIVOTS))
                        .withTimeBudget(conf.get(TIME_BUDGET)),
                conf.get(REPORTING_CURRENCY),
                conf.get(OUT_OF_ORDERNESS),
                conf.get(IDLENESS),
                conf.get(POSITIONS));
    }
}
