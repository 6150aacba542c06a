-- network_metrics: trade-network metrics of one scope (GLOBAL '*', a REGION, a CORRIDOR 'CN>DE')
-- over one event-time window (Avro io.crosstrust.events.output.NetworkMetrics, topic
-- network.metrics), written by the network job (ClickHouseSink with NetworkMetricsRowEncoder).
-- What regulators query, mostly through the views in 05_network_views.sql. Column meanings:
-- docs/network.md.
--
-- Engine: ReplacingMergeTree(computed_at), PARTITION BY month of window_start,
-- ORDER BY (scope_kind, scope, window_kind, window_start, event_id).
-- Dedup key: event_id = scope_kind:scope:window_kind:window_start (the other sort columns are
-- functions of it, and lead the key so that queries by scope and period read few granules). A
-- replay after a Flink failure re-emits a window with the same event_id and figures; the latest
-- computation wins. Read with FINAL (the views do).
--
-- Conventions as in trade_events: DateTime('UTC') + exact *_ms Int64; scope_kind as the enum
-- symbol; the top-k lists (Avro arrays of EntityRank) as parallel arrays, best first:
-- top_pagerank_entity[i] has top_pagerank_value[i]; booleans as UInt8.
CREATE TABLE IF NOT EXISTS ${database}.network_metrics
(
    event_id                String,
    scope_kind              String,
    scope                   String,
    window_kind             String,
    window_start            DateTime('UTC'),
    window_start_ms         Int64,
    window_end              DateTime('UTC'),
    window_end_ms           Int64,
    nodes                   Int64,
    edges                   Int64,
    density_directed        Float64,
    density_undirected      Float64,
    average_degree          Float64,
    reciprocity             Float64,
    transitivity            Float64,
    average_clustering      Float64,
    weak_components         Int64,
    strong_components       Int64,
    largest_component_share Float64,
    degree_centralization   Float64,
    cross_region_edge_share Float64,
    volume_hhi              Float64,
    top_pagerank_entity     Array(String),
    top_pagerank_value      Array(Float64),
    top_betweenness_entity  Array(String),
    top_betweenness_value   Array(Float64),
    betweenness_exact       UInt8,
    computed_at             DateTime('UTC'),
    computed_at_ms          Int64,
    ingested_at             DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (scope_kind, scope, window_kind, window_start, event_id)
