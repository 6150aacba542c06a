package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Query parameters on ClickHouse 18.16, which has no server-side query parameters: values travel as
 * external data, typed, and come back unchanged whatever characters they hold.
 */
class ClickHouseQueryITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static ClickHouseQuery query;

    @BeforeAll
    static void loadEvents() throws Exception {
        ClickHouseConnection connection = CLICKHOUSE.createSchema("query_it");
        query = new ClickHouseQuery(connection);
        ClickHouseEngines.server(connection)
                .insertRowBinary(
                        "query_it.trade_events",
                        new TradeEventRowEncoder().columns(),
                        SinkTestRecords.rows(
                                new TradeEventRowEncoder(),
                                SinkTestRecords.payment("q-1", "buyer 'quoted'\t\\"),
                                SinkTestRecords.payment("q-2", "buyer-2"),
                                SinkTestRecords.bare("q-3", "buyer-2")));
    }

    @Test
    void aStringParameterWithQuotesTabsAndBackslashesMatchesExactly() throws IOException {
        ClickHouseRows rows =
                query.select(
                        "SELECT event_id, subject_id FROM trade_events WHERE subject_id = {s:String}",
                        Map.of("s", "buyer 'quoted'\t\\"));
        assertThat(rows.rows()).containsExactly(List.of("q-1", "buyer 'quoted'\t\\"));
    }

    @Test
    void anInjectionAttemptIsJustAValueThatMatchesNothing() throws IOException {
        ClickHouseRows rows =
                query.select(
                        "SELECT count() FROM trade_events WHERE subject_id = {s:String}",
                        Map.of("s", "x' OR 1=1 OR subject_id = '"));
        assertThat(rows.single()).isEqualTo("0");
    }

    @Test
    void dateTimeDecimalArrayIdentifierAndNullParametersWork() throws IOException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("since", Instant.parse("2026-03-02T01:02:03Z"));
        parameters.put("min", new BigDecimal("12345678901234567890.123456789012345678"));
        parameters.put("ids", List.of("q-1", "q-2", "it's\tnot \\ there"));
        parameters.put("table", "trade_events");
        parameters.put("nothing", null);
        ClickHouseRows rows =
                query.select(
                        "SELECT event_id, isNull({nothing:Nullable(String)}) AS null_param"
                                + " FROM {table:Identifier}"
                                + " WHERE event_time >= {since:DateTime('UTC')}"
                                + "   AND amount >= {min:Decimal(38, 18)}"
                                + "   AND has({ids:Array(String)}, event_id)"
                                + " ORDER BY event_id",
                        parameters);
        assertThat(rows.rows()).containsExactly(List.of("q-1", "1"), List.of("q-2", "1"));
    }

    @Test
    void aParameterMayBeNamedLikeAKeyword() throws IOException {
        assertThat(
                        query.select(
                                        "SELECT count() FROM trade_events WHERE event_id = {from:String}",
                                        Map.of("from", "q-2"))
                                .single())
                .isEqualTo("1");
    }

    @Test
    void jsonEachRowReturnsOneObjectPerRow() throws IOException {
        List<String> rows =
                query.selectJsonEachRow(
                        "SELECT event_id, toString(amount) AS amount FROM trade_events"
                                + " WHERE subject_id = {s:String} ORDER BY event_id",
                        Map.of("s", "buyer-2"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .contains("\"event_id\":\"q-2\"")
                .contains("12345678901234567890.123456789012345678");
        assertThat(rows.get(1)).contains("\"event_id\":\"q-3\"").contains("\"amount\":null");
    }

    @Test
    void aServerErrorComesBackWithClickHousesMessage() {
        assertThatThrownBy(() -> query.select("SELECT no_such_column FROM trade_events"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("no_such_column");
    }
}
