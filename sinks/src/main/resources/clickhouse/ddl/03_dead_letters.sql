-- dead_letters: records that could not be decoded or validated (Avro
-- io.crosstrust.events.ops.DeadLetter, topic dead.letters), kept whole with where they came from
-- and why; written by ClickHouseSink with DeadLetterRowEncoder. Nothing is dropped silently.
--
-- Engine: ReplacingMergeTree, ORDER BY event_id (source_topic/partition/offset), no partitions.
-- Dedup key: event_id. A replay re-rejects the same record with a later failed_at; whichever row
-- was inserted last survives, and both describe the same record.
--
-- raw_key / raw_value hold the record's bytes exactly as received (a ClickHouse String is a byte
-- string): read them with hex(raw_value) or base64Encode(raw_value) (current releases) and decode
-- back to the identical bytes. NULL when the record had no key/value.
CREATE TABLE IF NOT EXISTS ${database}.dead_letters
(
    event_id            String,
    failed_at           DateTime('UTC'),
    failed_at_ms        Int64,
    stage               String,
    failure             String,
    reason              String,
    source_topic        String,
    source_partition    Int32,
    source_offset       Int64,
    source_timestamp    Nullable(DateTime('UTC')),
    source_timestamp_ms Nullable(Int64),
    raw_key             Nullable(String),
    raw_value           Nullable(String),
    event_id_hint       Nullable(String),
    ingested_at         DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
ORDER BY event_id
