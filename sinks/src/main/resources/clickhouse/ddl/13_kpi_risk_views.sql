-- KPI views over the scoring and warning outputs, the two seed-paper figures 06_kpi_views.sql could
-- not compute from the events alone (Du et al., JEPPM 2026; DESIGN.md): risk-warning accuracy,
-- from risk_warnings against the bad outcomes the stored events record, and the average
-- recommended credit limit, from credit_scores / credit_scores_latest. Then kpi_monthly, every KPI
-- of a month side by side (here because it reads these views too). Columns and the exact
-- definitions: docs/network.md, "KPI views".
--
-- Engine: View (no storage; each query runs the SELECT). Dedup key: none of their own; the tables
-- underneath are read FINAL (trade_events by (subject_id, event_id), risk_warnings by
-- (entity_id, event_id), credit_scores by (entity_id, score_version), credit_scores_latest by
-- entity_id) and reorg retractions (removed = 1) are left out, so replays never move a figure.
-- Valid on ClickHouse 18.16 and current releases: no window functions, one JOIN per SELECT, no
-- groupArray over Decimal (it crashes the 18.16 server), no avg over Decimal (Float64 on current
-- releases): money stays Decimal(38, 18), averages are sum / count, medians are quantileExact.
-- A view is created IF NOT EXISTS: to change one on an existing database, drop it first with
-- DROP TABLE db.view (18.16 has no DROP VIEW). A database from before this file keeps the old
-- kpi_monthly (06_kpi_views.sql had it) until it is dropped: DROP TABLE db.kpi_monthly, then apply.

-- known bad outcomes: one row per failure the stored events record as decided against an entity.
-- PAYMENT_DEFAULT / NON_DELIVERY: a dispute with reason NON_PAYMENT / NOT_DELIVERED (on its
-- DISPUTE_OPENED) resolved CLAIMANT_WON or SPLIT against its respondent (the entity); dated when
-- the dispute was opened (DisputeResolved.opened_time), matched to its opening by order,
-- respondent, claimant and that time. CUSTOMS_REJECTED: customs rejected the declarant's goods.
CREATE VIEW IF NOT EXISTS ${database}.kpi_risk_outcomes AS
SELECT
    event_id,
    entity_id,
    other_party AS counterparty_id,
    order_key,
    outcome,
    toDateTime(intDiv(outcome_time_ms, 1000), 'UTC') AS outcome_time,
    outcome_time_ms,
    toStartOfMonth(toDateTime(intDiv(outcome_time_ms, 1000), 'UTC')) AS month,
    decided_time
FROM
(
    SELECT
        event_id,
        entity_id,
        other_party,
        order_key,
        if(reason = 'NON_PAYMENT', 'PAYMENT_DEFAULT', 'NON_DELIVERY') AS outcome,
        opened_ms AS outcome_time_ms,
        decided_time
    FROM
    (
        SELECT
            event_id,
            subject_id AS entity_id,
            assumeNotNull(counterparty_id) AS other_party,
            assumeNotNull(order_id) AS order_key,
            assumeNotNull(reference_time_ms) AS opened_ms,
            event_time AS decided_time
        FROM ${database}.trade_events FINAL
        WHERE type = 'DISPUTE_RESOLVED' AND removed = 0 AND detail IN ('CLAIMANT_WON', 'SPLIT')
          AND order_id IS NOT NULL AND counterparty_id IS NOT NULL
          AND reference_time_ms IS NOT NULL
    ) AS resolved
    ANY INNER JOIN
    (
        SELECT
            subject_id AS entity_id,
            assumeNotNull(counterparty_id) AS other_party,
            assumeNotNull(order_id) AS order_key,
            event_time_ms AS opened_ms,
            assumeNotNull(detail) AS reason
        FROM ${database}.trade_events FINAL
        WHERE type = 'DISPUTE_OPENED' AND removed = 0 AND detail IN ('NON_PAYMENT', 'NOT_DELIVERED')
          AND order_id IS NOT NULL AND counterparty_id IS NOT NULL
    ) AS opened USING (order_key, entity_id, other_party, opened_ms)

    UNION ALL

    SELECT
        event_id,
        subject_id AS entity_id,
        ifNull(counterparty_id, '') AS other_party,
        ifNull(order_id, '') AS order_key,
        'CUSTOMS_REJECTED' AS outcome,
        event_time_ms AS outcome_time_ms,
        event_time AS decided_time
    FROM ${database}.trade_events FINAL
    WHERE type = 'CUSTOMS_REJECTED' AND removed = 0
);

