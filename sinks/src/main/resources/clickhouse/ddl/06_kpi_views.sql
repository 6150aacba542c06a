-- KPI views: the figures of the seed paper (Du et al., JEPPM 2026; DESIGN.md), computed from the
-- stored events (trade_events) and outputs (network_metrics), per calendar month (UTC) and, for
-- trade activity, per day. Each reads its tables FINAL and leaves out reorg retractions
-- (removed = 1), so replays and reorgs never move a KPI. Columns: docs/network.md.
--
-- Engine: View (no storage; each query runs the SELECT). Dedup key: none of their own; the tables
-- underneath are deduplicated by event_id through FINAL.
-- Valid on ClickHouse 18.16 and current releases (no window functions, one JOIN per SELECT).
-- Risk-warning accuracy, the average recommended credit limit and kpi_monthly (every KPI of a month
-- side by side) are in 13_kpi_risk_views.sql: they read the scoring and warning tables (10_-12_).
-- A view is created IF NOT EXISTS: to change one on an existing database, drop it first with
-- DROP TABLE db.view (18.16 has no DROP VIEW; current releases accept both).

-- orders placed (the trade itself): one row per order event, kept once
CREATE VIEW IF NOT EXISTS ${database}.kpi_orders AS
SELECT
    event_id,
    event_time,
    toDate(event_time) AS day,
    toStartOfMonth(event_time) AS month,
    assumeNotNull(order_id) AS order_key,
    subject_id AS buyer_id,
    assumeNotNull(counterparty_id) AS seller_id,
    subject_region AS destination_region,
    counterparty_region AS origin_region,
    amount,
    currency,
    on_chain AS smart_contract
FROM ${database}.trade_events FINAL
WHERE type = 'ORDER_PLACED' AND removed = 0 AND order_id IS NOT NULL
  AND counterparty_id IS NOT NULL;

-- trade activity per day and currency: orders, volume, active buyers and sellers, cross-border
CREATE VIEW IF NOT EXISTS ${database}.kpi_trade_activity_daily AS
SELECT
    day,
    ifNull(currency, '') AS currency,
    count() AS orders,
    sum(ifNull(amount, toDecimal128(0, 18))) AS volume,
    uniqExact(buyer_id) AS buyers,
    uniqExact(seller_id) AS sellers,
    countIf(origin_region IS NOT NULL AND destination_region IS NOT NULL
            AND origin_region != destination_region) AS cross_border_orders
FROM ${database}.kpi_orders
GROUP BY day, currency;

-- trade activity per month and currency
CREATE VIEW IF NOT EXISTS ${database}.kpi_trade_activity_monthly AS
SELECT
    month,
    ifNull(currency, '') AS currency,
    count() AS orders,
    sum(ifNull(amount, toDecimal128(0, 18))) AS volume,
    uniqExact(buyer_id) AS buyers,
    uniqExact(seller_id) AS sellers,
    countIf(origin_region IS NOT NULL AND destination_region IS NOT NULL
            AND origin_region != destination_region) AS cross_border_orders
FROM ${database}.kpi_orders
GROUP BY month, currency;

-- share of trade executed through smart contracts: orders settled through the on-chain escrow
-- (OrderPlaced.settlement = ESCROW, canonical on_chain = 1) among the month's orders
CREATE VIEW IF NOT EXISTS ${database}.kpi_smart_contract_share_monthly AS
SELECT
    month,
    count() AS orders,
    countIf(smart_contract = 1) AS smart_contract_orders,
    countIf(smart_contract = 1) / count() AS smart_contract_share
FROM ${database}.kpi_orders
GROUP BY month;

-- information transparency: share of the month's orders evidenced on-chain, i.e. with at least
-- one on-chain event (escrow settlement, stablecoin or escrow-release payment, ...) carrying the
-- same order id, whenever it happened
CREATE VIEW IF NOT EXISTS ${database}.kpi_transparency_monthly AS
SELECT
    month,
    count() AS orders,
    sum(evidenced) AS evidenced_orders,
    sum(evidenced) / count() AS transparency
FROM
(
    SELECT month, order_key
    FROM ${database}.kpi_orders
) AS orders
ANY LEFT JOIN
(
    SELECT assumeNotNull(order_id) AS order_key, max(on_chain) AS evidenced
    FROM ${database}.trade_events FINAL
    WHERE removed = 0 AND order_id IS NOT NULL
    GROUP BY order_key
) AS evidence USING order_key
GROUP BY month;

-- dispute resolution time: disputes resolved in the month, and the days from opening
-- (DisputeResolved.opened_time, canonical reference_time) to resolution (event_time)
CREATE VIEW IF NOT EXISTS ${database}.kpi_dispute_resolution_monthly AS
SELECT
    toStartOfMonth(event_time) AS month,
    count() AS disputes_resolved,
    avg((event_time_ms - assumeNotNull(reference_time_ms)) / 86400000) AS mean_days,
    quantileExact(0.5)((event_time_ms - assumeNotNull(reference_time_ms)) / 86400000)
        AS median_days
FROM ${database}.trade_events FINAL
WHERE type = 'DISPUTE_RESOLVED' AND removed = 0 AND reference_time_ms IS NOT NULL
GROUP BY month;

-- network density of the month's whole trade network, straight from the order events: distinct
-- (seller, buyer) pairs over n (n - 1), n = entities that placed or received an order
-- (self-trades add their entity, not a pair)
CREATE VIEW IF NOT EXISTS ${database}.kpi_network_density_monthly AS
SELECT
    month,
    entities,
    trading_pairs,
    if(entities > 1, trading_pairs / (entities * (entities - 1)), 0) AS density_directed
FROM
(
    SELECT
        month,
        uniqExact(entity) AS entities,
        uniqExactIf(seller_id, buyer_id, seller_id != buyer_id) AS trading_pairs
    FROM
    (
        SELECT month, seller_id, buyer_id, arrayJoin([seller_id, buyer_id]) AS entity
        FROM ${database}.kpi_orders
    )
    GROUP BY month
);
