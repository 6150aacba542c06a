-- trade_events: every canonical event of the Kafka topic trade.events (Avro
-- io.crosstrust.events.trade.TradeEvent), one row per event, written by ClickHouseSink with
-- TradeEventRowEncoder. The evidence store behind scores, warnings and KPIs.
--
-- Engine: ReplacingMergeTree(removed), PARTITION BY month of event_time, ORDER BY (subject_id, event_id).
-- Dedup key: (subject_id, event_id) within a month partition. A replay after a Flink failure
-- re-inserts identical rows; they collapse on merge, and queries that must not double count read
-- with FINAL. The version column is `removed`: a chain reorg re-emits a log with removed = 1 and the
-- same event_id, and that retraction outranks the original row whatever order they arrive in.
--
-- Conventions (work on ClickHouse 18.16 and current releases):
--   money     amount Decimal(38, 18) + currency, exact; both NULL when the event carries no amount
--             (same for reference_amount + reference_currency)
--   optional  Avro ["null", T] fields are Nullable(T): NULL is not '' and not 0
--   time      DateTime('UTC') (seconds, for filters and partitions) + *_ms Int64 (exact epoch
--             milliseconds; 18.16 has no DateTime64)
--   enums     Avro enum symbols as String, so new symbols need no ALTER
--   chain     the ChainLog fields, NULL for platform events; removed is 0 for them
CREATE TABLE IF NOT EXISTS ${database}.trade_events
(
    event_id            String,
    event_time          DateTime('UTC'),
    event_time_ms       Int64,
    source              String,
    source_name         String,
    type                String,
    order_id            Nullable(String),
    subject_id          String,
    counterparty_id     Nullable(String),
    subject_region      Nullable(String),
    counterparty_region Nullable(String),
    subject_address     Nullable(String),
    amount              Nullable(Decimal(38, 18)),
    currency            Nullable(String),
    reference_amount    Nullable(Decimal(38, 18)),
    reference_currency  Nullable(String),
    reference_time      Nullable(DateTime('UTC')),
    reference_time_ms   Nullable(Int64),
    detail              Nullable(String),
    rating              Nullable(Int32),
    on_chain            UInt8,
    chain_id            Nullable(Int64),
    contract_address    Nullable(String),
    block_number        Nullable(Int64),
    block_hash          Nullable(String),
    tx_hash             Nullable(String),
    log_index           Nullable(Int32),
    block_time          Nullable(DateTime('UTC')),
    block_time_ms       Nullable(Int64),
    removed             UInt8,
    ingested_at         DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(removed)
PARTITION BY toYYYYMM(event_time)
ORDER BY (subject_id, event_id)
