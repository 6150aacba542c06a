-- Regulator views over network_metrics: trade-network figures by region, corridor and day, their
-- monthly trends, and regions compared with each other and with the whole network. Every view
-- reads network_metrics FINAL (one row per window, replays collapsed). Columns: docs/network.md.
--
-- Engine: View (no storage; each query runs the SELECT). Dedup key: none of their own; the
-- underlying network_metrics is deduplicated by event_id through FINAL.
-- Valid on ClickHouse 18.16 and current releases: no window functions (18.16 has none), one JOIN
-- per SELECT, JOIN ... USING with subqueries, ranks from sorted arrays.
-- A view is created IF NOT EXISTS: to change one on an existing database, drop it first with
-- DROP TABLE db.view (18.16 has no DROP VIEW; current releases accept both).

-- every window of every scope, deduplicated, with its UTC day
CREATE VIEW IF NOT EXISTS ${database}.network_windows AS
SELECT
    scope_kind,
    scope,
    window_kind,
    window_start,
    window_end,
    toDate(window_start) AS day,
    nodes,
    edges,
    density_directed,
    density_undirected,
    average_degree,
    reciprocity,
    transitivity,
    average_clustering,
    weak_components,
    strong_components,
    largest_component_share,
    degree_centralization,
    cross_region_edge_share,
    volume_hhi,
    top_pagerank_entity,
    top_pagerank_value,
    top_betweenness_entity,
    top_betweenness_value,
    betweenness_exact,
    computed_at
FROM ${database}.network_metrics FINAL;

-- the whole network per day (GLOBAL scope, 1-day tumbling windows)
CREATE VIEW IF NOT EXISTS ${database}.network_global_day AS
SELECT *
FROM ${database}.network_windows
WHERE scope_kind = 'GLOBAL' AND window_kind = 'tumbling-1d';

-- each region's network per day: trades with an end in the region
CREATE VIEW IF NOT EXISTS ${database}.network_region_day AS
SELECT scope AS region, *
FROM ${database}.network_windows
WHERE scope_kind = 'REGION' AND window_kind = 'tumbling-1d';

-- each corridor's network per day: trades from origin to destination
CREATE VIEW IF NOT EXISTS ${database}.network_corridor_day AS
SELECT
    substring(scope, 1, position(scope, '>') - 1) AS origin,
    substring(scope, position(scope, '>') + 1) AS destination,
    scope AS corridor,
    *
FROM ${database}.network_windows
WHERE scope_kind = 'CORRIDOR' AND window_kind = 'tumbling-1d';

-- each scope per calendar month: means of its daily figures over the days it traded
CREATE VIEW IF NOT EXISTS ${database}.network_scope_month AS
SELECT
    scope_kind,
    scope,
    toStartOfMonth(day) AS month,
    count() AS active_days,
    avg(nodes) AS avg_nodes,
    avg(edges) AS avg_edges,
    avg(density_directed) AS avg_density_directed,
    avg(density_undirected) AS avg_density_undirected,
    avg(average_degree) AS avg_average_degree,
    avg(reciprocity) AS avg_reciprocity,
    avg(transitivity) AS avg_transitivity,
    avg(average_clustering) AS avg_average_clustering,
    avg(largest_component_share) AS avg_largest_component_share,
    avg(degree_centralization) AS avg_degree_centralization,
    avg(cross_region_edge_share) AS avg_cross_region_edge_share,
    avg(volume_hhi) AS avg_volume_hhi
FROM ${database}.network_windows
WHERE window_kind = 'tumbling-1d'
GROUP BY scope_kind, scope, month;

-- trend: each scope's month beside its previous month (has_previous = 0 when that month had no
-- trade in the scope; the previous_* columns are then 0 and the changes NULL)
CREATE VIEW IF NOT EXISTS ${database}.network_scope_trend AS
SELECT
    scope_kind,
    scope,
    month,
    active_days,
    avg_nodes,
    avg_edges,
    avg_density_directed,
    avg_transitivity,
    avg_reciprocity,
    has_previous,
    previous_avg_nodes,
    previous_avg_edges,
    previous_avg_density_directed,
    if(has_previous = 1, avg_density_directed - previous_avg_density_directed, NULL)
        AS density_directed_change,
    if(has_previous = 1 AND previous_avg_density_directed > 0,
       avg_density_directed / previous_avg_density_directed - 1, NULL)
        AS density_directed_growth,
    if(has_previous = 1 AND previous_avg_edges > 0, avg_edges / previous_avg_edges - 1, NULL)
        AS edges_growth
FROM
(
    SELECT scope_kind, scope, month, active_days, avg_nodes, avg_edges, avg_density_directed,
           avg_transitivity, avg_reciprocity
    FROM ${database}.network_scope_month
) AS current_month
ANY LEFT JOIN
(
    SELECT
        scope_kind,
        scope,
        addMonths(month, 1) AS month,
        toUInt8(1) AS has_previous,
        avg_nodes AS previous_avg_nodes,
        avg_edges AS previous_avg_edges,
        avg_density_directed AS previous_avg_density_directed
    FROM ${database}.network_scope_month
) AS previous_month USING (scope_kind, scope, month);

-- regions compared per day: each region beside the whole network, and its rank among the regions
-- that traded that day (1 = densest / most edges; ties share the best rank)
CREATE VIEW IF NOT EXISTS ${database}.network_region_comparison AS
SELECT
    day,
    region,
    regions_that_day,
    nodes,
    edges,
    density_directed,
    transitivity,
    density_rank,
    edges_rank,
    global_nodes,
    global_edges,
    global_density_directed,
    if(global_edges > 0, edges / global_edges, 0) AS share_of_global_edges,
    if(global_nodes > 0, nodes / global_nodes, 0) AS share_of_global_nodes,
    if(global_density_directed > 0, density_directed / global_density_directed, 0)
        AS density_vs_global
FROM
(
    SELECT
        day,
        region,
        regions_that_day,
        nodes,
        edges,
        density_directed,
        transitivity,
        indexOf(densities_desc, density_directed) AS density_rank,
        indexOf(edges_desc, edges) AS edges_rank
    FROM
    (
        SELECT
            day,
            groupArray(region) AS regions,
            groupArray(nodes) AS region_nodes,
            groupArray(edges) AS region_edges,
            groupArray(density_directed) AS region_densities,
            groupArray(transitivity) AS region_transitivity,
            arrayReverseSort(groupArray(density_directed)) AS densities_desc,
            arrayReverseSort(groupArray(edges)) AS edges_desc,
            count() AS regions_that_day
        FROM ${database}.network_region_day
        GROUP BY day
    )
    ARRAY JOIN
        regions AS region,
        region_nodes AS nodes,
        region_edges AS edges,
        region_densities AS density_directed,
        region_transitivity AS transitivity
) AS regions
ANY LEFT JOIN
(
    SELECT
        day,
        nodes AS global_nodes,
        edges AS global_edges,
        density_directed AS global_density_directed
    FROM ${database}.network_global_day
) AS global USING day