-- warning accuracy per entity over all time: its first conduct warning (RAISED, any type but
-- COUNTERPARTY_CONTAGION, by event time), its known bad outcomes, and whether one came after the
-- warning; one row per entity that was warned or had a bad outcome
CREATE VIEW IF NOT EXISTS ${database}.kpi_warning_entities AS
SELECT
    entity_id,
    warned,
    if(warned = 1, first_warning_ms, NULL) AS first_warning_time_ms,
    outcomes,
    if(outcomes > 0, first_outcome_ms, NULL) AS first_outcome_time_ms,
    toUInt8(warned = 1 AND length(later_outcomes) > 0) AS confirmed,
    if(warned = 1 AND length(later_outcomes) > 0,
       arrayReduce('min', later_outcomes), NULL) AS next_outcome_time_ms,
    if(warned = 1 AND length(later_outcomes) > 0,
       (arrayReduce('min', later_outcomes) - first_warning_ms) / 86400000, NULL) AS lead_days
FROM
(
    SELECT
        entity_id,
        warned,
        first_warning_ms,
        outcomes,
        first_outcome_ms,
        arrayFilter(t -> t > first_warning_ms, outcome_times) AS later_outcomes
    FROM
    (
        SELECT
            entity_id,
            max(is_warning) AS warned,
            minIf(t, is_warning = 1) AS first_warning_ms,
            countIf(is_warning = 0) AS outcomes,
            minIf(t, is_warning = 0) AS first_outcome_ms,
            groupArrayIf(t, is_warning = 0) AS outcome_times
        FROM
        (
            SELECT entity_id, toUInt8(1) AS is_warning, event_time_ms AS t
            FROM ${database}.risk_warnings FINAL
            WHERE status = 'RAISED' AND type != 'COUNTERPARTY_CONTAGION'

            UNION ALL

            SELECT entity_id, toUInt8(0) AS is_warning, outcome_time_ms AS t
            FROM ${database}.kpi_risk_outcomes
        )
        GROUP BY entity_id
    )
);

