package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.output.EntityRank;
import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.sinks.clickhouse.ClickHouseEngines.Engine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network_metrics table and the regulator and KPI views (05_network_views.sql,
 * 06_kpi_views.sql) on ClickHouse 18.16 and on a current release (chDB), over one small hand-built
 * data set whose every expected figure is worked out in the comments. The set includes a replayed
 * order, a replayed window with a later computation, and a reorg retraction, so each view must read
 * through the dedup.
 */
class NetworkViewsITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String DB = "network_views_it";

    private static Engine server;
    private static Engine chDb;

    @BeforeAll
    static void loadTheDataSetIntoBoth() {
        server = ClickHouseEngines.server(CLICKHOUSE.connection(DB));
        chDb = ClickHouseEngines.chDb();
        ClickHouseSchema.apply(CLICKHOUSE.connection(DB));
        for (String statement : ClickHouseSchema.statements(DB)) {
            chDb.execute(statement);
        }
        for (Engine engine : List.of(server, chDb)) {
            TradeEventRowEncoder events = new TradeEventRowEncoder();
            engine.insertRowBinary(
                    DB + ".trade_events",
                    events.columns(),
                    SinkTestRecords.rows(events, tradeEvents().toArray(TradeEvent[]::new)));
            // the retraction arrives in a later insert, as the chain listener would send it
            engine.insertRowBinary(
                    DB + ".trade_events",
                    events.columns(),
                    SinkTestRecords.rows(events, chainOrder(true)));
            NetworkMetricsRowEncoder metrics = new NetworkMetricsRowEncoder();
            engine.insertRowBinary(
                    DB + ".network_metrics",
                    metrics.columns(),
                    SinkTestRecords.rows(metrics, windows().toArray(NetworkMetrics[]::new)));
        }
    }

    private static Engine engine(String name) {
        return name.equals("server") ? server : chDb;
    }

    // ------------------------------------------------------------------ the data set

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static TradeEvent.Builder event(
            String id, TradeEventType type, String time, String subject, String counterparty) {
        return TradeEvent.newBuilder()
                .setEventId(id)
                .setEventTime(at(time))
                .setSource(SourceKind.PLATFORM)
                .setSourceName("testmart")
                .setType(type)
                .setSubjectId(subject)
                .setCounterpartyId(counterparty)
                .setOnChain(false);
    }

    private static TradeEvent order(
            String id,
            String time,
            String buyer,
            String buyerRegion,
            String seller,
            String sellerRegion,
            String amount,
            String currency,
            boolean escrow) {
        return event(id, TradeEventType.ORDER_PLACED, time, buyer, seller)
                .setOrderId(id)
                .setSubjectRegion(buyerRegion)
                .setCounterpartyRegion(sellerRegion)
                .setAmount(new Money(new BigDecimal(amount), currency))
                .setOnChain(escrow)
                .build();
    }

    /** An order that a chain reorg later retracts (same event id, removed = true). */
    private static TradeEvent chainOrder(boolean removed) {
        return TradeEvent.newBuilder(
                        order(
                                "o5",
                                "2026-03-06T00:00:00Z",
                                "b9",
                                "DE",
                                "s9",
                                "CN",
                                "999",
                                "USD",
                                true))
                .setSource(SourceKind.CHAIN)
                .setSourceName("chain:31337")
                .setChain(
                        new ChainLog(
                                31337L,
                                "0x" + "cd".repeat(20),
                                7L,
                                "0x" + "11".repeat(32),
                                "0x" + "22".repeat(32),
                                0,
                                at("2026-03-06T00:00:00Z"),
                                removed))
                .build();
    }

    /**
     * March 2026: four orders (o1 escrow, o2, o3, o4 domestic in EUR), o3 later paid by stablecoin
     * (on-chain), o1 replayed once, o5 retracted by a reorg; two disputes resolved in 3 and 1.5
     * days. April: one escrow order o6.
     */
    private static List<TradeEvent> tradeEvents() {
        List<TradeEvent> list = new ArrayList<>();
        TradeEvent o1 =
                order("o1", "2026-03-02T10:00:00Z", "b1", "DE", "s1", "CN", "100", "USD", true);
        list.add(o1);
        list.add(o1); // a replay
        list.add(order("o2", "2026-03-02T11:00:00Z", "b1", "DE", "s2", "CN", "50", "USD", false));
        list.add(order("o3", "2026-03-03T00:00:00Z", "b2", "DE", "s1", "CN", "30", "USD", false));
        list.add(
                event("p3", TradeEventType.PAYMENT_MADE, "2026-03-04T00:00:00Z", "b2", "s1")
                        .setOrderId("o3")
                        .setAmount(new Money(new BigDecimal("30"), "USD"))
                        .setDetail("STABLECOIN")
                        .setOnChain(true)
                        .build());
        list.add(order("o4", "2026-03-05T00:00:00Z", "b2", "DE", "b1", "DE", "20.5", "EUR", false));
        list.add(chainOrder(false));
        list.add(
                event("d1", TradeEventType.DISPUTE_RESOLVED, "2026-03-04T00:00:00Z", "s2", "b1")
                        .setOrderId("o2")
                        .setReferenceTime(at("2026-03-01T00:00:00Z"))
                        .setDetail("BUYER_WINS")
                        .build());
        list.add(
                event("d2", TradeEventType.DISPUTE_RESOLVED, "2026-03-11T12:00:00Z", "s1", "b2")
                        .setOrderId("o3")
                        .setReferenceTime(at("2026-03-10T00:00:00Z"))
                        .setDetail("SPLIT")
                        .build());
        list.add(order("o6", "2026-04-01T00:00:00Z", "b1", "DE", "s1", "CN", "10", "USD", true));
        return list;
    }

    private static NetworkMetrics window(
            ScopeKind kind,
            String scope,
            String windowKind,
            String start,
            long days,
            long nodes,
            long edges,
            double density,
            String computedAt) {
        Instant s = at(start);
        return NetworkMetrics.newBuilder()
                .setEventId(kind + ":" + scope + ":" + windowKind + ":" + s)
                .setScopeKind(kind)
                .setScope(scope)
                .setWindowKind(windowKind)
                .setWindowStart(s)
                .setWindowEnd(s.plusSeconds(days * 86_400))
                .setNodes(nodes)
                .setEdges(edges)
                .setDensityDirected(density)
                .setDensityUndirected(density * 1.5)
                .setAverageDegree(2.0 * edges / nodes)
                .setReciprocity(0)
                .setTransitivity(density / 2)
                .setAverageClustering(0)
                .setWeakComponents(1)
                .setStrongComponents(nodes)
                .setLargestComponentShare(1)
                .setDegreeCentralization(0.25)
                .setCrossRegionEdgeShare(1)
                .setVolumeHhi(0.5)
                .setTopPagerank(List.of(new EntityRank("b1", 0.4), new EntityRank("s1", 0.2)))
                .setTopBetweenness(List.of(new EntityRank("b1", 0.1)))
                .setBetweennessExact(true)
                .setComputedAt(at(computedAt))
                .build();
    }

    /**
     * GLOBAL days 2 Mar (density 0.2; an earlier computation said 0.1) and 3 Mar (0.4); a 30-day
     * sliding window (not a day); REGION DE 2 Mar (0.5) and 1 Apr (0.6), CN 2 Mar (0.25); CORRIDOR
     * CN>DE 2 Mar.
     */
    private static List<NetworkMetrics> windows() {
        String day = "tumbling-1d";
        return List.of(
                window(
                        ScopeKind.GLOBAL,
                        "*",
                        day,
                        "2026-03-02T00:00:00Z",
                        1,
                        4,
                        2,
                        0.1,
                        "2026-03-03T00:10:00Z"),
                window(
                        ScopeKind.GLOBAL,
                        "*",
                        day,
                        "2026-03-02T00:00:00Z",
                        1,
                        4,
                        2,
                        0.2,
                        "2026-03-03T00:20:00Z"),
                window(
                        ScopeKind.GLOBAL,
                        "*",
                        day,
                        "2026-03-03T00:00:00Z",
                        1,
                        2,
                        1,
                        0.4,
                        "2026-03-04T00:10:00Z"),
                window(
                        ScopeKind.GLOBAL,
                        "*",
                        "sliding-30d",
                        "2026-02-02T00:00:00Z",
                        30,
                        9,
                        9,
                        0.9,
                        "2026-03-04T00:10:00Z"),
                window(
                        ScopeKind.REGION,
                        "DE",
                        day,
                        "2026-03-02T00:00:00Z",
                        1,
                        3,
                        2,
                        0.5,
                        "2026-03-03T00:10:00Z"),
                window(
                        ScopeKind.REGION,
                        "CN",
                        day,
                        "2026-03-02T00:00:00Z",
                        1,
                        4,
                        2,
                        0.25,
                        "2026-03-03T00:10:00Z"),
                window(
                        ScopeKind.REGION,
                        "DE",
                        day,
                        "2026-04-01T00:00:00Z",
                        1,
                        2,
                        1,
                        0.6,
                        "2026-04-02T00:10:00Z"),
                window(
                        ScopeKind.CORRIDOR,
                        "CN>DE",
                        day,
                        "2026-03-02T00:00:00Z",
                        1,
                        3,
                        2,
                        0.3,
                        "2026-03-03T00:10:00Z"));
    }

    // ------------------------------------------------------------------ checks

    private static List<Map<String, String>> rows(Engine engine, String sql) {
        return engine.select(sql.replace("DB.", DB + ".")).asMaps();
    }

    private static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        assertThat(v).as(column).isNotNull();
        return Double.parseDouble(v);
    }

    @Test
    void theEncoderWritesExactlyTheTablesColumnsWithoutDefaults() {
        List<String> withoutDefault =
                server.select("DESCRIBE TABLE " + DB + ".network_metrics").asMaps().stream()
                        .filter(c -> c.get("default_type").isEmpty())
                        .map(c -> c.get("name"))
                        .collect(Collectors.toList());
        assertThat(new NetworkMetricsRowEncoder().columns()).isEqualTo(withoutDefault);
        assertThat(chDb.select("DESCRIBE TABLE " + DB + ".network_metrics").asMaps())
                .hasSameSizeAs(server.select("DESCRIBE TABLE " + DB + ".network_metrics").asMaps());
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void networkMetricsRoundTripAndTheLatestComputationWins(String name) {
        List<Map<String, String>> rows =
                rows(
                        engine(name),
                        "SELECT event_id, scope_kind, scope, toString(window_start) AS ws,"
                                + " window_end_ms, nodes, density_directed, average_degree,"
                                + " arrayStringConcat(top_pagerank_entity, ',') AS pr,"
                                + " top_pagerank_value[1] AS pr1, length(top_betweenness_value) AS nb,"
                                + " betweenness_exact, toString(computed_at) AS computed"
                                + " FROM DB.network_metrics FINAL"
                                + " WHERE scope_kind = 'GLOBAL' AND window_kind = 'tumbling-1d'"
                                + " ORDER BY window_start");
        assertThat(rows).hasSize(2);
        Map<String, String> first = rows.get(0);
        assertThat(first.get("event_id")).isEqualTo("GLOBAL:*:tumbling-1d:2026-03-02T00:00:00Z");
        assertThat(first.get("ws")).isEqualTo("2026-03-02 00:00:00");
        assertThat(first.get("window_end_ms")).isEqualTo("1772496000000");
        assertThat(number(first, "density_directed")).isEqualTo(0.2);
        assertThat(number(first, "average_degree")).isEqualTo(1.0);
        assertThat(first.get("pr")).isEqualTo("b1,s1");
        assertThat(number(first, "pr1")).isEqualTo(0.4);
        assertThat(first.get("nb")).isEqualTo("1");
        assertThat(first.get("betweenness_exact")).isEqualTo("1");
        assertThat(first.get("computed")).isEqualTo("2026-03-03 00:20:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void metricsByRegionCorridorAndDay(String name) {
        Engine engine = engine(name);
        List<Map<String, String>> global =
                rows(
                        engine,
                        "SELECT day, density_directed FROM DB.network_global_day ORDER BY day");
        assertThat(global)
                .extracting(r -> r.get("day"))
                .containsExactly("2026-03-02", "2026-03-03");
        assertThat(number(global.get(0), "density_directed")).isEqualTo(0.2);

        List<Map<String, String>> regions =
                rows(
                        engine,
                        "SELECT region, day, nodes FROM DB.network_region_day ORDER BY day, region");
        assertThat(regions)
                .extracting(r -> r.get("region") + "@" + r.get("day"))
                .containsExactly("CN@2026-03-02", "DE@2026-03-02", "DE@2026-04-01");

        List<Map<String, String>> corridors =
                rows(engine, "SELECT origin, destination, corridor FROM DB.network_corridor_day");
        assertThat(corridors).hasSize(1);
        assertThat(corridors.get(0))
                .containsEntry("origin", "CN")
                .containsEntry("destination", "DE")
                .containsEntry("corridor", "CN>DE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void trendsCompareEachMonthWithThePrevious(String name) {
        List<Map<String, String>> trend =
                rows(
                        engine(name),
                        "SELECT scope_kind, scope, month, active_days, avg_density_directed,"
                                + " has_previous, previous_avg_density_directed,"
                                + " density_directed_change, density_directed_growth, edges_growth"
                                + " FROM DB.network_scope_trend ORDER BY scope_kind, scope, month");
        Map<String, Map<String, String>> byKey =
                trend.stream()
                        .collect(
                                Collectors.toMap(
                                        r ->
                                                r.get("scope_kind")
                                                        + ":"
                                                        + r.get("scope")
                                                        + "@"
                                                        + r.get("month"),
                                        r -> r));
        assertThat(byKey).hasSize(5);
        // GLOBAL March: days 0.2 and 0.4 (the replayed 0.1 is gone)
        Map<String, String> global = byKey.get("GLOBAL:*@2026-03-01");
        assertThat(global.get("active_days")).isEqualTo("2");
        assertThat(number(global, "avg_density_directed")).isCloseTo(0.3, within(1e-12));
        assertThat(global.get("has_previous")).isEqualTo("0");
        assertThat(global.get("density_directed_change")).isNull();
        // DE: 0.5 in March -> 0.6 in April; edges 2 -> 1
        Map<String, String> april = byKey.get("REGION:DE@2026-04-01");
        assertThat(april.get("has_previous")).isEqualTo("1");
        assertThat(number(april, "previous_avg_density_directed")).isEqualTo(0.5);
        assertThat(number(april, "density_directed_change")).isCloseTo(0.1, within(1e-12));
        assertThat(number(april, "density_directed_growth")).isCloseTo(0.2, within(1e-12));
        assertThat(number(april, "edges_growth")).isCloseTo(-0.5, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void regionsAreComparedWithEachOtherAndTheWholeNetwork(String name) {
        List<Map<String, String>> rows =
                rows(
                        engine(name),
                        "SELECT day, region, regions_that_day, density_rank, edges_rank,"
                                + " global_density_directed, share_of_global_edges,"
                                + " share_of_global_nodes, density_vs_global"
                                + " FROM DB.network_region_comparison"
                                + " WHERE day = '2026-03-02' ORDER BY region");
        assertThat(rows).hasSize(2);
        Map<String, String> cn = rows.get(0);
        Map<String, String> de = rows.get(1);
        assertThat(cn.get("regions_that_day")).isEqualTo("2");
        assertThat(de.get("density_rank")).isEqualTo("1"); // 0.5 > 0.25
        assertThat(cn.get("density_rank")).isEqualTo("2");
        assertThat(cn.get("edges_rank")).isEqualTo("1"); // tie at 2 edges: both first
        assertThat(de.get("edges_rank")).isEqualTo("1");
        assertThat(number(de, "global_density_directed")).isEqualTo(0.2);
        assertThat(number(de, "share_of_global_edges")).isEqualTo(1.0);
        assertThat(number(de, "share_of_global_nodes")).isEqualTo(0.75);
        assertThat(number(de, "density_vs_global")).isCloseTo(2.5, within(1e-12));
        assertThat(number(cn, "density_vs_global")).isCloseTo(1.25, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void kpisPerMonthFromTheStoredEvents(String name) {
        List<Map<String, String>> months =
                rows(engine(name), "SELECT * FROM DB.kpi_monthly ORDER BY month");
        assertThat(months)
                .extracting(r -> r.get("month"))
                .containsExactly("2026-03-01", "2026-04-01");
        Map<String, String> march = months.get(0);
        // o1..o4 (o1's replay and the retracted o5 do not count)
        assertThat(march.get("orders")).isEqualTo("4");
        // smart contracts: o1 (escrow) of 4
        assertThat(march.get("smart_contract_orders")).isEqualTo("1");
        assertThat(number(march, "smart_contract_share")).isEqualTo(0.25);
        // transparency: o1 (escrow) and o3 (paid on-chain) of 4
        assertThat(march.get("evidenced_orders")).isEqualTo("2");
        assertThat(number(march, "transparency")).isEqualTo(0.5);
        // disputes: 3 days and 1.5 days
        assertThat(march.get("disputes_resolved")).isEqualTo("2");
        assertThat(number(march, "mean_dispute_resolution_days")).isCloseTo(2.25, within(1e-12));
        // network from the events: b1, b2, s1, s2; pairs s1>b1, s2>b1, s1>b2, b1>b2: 4 / (4*3)
        assertThat(march.get("entities")).isEqualTo("4");
        assertThat(march.get("trading_pairs")).isEqualTo("4");
        assertThat(number(march, "network_density")).isCloseTo(1.0 / 3, within(1e-12));
        // from the streaming job: mean of the daily global densities 0.2 and 0.4
        assertThat(march.get("network_days")).isEqualTo("2");
        assertThat(number(march, "mean_daily_network_density")).isCloseTo(0.3, within(1e-12));

        Map<String, String> april = months.get(1);
        assertThat(april.get("orders")).isEqualTo("1");
        assertThat(number(april, "smart_contract_share")).isEqualTo(1.0);
        assertThat(number(april, "transparency")).isEqualTo(1.0);
        assertThat(april.get("disputes_resolved")).isEqualTo("0");
        assertThat(april.get("mean_dispute_resolution_days")).isNull();
        assertThat(number(april, "network_density")).isEqualTo(0.5);
        assertThat(april.get("mean_daily_network_density")).isNull();

        // no warnings and no scores in this data set (KpiRiskViewsITCase has them): zero counts,
        // NULL ratios and limits, never a misleading 0
        for (Map<String, String> month : months) {
            assertThat(month.get("warned_entities")).isEqualTo("0");
            assertThat(month.get("risk_outcome_entities")).isEqualTo("0");
            assertThat(month.get("warning_precision")).isNull();
            assertThat(month.get("warning_recall")).isNull();
            assertThat(month.get("median_warning_lead_days")).isNull();
            assertThat(month.get("scored_entities")).isEqualTo("0");
            assertThat(month.get("limit_currencies")).isEqualTo("0");
            assertThat(month.get("limit_currency")).isEmpty();
            assertThat(month.get("avg_recommended_limit")).isNull();
            assertThat(month.get("median_recommended_limit")).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void tradeActivityAndDisputeTimes(String name) {
        Engine engine = engine(name);
        List<Map<String, String>> activity =
                rows(
                        engine,
                        "SELECT month, currency, orders, toString(volume) AS volume, buyers,"
                                + " sellers, cross_border_orders"
                                + " FROM DB.kpi_trade_activity_monthly ORDER BY month, currency");
        assertThat(activity)
                .extracting(r -> r.get("month") + " " + r.get("currency") + " " + r.get("orders"))
                .containsExactly("2026-03-01 EUR 1", "2026-03-01 USD 3", "2026-04-01 USD 1");
        Map<String, String> usd = activity.get(1);
        assertThat(new BigDecimal(usd.get("volume"))).isEqualByComparingTo("180");
        assertThat(new BigDecimal(activity.get(0).get("volume"))).isEqualByComparingTo("20.5");
        assertThat(usd.get("buyers")).isEqualTo("2");
        assertThat(usd.get("sellers")).isEqualTo("2");
        assertThat(usd.get("cross_border_orders")).isEqualTo("3");
        assertThat(activity.get(0).get("cross_border_orders")).isEqualTo("0");

        List<Map<String, String>> daily =
                rows(
                        engine,
                        "SELECT day, sum(orders) AS orders FROM DB.kpi_trade_activity_daily"
                                + " GROUP BY day ORDER BY day");
        assertThat(daily)
                .extracting(r -> r.get("day") + "=" + r.get("orders"))
                .containsExactly("2026-03-02=2", "2026-03-03=1", "2026-03-05=1", "2026-04-01=1");

        List<Map<String, String>> disputes =
                rows(engine, "SELECT * FROM DB.kpi_dispute_resolution_monthly");
        assertThat(disputes).hasSize(1);
        assertThat(number(disputes.get(0), "mean_days")).isCloseTo(2.25, within(1e-12));
        assertThat(number(disputes.get(0), "median_days")).isEqualTo(3.0);
    }
}
