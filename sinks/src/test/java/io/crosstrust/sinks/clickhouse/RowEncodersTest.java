package io.crosstrust.sinks.clickhouse;

import static io.crosstrust.sinks.clickhouse.RowBinaryDecoder.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The encoders against the DDL, without a server: each encoder's columns exist in its table's
 * CREATE statement, and its bytes decode with exactly those columns' types into the record's
 * values, leaving no byte over.
 */
class RowEncodersTest {
    private static String createTable(String table) {
        return ClickHouseSchema.statements("db").stream()
                .filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS db." + table + "\n"))
                .findFirst()
                .orElseThrow();
    }

    private static <T> Map<String, Object> decodeOne(ClickHouseRowEncoder<T> encoder, T record) {
        Map<String, String> types =
                RowBinaryDecoder.columns(createTable(encoder.table()), encoder.columns());
        RowBinaryDecoder decoder = new RowBinaryDecoder(SinkTestRecords.rows(encoder, record));
        Map<String, Object> row = decoder.row(types);
        assertThat(decoder.hasRemaining()).as("bytes left after one row").isFalse();
        return row;
    }

    @Test
    void everyColumnWithoutADefaultIsWrittenInTableOrder() {
        for (ClickHouseRowEncoder<?> encoder :
                List.of(
                        new TradeEventRowEncoder(),
                        new EntityActivityRowEncoder(),
                        new DeadLetterRowEncoder())) {
            Map<String, String> all = RowBinaryDecoder.columns(createTable(encoder.table()));
            List<String> withoutDefault =
                    all.keySet().stream().filter(c -> !c.equals("ingested_at")).toList();
            assertThat(encoder.columns()).as(encoder.table()).isEqualTo(withoutDefault);
        }
    }

    @Test
    void aPaymentDecodesToItsValues() {
        TradeEvent e = SinkTestRecords.payment("p-1", "buyer-1");
        Map<String, Object> row = decodeOne(new TradeEventRowEncoder(), e);
        assertThat(utf8(row.get("event_id"))).isEqualTo("p-1");
        assertThat(row.get("event_time")).isEqualTo(Instant.parse("2026-03-02T01:02:03Z"));
        assertThat(row.get("event_time_ms")).isEqualTo(1772413323456L);
        assertThat(utf8(row.get("source"))).isEqualTo("PLATFORM");
        assertThat(utf8(row.get("type"))).isEqualTo("PAYMENT_MADE");
        assertThat(utf8(row.get("counterparty_id"))).isEqualTo("seller-Ω");
        assertThat(row.get("subject_address")).isNull();
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo(SinkTestRecords.HUGE);
        assertThat(utf8(row.get("currency"))).isEqualTo("USD");
        assertThat((BigDecimal) row.get("reference_amount"))
                .isEqualByComparingTo(SinkTestRecords.NEGATIVE);
        assertThat(row.get("reference_time_ms")).isEqualTo(e.getReferenceTime().toEpochMilli());
        assertThat(utf8(row.get("detail"))).isEqualTo(e.getDetail());
        assertThat(row.get("rating")).isEqualTo(5L);
        assertThat(row.get("on_chain")).isEqualTo(0L);
        assertThat(row.get("chain_id")).isNull();
        assertThat(row.get("removed")).isEqualTo(0L);
    }

    @Test
    void aBareEventHasNullsWhereTheRecordHasNone() {
        Map<String, Object> row =
                decodeOne(new TradeEventRowEncoder(), SinkTestRecords.bare("b-1", "s"));
        for (String column :
                List.of(
                        "order_id",
                        "counterparty_id",
                        "amount",
                        "currency",
                        "reference_amount",
                        "reference_currency",
                        "reference_time",
                        "reference_time_ms",
                        "detail",
                        "rating",
                        "block_number",
                        "block_time_ms")) {
            assertThat(row.get(column)).as(column).isNull();
        }
    }

    @Test
    void aChainEventCarriesItsPositionAndRetractionFlag() {
        TradeEvent e = SinkTestRecords.chainEvent("c-1", "s", true);
        Map<String, Object> row = decodeOne(new TradeEventRowEncoder(), e);
        assertThat(row.get("chain_id")).isEqualTo(31337L);
        assertThat(row.get("block_number")).isEqualTo(123456789L);
        assertThat(utf8(row.get("tx_hash"))).isEqualTo(e.getChain().getTxHash());
        assertThat(row.get("log_index")).isEqualTo(7L);
        assertThat(row.get("block_time_ms")).isEqualTo(e.getChain().getBlockTime().toEpochMilli());
        assertThat(row.get("on_chain")).isEqualTo(1L);
        assertThat(row.get("removed")).isEqualTo(1L);
    }

    @Test
    void entityActivityWritesParallelVolumeArrays() {
        EntityActivity a = SinkTestRecords.activity("e-1", 42);
        Map<String, Object> row = decodeOne(new EntityActivityRowEncoder(), a);
        assertThat(utf8(row.get("event_id"))).isEqualTo("e-1:42");
        assertThat(row.get("version")).isEqualTo(42L);
        assertThat((List<?>) row.get("order_volume_currency"))
                .map(RowBinaryDecoder::utf8)
                .containsExactly("CNY", "USD", "USDC");
        assertThat((List<?>) row.get("order_volume_amount"))
                .map(BigDecimal.class::cast)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(
                        new BigDecimal("-12.5"),
                        SinkTestRecords.HUGE,
                        new BigDecimal("0.000000000000000001"));
        assertThat(row.get("last_event_time_ms")).isEqualTo(a.getLastEventTime().toEpochMilli());
    }

    @Test
    void aNegativeVersionCannotBecomeAHugeUnsignedOne() {
        EntityActivity a = SinkTestRecords.activity("e-1", 1);
        a.setVersion(-1L);
        assertThatThrownBy(() -> SinkTestRecords.rows(new EntityActivityRowEncoder(), a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
    }

    @Test
    void deadLettersKeepRawBytes() {
        Map<String, Object> row =
                decodeOne(
                        new DeadLetterRowEncoder(),
                        SinkTestRecords.deadLetter("topic/3/9", SinkTestRecords.RAW_VALUE));
        assertThat((byte[]) row.get("raw_value")).isEqualTo(SinkTestRecords.RAW_VALUE);
        assertThat(row.get("raw_key")).isNull();
        assertThat(utf8(row.get("failure"))).isEqualTo("UNDECODABLE");
        assertThat(row.get("source_partition")).isEqualTo(3L);
        assertThat(row.get("source_offset")).isEqualTo(9_007_199_254_740_993L);
        assertThat(row.get("source_timestamp")).isNull();
    }

    @Test
    void anEventBefore1970IsRefusedNamingTheColumn() {
        TradeEvent e = SinkTestRecords.bare("old", "s");
        e.setEventTime(Instant.parse("1969-07-20T20:17:40Z"));
        assertThatThrownBy(() -> SinkTestRecords.rows(new TradeEventRowEncoder(), e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_time");
    }
}
