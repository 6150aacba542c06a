-- entity_activity: the running per-entity aggregate of canonical events (Avro
-- io.crosstrust.events.trade.EntityActivity), written by ClickHouseSink with
-- EntityActivityRowEncoder. Every counted event upserts the entity's row.
--
-- Engine: ReplacingMergeTree(version), ORDER BY entity_id, no partitions (an entity's rows must
-- meet in one partition to be replaced). Dedup key: entity_id; the row with the highest version
-- (events counted so far, monotonic per entity) wins, so a replay that re-sends older versions
-- never moves an entity back. Read the current state with FINAL.
--
-- order_volume (Avro array of Money, sorted by currency) is two parallel arrays of equal length:
-- order_volume_currency[i] holds order_volume_amount[i], an exact Decimal(38, 18). Times as in
-- trade_events: DateTime('UTC') + exact *_ms Int64. event_id is the update's own id
-- (entity_id:version).
CREATE TABLE IF NOT EXISTS ${database}.entity_activity
(
    entity_id             String,
    event_id              String,
    region                Nullable(String),
    version               UInt64,
    events                Int64,
    orders                Int64,
    payments              Int64,
    shipments             Int64,
    disputes              Int64,
    on_chain_events       Int64,
    order_volume_currency Array(String),
    order_volume_amount   Array(Decimal(38, 18)),
    first_event_time      DateTime('UTC'),
    first_event_time_ms   Int64,
    last_event_time       DateTime('UTC'),
    last_event_time_ms    Int64,
    last_event_id         String,
    ingested_at           DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
ORDER BY entity_id
