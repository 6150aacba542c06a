package io.crosstrust.sinks.clickhouse;

import static io.crosstrust.sinks.clickhouse.SinkTestRecords.HUGE;
import static io.crosstrust.sinks.clickhouse.SinkTestRecords.NEGATIVE;
import static io.crosstrust.sinks.clickhouse.SinkTestRecords.RAW_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.sinks.clickhouse.ClickHouseEngines.Engine;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every statement of {@link ClickHouseSchema} on ClickHouse 18.16 (the embedded stack's server) and
 * on a current release (chDB), then a round trip per table on both: rows encoded by the sink's
 * encoders go in as RowBinary and come back exact (38-digit decimals, negative amounts, UTC times
 * with their milliseconds, NULLs, raw bytes), and the ReplacingMergeTree keys dedup under FINAL.
 */
class ClickHouseDdlITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String DB = "ddl_it";

    private static Engine server;
    private static Engine chDb;

    @BeforeAll
    static void createSchemaOnBoth() {
        server = ClickHouseEngines.server(CLICKHOUSE.connection(DB));
        chDb = ClickHouseEngines.chDb();
        ClickHouseSchema.apply(CLICKHOUSE.connection(DB));
        for (String statement : ClickHouseSchema.statements(DB)) {
            chDb.execute(statement);
        }
    }

    private static Engine engine(String name) {
        return name.equals("server") ? server : chDb;
    }

    @Test
    void theEnginesAreTheVersionsWeClaim() {
        assertThat(server.name()).startsWith("ClickHouse 18.16");
        assertThat(chDb.name()).matches("chDB (2[4-9]|[3-9][0-9])\\..*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void everyStatementRunsAgainWithoutError(String name) {
        Engine engine = engine(name);
        List<String> statements = ClickHouseSchema.statements(DB);
        for (String statement : statements) {
            engine.execute(statement); // IF NOT EXISTS: applying twice is a no-op
        }
        ClickHouseRows tables =
                engine.select(
                        "SELECT name, engine FROM system.tables WHERE database = '"
                                + DB
                                + "' AND engine != 'View' ORDER BY name");
        assertThat(tables.column("name"))
                .containsExactly(
                        ClickHouseSchema.CREDIT_SCORES,
                        ClickHouseSchema.CREDIT_SCORES_LATEST,
                        ClickHouseSchema.DEAD_LETTERS,
                        ClickHouseSchema.ENTITY_ACTIVITY,
                        ClickHouseSchema.NETWORK_METRICS,
                        ClickHouseSchema.RISK_WARNINGS,
                        ClickHouseSchema.TRADE_EVENTS);
        assertThat(tables.column("engine")).containsOnly("ReplacingMergeTree");
    }

    @Test
    void bothEnginesSeeTheSameColumnsTypesAndDefaults() {
        for (String table :
                List.of(
                        ClickHouseSchema.TRADE_EVENTS,
                        ClickHouseSchema.ENTITY_ACTIVITY,
                        ClickHouseSchema.DEAD_LETTERS)) {
            List<List<String>> onServer = describe(server, table);
            List<List<String>> onChDb = describe(chDb, table);
            assertThat(onServer).as(table).hasSizeGreaterThan(10);
            assertThat(onChDb).as(table).isEqualTo(onServer);
        }
    }

    @Test
    void encoderColumnsAreExactlyTheTablesColumnsWithoutDefaults() {
        for (ClickHouseRowEncoder<?> encoder :
                List.of(
                        new TradeEventRowEncoder(),
                        new EntityActivityRowEncoder(),
                        new DeadLetterRowEncoder())) {
            List<String> withoutDefault =
                    describe(server, encoder.table()).stream()
                            .filter(column -> column.get(2).isEmpty())
                            .map(column -> column.get(0))
                            .collect(Collectors.toList());
            assertThat(encoder.columns()).as(encoder.table()).isEqualTo(withoutDefault);
        }
    }

    /** (name, type, default kind, default expression) per column, in table order. */
    private static List<List<String>> describe(Engine engine, String table) {
        ClickHouseRows rows = engine.select("DESCRIBE TABLE " + DB + "." + table);
        return rows.asMaps().stream()
                .map(
                        column ->
                                List.of(
                                        column.get("name"),
                                        column.get("type"),
                                        column.get("default_type"),
                                        column.get("default_expression")))
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void tradeEventsRoundTripExactly(String name) {
        Engine engine = engine(name);
        String table = DB + ".trade_events";
        String prefix = name + "-te-";
        TradeEventRowEncoder encoder = new TradeEventRowEncoder();
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(
                        encoder,
                        SinkTestRecords.payment(prefix + "1", "buyer-1"),
                        SinkTestRecords.bare(prefix + "2", "buyer-2"),
                        SinkTestRecords.chainEvent(prefix + "3", "buyer-3", false)));

        Map<String, Map<String, String>> rows =
                byEventId(
                        engine.select(
                                "SELECT event_id, toString(event_time) AS event_time_text,"
                                        + " toUnixTimestamp(event_time) AS event_epoch, event_time_ms,"
                                        + " source, source_name, type, order_id, subject_id,"
                                        + " counterparty_id, subject_region, counterparty_region,"
                                        + " subject_address, toString(amount) AS amount_text, currency,"
                                        + " toString(reference_amount) AS reference_amount_text,"
                                        + " reference_currency,"
                                        + " toString(reference_time) AS reference_time_text,"
                                        + " reference_time_ms, detail, rating, on_chain, chain_id,"
                                        + " contract_address, block_number, block_hash, tx_hash,"
                                        + " log_index, toString(block_time) AS block_time_text,"
                                        + " block_time_ms, removed,"
                                        + " amount = toDecimal128('12345678901234567890.123456789012345678', 18) AS amount_exact"
                                        + " FROM "
                                        + table
                                        + " WHERE event_id LIKE '"
                                        + prefix
                                        + "%'"));
        assertThat(rows).hasSize(3);

        Map<String, String> payment = rows.get(prefix + "1");
        assertThat(payment.get("event_time_text")).isEqualTo("2026-03-02 01:02:03");
        assertThat(payment.get("event_epoch")).isEqualTo("1772413323");
        assertThat(payment.get("event_time_ms")).isEqualTo("1772413323456");
        assertThat(payment.get("source")).isEqualTo("PLATFORM");
        assertThat(payment.get("type")).isEqualTo("PAYMENT_MADE");
        assertThat(payment.get("counterparty_id")).isEqualTo("seller-Ω");
        assertThat(payment.get("subject_region")).isEqualTo("CN-GD");
        assertThat(payment.get("subject_address")).isNull();
        assertThat(new BigDecimal(payment.get("amount_text"))).isEqualByComparingTo(HUGE);
        assertThat(payment.get("amount_exact")).isEqualTo("1");
        assertThat(payment.get("currency")).isEqualTo("USD");
        assertThat(new BigDecimal(payment.get("reference_amount_text")))
                .isEqualByComparingTo(NEGATIVE);
        assertThat(payment.get("reference_currency")).isEqualTo("EUR");
        assertThat(payment.get("reference_time_text")).isEqualTo("2026-04-01 01:02:03");
        assertThat(payment.get("reference_time_ms")).isEqualTo("1775005323457");
        assertThat(payment.get("detail")).isEqualTo(SinkTestRecords.payment("x", "y").getDetail());
        assertThat(payment.get("rating")).isEqualTo("5");
        assertThat(payment.get("on_chain")).isEqualTo("0");
        assertThat(payment.get("chain_id")).isNull();
        assertThat(payment.get("removed")).isEqualTo("0");

        Map<String, String> bare = rows.get(prefix + "2");
        for (String column :
                List.of(
                        "order_id",
                        "counterparty_id",
                        "subject_region",
                        "amount_text",
                        "currency",
                        "reference_amount_text",
                        "reference_time_text",
                        "reference_time_ms",
                        "detail",
                        "rating",
                        "block_hash",
                        "block_time_text")) {
            assertThat(bare.get(column)).as(column).isNull();
        }

        TradeEvent chainEvent = SinkTestRecords.chainEvent("x", "y", false);
        Map<String, String> chain = rows.get(prefix + "3");
        assertThat(chain.get("source")).isEqualTo("CHAIN");
        assertThat(chain.get("on_chain")).isEqualTo("1");
        assertThat(chain.get("chain_id")).isEqualTo("31337");
        assertThat(chain.get("block_number")).isEqualTo("123456789");
        assertThat(chain.get("block_hash")).isEqualTo(chainEvent.getChain().getBlockHash());
        assertThat(chain.get("tx_hash")).isEqualTo(chainEvent.getChain().getTxHash());
        assertThat(chain.get("log_index")).isEqualTo("7");
        assertThat(chain.get("block_time_text")).isEqualTo("2026-03-02 01:02:02");
        assertThat(chain.get("block_time_ms")).isEqualTo("1772413322457");
        assertThat(new BigDecimal(chain.get("amount_text")))
                .isEqualByComparingTo(new BigDecimal("1500.000000000000000001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void aReorgRetractionOutranksTheOriginalInEitherOrder(String name) {
        Engine engine = engine(name);
        String table = DB + ".trade_events";
        TradeEventRowEncoder encoder = new TradeEventRowEncoder();
        String first = name + "-reorg-a";
        String second = name + "-reorg-b";
        // a: original then retraction; b: retraction then a late replay of the original
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(encoder, SinkTestRecords.chainEvent(first, "s", false)));
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(
                        encoder,
                        SinkTestRecords.chainEvent(first, "s", true),
                        SinkTestRecords.chainEvent(second, "s", true)));
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(encoder, SinkTestRecords.chainEvent(second, "s", false)));

        ClickHouseRows finalRows =
                engine.select(
                        "SELECT event_id, removed FROM "
                                + table
                                + " FINAL WHERE event_id IN ('"
                                + first
                                + "', '"
                                + second
                                + "') ORDER BY event_id");
        assertThat(finalRows.rows()).containsExactly(List.of(first, "1"), List.of(second, "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void entityActivityKeepsTheHighestVersionAndExactVolumes(String name) {
        Engine engine = engine(name);
        String table = DB + ".entity_activity";
        String entity = name + "-entity";
        EntityActivityRowEncoder encoder = new EntityActivityRowEncoder();
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(encoder, SinkTestRecords.activity(entity, 5)));
        // a replay re-sends older versions after the newest one
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(
                        encoder,
                        SinkTestRecords.activity(entity, 3),
                        SinkTestRecords.activity(entity, 5)));

        ClickHouseRows rows =
                engine.select(
                        "SELECT event_id, version, events, region,"
                                + " arrayStringConcat(order_volume_currency, ',') AS currencies,"
                                + " length(order_volume_amount) AS n,"
                                + " toString(order_volume_amount[1]) AS a1,"
                                + " toString(order_volume_amount[2]) AS a2,"
                                + " toString(order_volume_amount[3]) AS a3,"
                                + " toString(last_event_time) AS last_time, last_event_time_ms"
                                + " FROM "
                                + table
                                + " FINAL WHERE entity_id = '"
                                + entity
                                + "'");
        assertThat(rows.size()).isEqualTo(1);
        Map<String, String> row = rows.asMaps().get(0);
        assertThat(row.get("event_id")).isEqualTo(entity + ":5");
        assertThat(row.get("version")).isEqualTo("5");
        assertThat(row.get("events")).isEqualTo("5");
        assertThat(row.get("region")).isEqualTo("VN");
        assertThat(row.get("currencies")).isEqualTo("CNY,USD,USDC");
        assertThat(row.get("n")).isEqualTo("3");
        assertThat(new BigDecimal(row.get("a1"))).isEqualByComparingTo("-12.5");
        assertThat(new BigDecimal(row.get("a2"))).isEqualByComparingTo(HUGE);
        assertThat(new BigDecimal(row.get("a3"))).isEqualByComparingTo("0.000000000000000001");
        assertThat(row.get("last_time")).isEqualTo("2026-03-02 01:02:03");
        assertThat(row.get("last_event_time_ms")).isEqualTo("1772413323461");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void deadLettersKeepTheRawBytesExactly(String name) {
        Engine engine = engine(name);
        String table = DB + ".dead_letters";
        DeadLetterRowEncoder encoder = new DeadLetterRowEncoder();
        String withValue = name + "-dl-1";
        String withoutValue = name + "-dl-2";
        engine.insertRowBinary(
                table,
                encoder.columns(),
                SinkTestRecords.rows(
                        encoder,
                        SinkTestRecords.deadLetter(withValue, RAW_VALUE),
                        SinkTestRecords.deadLetter(withoutValue, null),
                        SinkTestRecords.deadLetter(withValue, RAW_VALUE))); // a replayed copy

        ClickHouseRows rows =
                engine.select(
                        "SELECT event_id, hex(raw_value) AS value_hex, length(raw_value) AS n,"
                                + " raw_key IS NULL AS no_key, failure, source_offset,"
                                + " toString(failed_at) AS failed_at_text, failed_at_ms,"
                                + " source_timestamp_ms"
                                + " FROM "
                                + table
                                + " FINAL WHERE event_id LIKE '"
                                + name
                                + "-dl-%' ORDER BY event_id");
        assertThat(rows.size()).isEqualTo(2);
        Map<String, String> first = rows.asMaps().get(0);
        assertThat(first.get("value_hex"))
                .isEqualTo(HexFormat.of().withUpperCase().formatHex(RAW_VALUE));
        assertThat(first.get("n")).isEqualTo(Integer.toString(RAW_VALUE.length));
        assertThat(first.get("no_key")).isEqualTo("1");
        assertThat(first.get("failure")).isEqualTo("UNDECODABLE");
        assertThat(first.get("source_offset")).isEqualTo("9007199254740993");
        assertThat(first.get("failed_at_text")).isEqualTo("2026-03-02 01:02:03");
        assertThat(first.get("failed_at_ms")).isEqualTo("1772413323456");
        assertThat(first.get("source_timestamp_ms")).isNull();
        Map<String, String> second = rows.asMaps().get(1);
        assertThat(second.get("value_hex")).isNull();
    }

    private static Map<String, Map<String, String>> byEventId(ClickHouseRows rows) {
        return rows.asMaps().stream()
                .collect(Collectors.toMap(row -> row.get("event_id"), row -> row));
    }
}