-- warning accuracy over all time: precision (the paper's "risk-warning accuracy") and recall at
-- entity level, and the median lead time of the confirmed warnings
CREATE VIEW IF NOT EXISTS ${database}.kpi_warning_accuracy AS
SELECT
    entities,
    warned_entities,
    outcome_entities,
    true_positives,
    if(warned_entities > 0, true_positives / warned_entities, NULL) AS precision,
    if(outcome_entities > 0, true_positives / outcome_entities, NULL) AS recall,
    if(true_positives > 0, median_lead_days, NULL) AS median_lead_days
FROM
(
    SELECT
        count() AS entities,
        sum(warned) AS warned_entities,
        countIf(outcomes > 0) AS outcome_entities,
        sum(confirmed) AS true_positives,
        -- the mean of the two middle values: quantileExact gives the upper one, and of the
        -- negated values the (negated) lower one
        (quantileExactIf(0.5)(assumeNotNull(lead_days), confirmed = 1)
            - quantileExactIf(0.5)(-assumeNotNull(lead_days), confirmed = 1)) / 2
            AS median_lead_days
    FROM ${database}.kpi_warning_entities
);

-- warning accuracy per calendar month (UTC), two cohorts: the entities warned in the month (were
-- they confirmed by a later bad outcome: precision, lead time) and the entities with a bad outcome
-- in the month (had they been warned before it: recall)
CREATE VIEW IF NOT EXISTS ${database}.kpi_warning_accuracy_monthly AS
SELECT
    month,
    warned_entities,
    true_positives,
    if(warned_entities > 0, true_positives / warned_entities, NULL) AS precision,
    outcome_entities,
    outcomes_warned,
    if(outcome_entities > 0, outcomes_warned / outcome_entities, NULL) AS recall,
    if(true_positives > 0, median_lead_days, NULL) AS median_lead_days
FROM
(
    SELECT
        month,
        sum(warned) AS warned_entities,
        sum(confirmed) AS true_positives,
        sum(had_outcome) AS outcome_entities,
        sum(anticipated) AS outcomes_warned,
        (quantileExactIf(0.5)(lead_days, confirmed = 1)
            - quantileExactIf(0.5)(-lead_days, confirmed = 1)) / 2 AS median_lead_days
    FROM
    (
        -- warned in the month: the month's first conduct warning, then the first outcome after it
        SELECT
            month,
            toUInt8(1) AS warned,
            toUInt8(length(later_outcomes) > 0) AS confirmed,
            if(length(later_outcomes) > 0,
               (arrayReduce('min', later_outcomes) - first_warning_ms) / 86400000,
               toFloat64(0)) AS lead_days,
            toUInt8(0) AS had_outcome,
            toUInt8(0) AS anticipated
        FROM
        (
            SELECT
                month,
                first_warning_ms,
                arrayFilter(t -> t > first_warning_ms, outcome_times) AS later_outcomes
            FROM
            (
                SELECT
                    entity_id,
                    toStartOfMonth(event_time) AS month,
                    min(event_time_ms) AS first_warning_ms
                FROM ${database}.risk_warnings FINAL
                WHERE status = 'RAISED' AND type != 'COUNTERPARTY_CONTAGION'
                GROUP BY entity_id, month
            ) AS month_warnings
            ANY LEFT JOIN
            (
                SELECT entity_id, groupArray(outcome_time_ms) AS outcome_times
                FROM ${database}.kpi_risk_outcomes
                GROUP BY entity_id
            ) AS entity_outcomes USING entity_id
        )

        UNION ALL

        -- a bad outcome in the month: was the entity warned before its last outcome of the month
        SELECT
            month,
            toUInt8(0) AS warned,
            toUInt8(0) AS confirmed,
            toFloat64(0) AS lead_days,
            toUInt8(1) AS had_outcome,
            toUInt8(ever_warned = 1 AND first_warning_ms < last_outcome_ms) AS anticipated
        FROM
        (
            SELECT entity_id, month, max(outcome_time_ms) AS last_outcome_ms
            FROM ${database}.kpi_risk_outcomes
            GROUP BY entity_id, month
        ) AS month_outcomes
        ANY LEFT JOIN
        (
            SELECT entity_id, toUInt8(1) AS ever_warned, min(event_time_ms) AS first_warning_ms
            FROM ${database}.risk_warnings FINAL
            WHERE status = 'RAISED' AND type != 'COUNTERPARTY_CONTAGION'
            GROUP BY entity_id
        ) AS entity_warnings USING entity_id
    )
    GROUP BY month
);

-- the recommended credit limit of each entity in each calendar month (UTC) it was scored: its
-- latest score of the month (highest score_version with as_of in the month)
CREATE VIEW IF NOT EXISTS ${database}.kpi_credit_limit_entity_month AS
SELECT
    entity_id,
    toStartOfMonth(as_of) AS month,
    argMax(ifNull(region, ''), score_version) AS region,
    argMax(limit_currency, score_version) AS currency,
    argMax(recommended_limit, score_version) AS recommended_limit,
    max(score_version) AS latest_score_version,
    argMax(as_of, score_version) AS latest_as_of,
    count() AS scores
FROM ${database}.credit_scores FINAL
GROUP BY entity_id, month;

-- average recommended credit limit per month and limit currency, over all regions
CREATE VIEW IF NOT EXISTS ${database}.kpi_credit_limit_monthly AS
SELECT
    month,
    currency,
    count() AS scored_entities,
    countIf(recommended_limit > 0) AS entities_with_limit,
    sum(recommended_limit) AS total_recommended_limit,
    sum(recommended_limit) / count() AS avg_recommended_limit,
    (quantileExact(0.5)(recommended_limit) - quantileExact(0.5)(-recommended_limit)) / 2
        AS median_recommended_limit
FROM ${database}.kpi_credit_limit_entity_month
GROUP BY month, currency;

-- the same per region (the region of the entity's latest score of the month; '' when unknown)
CREATE VIEW IF NOT EXISTS ${database}.kpi_credit_limit_region_monthly AS
SELECT
    month,
    region,
    currency,
    count() AS scored_entities,
    countIf(recommended_limit > 0) AS entities_with_limit,
    sum(recommended_limit) AS total_recommended_limit,
    sum(recommended_limit) / count() AS avg_recommended_limit,
    (quantileExact(0.5)(recommended_limit) - quantileExact(0.5)(-recommended_limit)) / 2
        AS median_recommended_limit
FROM ${database}.kpi_credit_limit_entity_month
GROUP BY month, region, currency;

-- now: every entity's latest score (credit_scores_latest), per limit currency over all regions
CREATE VIEW IF NOT EXISTS ${database}.kpi_credit_limit_current AS
SELECT
    limit_currency AS currency,
    count() AS scored_entities,
    countIf(recommended_limit > 0) AS entities_with_limit,
    sum(recommended_limit) AS total_recommended_limit,
    sum(recommended_limit) / count() AS avg_recommended_limit,
    (quantileExact(0.5)(recommended_limit) - quantileExact(0.5)(-recommended_limit)) / 2
        AS median_recommended_limit,
    max(as_of) AS latest_as_of
FROM ${database}.credit_scores_latest FINAL
GROUP BY currency;

-- now, per region ('' when unknown) and limit currency
CREATE VIEW IF NOT EXISTS ${database}.kpi_credit_limit_region_current AS
SELECT
    ifNull(region, '') AS region,
    limit_currency AS currency,
    count() AS scored_entities,
    countIf(recommended_limit > 0) AS entities_with_limit,
    sum(recommended_limit) AS total_recommended_limit,
    sum(recommended_limit) / count() AS avg_recommended_limit,
    (quantileExact(0.5)(recommended_limit) - quantileExact(0.5)(-recommended_limit)) / 2
        AS median_recommended_limit,
    max(as_of) AS latest_as_of
FROM ${database}.credit_scores_latest FINAL
GROUP BY region, currency;

-- the KPIs side by side, one row per month with orders: the event KPIs of 06_kpi_views.sql, the
-- streaming job's mean daily density of the whole network (network_global_day) beside the month's
-- density from the events, warning accuracy, and the recommended credit limit when the month's
-- scores have one limit currency (else see kpi_credit_limit_monthly). NULL where a month has no
-- resolved dispute, no network_metrics day, no warned entity, no bad outcome or no single currency.
-- One JOIN per SELECT (18.16): each level adds one source.
CREATE VIEW IF NOT EXISTS ${database}.kpi_monthly AS
SELECT
    month,
    orders,
    smart_contract_orders,
    smart_contract_share,
    evidenced_orders,
    transparency,
    disputes_resolved,
    mean_dispute_resolution_days,
    entities,
    trading_pairs,
    network_density,
    network_days,
    mean_daily_network_density,
    warned_entities,
    warning_true_positives,
    warning_precision,
    risk_outcome_entities,
    risk_outcomes_warned,
    warning_recall,
    median_warning_lead_days,
    scored_entities,
    limit_currencies,
    limit_currency,
    if(limit_currencies = 1, avg_limit, NULL) AS avg_recommended_limit,
    if(limit_currencies = 1, median_limit, NULL) AS median_recommended_limit
FROM
(
    SELECT month, orders, smart_contract_orders, smart_contract_share, evidenced_orders,
           transparency, disputes_resolved, mean_dispute_resolution_days, entities,
           trading_pairs, network_density, network_days, mean_daily_network_density,
           warned_entities, warning_true_positives, warning_precision, risk_outcome_entities,
           risk_outcomes_warned, warning_recall, median_warning_lead_days
    FROM
    (
        SELECT
            month,
            orders,
            smart_contract_orders,
            smart_contract_share,
            evidenced_orders,
            transparency,
            disputes_resolved,
            if(disputes_resolved > 0, mean_days, NULL) AS mean_dispute_resolution_days,
            entities,
            trading_pairs,
            network_density,
            network_days,
            if(network_days > 0, mean_daily_density, NULL) AS mean_daily_network_density
        FROM
        (
            SELECT month, orders, smart_contract_orders, smart_contract_share, evidenced_orders,
                   transparency, disputes_resolved, mean_days, entities, trading_pairs,
                   network_density
            FROM
            (
                SELECT month, orders, smart_contract_orders, smart_contract_share,
                       evidenced_orders, transparency, disputes_resolved, mean_days
                FROM
                (
                    SELECT month, orders, smart_contract_orders, smart_contract_share,
                           evidenced_orders, transparency
                    FROM
                    (
                        SELECT month, orders, smart_contract_orders, smart_contract_share
                        FROM ${database}.kpi_smart_contract_share_monthly
                    ) AS sc
                    ANY LEFT JOIN
                    (
                        SELECT month, evidenced_orders, transparency
                        FROM ${database}.kpi_transparency_monthly
                    ) AS tr USING month
                ) AS k1
                ANY LEFT JOIN
                (
                    SELECT month, disputes_resolved, mean_days
                    FROM ${database}.kpi_dispute_resolution_monthly
                ) AS dr USING month
            ) AS k2
            ANY LEFT JOIN
            (
                SELECT month, entities, trading_pairs, density_directed AS network_density
                FROM ${database}.kpi_network_density_monthly
            ) AS nd USING month
        ) AS k3
        ANY LEFT JOIN
        (
            SELECT
                toStartOfMonth(day) AS month,
                count() AS network_days,
                avg(density_directed) AS mean_daily_density
            FROM ${database}.network_global_day
            GROUP BY month
        ) AS daily USING month
    ) AS k4
    ANY LEFT JOIN
    (
        SELECT
            month,
            warned_entities,
            true_positives AS warning_true_positives,
            precision AS warning_precision,
            outcome_entities AS risk_outcome_entities,
            outcomes_warned AS risk_outcomes_warned,
            recall AS warning_recall,
            median_lead_days AS median_warning_lead_days
        FROM ${database}.kpi_warning_accuracy_monthly
    ) AS wa USING month
) AS k5
ANY LEFT JOIN
(
    SELECT
        month,
        count() AS scored_entities,
        uniqExact(currency) AS limit_currencies,
        if(uniqExact(currency) = 1, any(currency), '') AS limit_currency,
        sum(recommended_limit) / count() AS avg_limit,
        (quantileExact(0.5)(recommended_limit) - quantileExact(0.5)(-recommended_limit)) / 2
            AS median_limit
    FROM ${database}.kpi_credit_limit_entity_month
    GROUP BY month
) AS cl USING month;
