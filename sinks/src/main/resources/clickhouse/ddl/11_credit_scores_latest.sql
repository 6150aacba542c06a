-- credit_scores_latest: the latest credit score of every entity, what a lookup "score of entity X
-- now" reads (same record and columns as credit_scores, written by a second sink of the scoring job
-- with CreditScoreLatestRowEncoder).
--
-- Engine: ReplacingMergeTree(score_version), ORDER BY entity_id, no partitions (an entity's rows
-- must meet in one partition to replace each other). Dedup key: entity_id; the row with the highest
-- score_version wins, so a replay that re-sends older scores never moves an entity back. Read with
-- FINAL (SELECT ... FROM credit_scores_latest FINAL WHERE entity_id = {id:String}).
CREATE TABLE IF NOT EXISTS ${database}.credit_scores_latest
(
    event_id                String,
    entity_id               String,
    region                  Nullable(String),
    chain_address           Nullable(String),
    as_of                   DateTime('UTC'),
    as_of_ms                Int64,
    composite               Float64,
    pd                      Float64,
    grade                   String,
    dim_fulfilment          Float64,
    dim_payment             Float64,
    dim_logistics           Float64,
    dim_compliance          Float64,
    dim_disputes            Float64,
    dim_stability           Float64,
    dim_network             Float64,
    dim_transparency        Float64,
    reason_code             Array(String),
    reason_dimension        Array(String),
    reason_points           Array(Float64),
    reason_description      Array(String),
    recommended_limit       Decimal(38, 18),
    limit_currency          String,
    model_id                String,
    model_version           String,
    score_version           UInt64,
    trigger                 String,
    trigger_event_id        Nullable(String),
    ingested_at             DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(score_version)
ORDER BY entity_id
