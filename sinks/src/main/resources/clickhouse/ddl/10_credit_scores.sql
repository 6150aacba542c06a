-- credit_scores: every published credit score (Avro io.crosstrust.events.output.CreditScore, topic
-- credit.scores), the score history: one row per entity and score version, changes and heartbeats
-- alike. Written by the scoring job (ClickHouseSink with CreditScoreRowEncoder).
--
-- Engine: ReplacingMergeTree(), ORDER BY (entity_id, score_version), no partitions.
-- Dedup key: (entity_id, score_version), i.e. event_id = entity_id:score_version. A replay after a
-- Flink failure re-inserts the same versions; the last insert wins. No partitions on purpose: a
-- heartbeat's as_of depends on when the watermark passed, so a replayed version may carry another
-- as_of, and rows only replace each other within one partition. Read with FINAL.
--
-- The eight dimension sub-scores are dim_* columns (0-100, higher = better); the reasons (Avro array
-- of ReasonCode, strongest first) are four parallel arrays: reason_code[i] moved the score by
-- reason_points[i] in reason_dimension[i]. Times as in trade_events: DateTime('UTC') + exact *_ms
-- Int64; trigger as the enum symbol (EVENT, HEARTBEAT).
CREATE TABLE IF NOT EXISTS ${database}.credit_scores
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
ENGINE = ReplacingMergeTree()
ORDER BY (entity_id, score_version)
