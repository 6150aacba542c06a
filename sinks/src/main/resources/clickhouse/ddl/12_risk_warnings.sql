-- risk_warnings: every published risk warning, raised or cleared (Avro
-- io.crosstrust.events.output.RiskWarning, topic risk.warnings), what risk teams query and drill
-- into. Written by the warnings job (ClickHouseSink with RiskWarningRowEncoder).
--
-- Engine: ReplacingMergeTree(), ORDER BY (entity_id, event_id), no partitions.
-- Dedup key: event_id = entity_id:TYPE:n (n counts the entity's warnings of the type). A replay
-- after a Flink failure re-inserts the same ids; the last insert wins (raised_at, processing time,
-- may differ between the copies). Read with FINAL.
--
-- type, severity and status as the enum symbols; evidence_event_ids are the event ids (of
-- trade_events) the warning cites; raised_at is processing time, event_time the event time of the
-- triggering evidence; times as DateTime('UTC') + exact *_ms Int64.
CREATE TABLE IF NOT EXISTS ${database}.risk_warnings
(
    event_id                String,
    entity_id               String,
    region                  Nullable(String),
    type                    String,
    severity                String,
    status                  String,
    explanation             String,
    evidence_event_ids      Array(String),
    rule_id                 String,
    rule_version            Int64,
    model_version           Nullable(String),
    raised_at               DateTime('UTC'),
    raised_at_ms            Int64,
    event_time              DateTime('UTC'),
    event_time_ms           Int64,
    ingested_at             DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
ORDER BY (entity_id, event_id)
