package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter binding and result parsing, without a server. */
class ClickHouseQueryTest {
    @Test
    void valuesBecomeAnExternalTableAndNeverEnterTheSql() {
        ClickHouseQuery.Bound bound =
                ClickHouseQuery.bind(
                        "SELECT * FROM t WHERE id = {id:String} AND at >= {since:DateTime('UTC')}"
                                + " AND amount > {min:Decimal(38, 18)} AND id != {id:String}",
                        Map.of(
                                "id",
                                "x' OR 1=1 --\tand\\more\n",
                                "since",
                                Instant.parse("2026-03-02T00:00:00Z"),
                                "min",
                                new BigDecimal("12345678901234567890.123456789012345678")));
        assertThat(bound.sql)
                .isEqualTo(
                        "SELECT * FROM t WHERE id = (SELECT `id` FROM _params)"
                                + " AND at >= (SELECT `since` FROM _params)"
                                + " AND amount > CAST((SELECT `min` FROM _params) AS Decimal(38, 18))"
                                + " AND id != (SELECT `id` FROM _params)");
        assertThat(bound.sql).doesNotContain("OR 1=1");
        assertThat(bound.structure).isEqualTo("id String, since DateTime('UTC'), min String");
        assertThat(bound.row)
                .isEqualTo(
                        "x' OR 1=1 --\\tand\\\\more\\n"
                                + "\t2026-03-02 00:00:00"
                                + "\t12345678901234567890.123456789012345678");
    }

    @Test
    void decimalsTravelAsExactTextAndAreCastBackInTheSql() {
        assertThat(ClickHouseQuery.structureType("a", "Decimal(38, 18)")).isEqualTo("String");
        assertThat(ClickHouseQuery.placeholder("a", "Decimal(38, 18)"))
                .isEqualTo("CAST((SELECT `a` FROM _params) AS Decimal(38, 18))");
        assertThat(ClickHouseQuery.placeholder("a", "String"))
                .isEqualTo("(SELECT `a` FROM _params)");
        assertThatThrownBy(() -> ClickHouseQuery.structureType("a", "Array(Decimal(18, 4))"))
                .hasMessageContaining("plain Decimal");
        assertThatThrownBy(() -> ClickHouseQuery.structureType("a", "Tuple(String, Int64)"))
                .hasMessageContaining("no comma");
    }

    @Test
    void nullsArraysAndBooleansHaveTheirTabSeparatedForms() {
        Map<String, Object> values = new HashMap<>();
        values.put("n", null);
        values.put("ids", List.of("a'b", "c\td\\"));
        values.put("flag", true);
        ClickHouseQuery.Bound bound =
                ClickHouseQuery.bind(
                        "SELECT {n:Nullable(String)}, has({ids:Array(String)}, x), {flag:UInt8}",
                        values);
        assertThat(bound.row).isEqualTo("\\N\t['a\\'b','c\\td\\\\']\t1");
    }

    @Test
    void identifiersAreCheckedAndSplicedNotQuotedAsValues() {
        ClickHouseQuery.Bound bound =
                ClickHouseQuery.bind(
                        "SELECT count() FROM {t:Identifier}", Map.of("t", "db.trade_events"));
        assertThat(bound.sql).isEqualTo("SELECT count() FROM db.trade_events");
        assertThat(bound.structure).isEmpty();
        assertThatThrownBy(
                        () ->
                                ClickHouseQuery.bind(
                                        "SELECT 1 FROM {t:Identifier}",
                                        Map.of("t", "x; DROP TABLE y")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingUnusedAndUnsafeParametersAreRefused() {
        assertThatThrownBy(() -> ClickHouseQuery.bind("SELECT {a:String}", Map.of()))
                .hasMessageContaining("no value for parameter {a:String}");
        assertThatThrownBy(() -> ClickHouseQuery.bind("SELECT 1", Map.of("a", "x")))
                .hasMessageContaining("parameter a is not used");
        assertThatThrownBy(() -> ClickHouseQuery.bind("SELECT {a:String}", Map.of("a", 1.5)))
                .hasMessageContaining("use BigDecimal");
        assertThatThrownBy(
                        () ->
                                ClickHouseQuery.bind(
                                        "SELECT {t:DateTime}",
                                        Map.of("t", Instant.parse("2026-01-01T00:00:00.5Z"))))
                .hasMessageContaining("fraction of a second");
        assertThatThrownBy(
                        () ->
                                ClickHouseQuery.bind(
                                        "SELECT {a:String}, {a:Int64}", Map.of("a", "1")))
                .hasMessageContaining("used as both");
        assertThatThrownBy(() -> ClickHouseQuery.bind("SELECT {a:String); DROP}", Map.of("a", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tabSeparatedWithNamesParsesNullsAndEscapes() {
        ClickHouseRows rows =
                ClickHouseQuery.parseTabSeparatedWithNames(
                        "id\tdetail\tamount\n"
                                + "a\ttab\\there\\nnewline \\\\ \\'q\\'\t1.5\n"
                                + "b\t\\N\t\\N\n");
        assertThat(rows.columns()).containsExactly("id", "detail", "amount");
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0, "detail")).isEqualTo("tab\there\nnewline \\ 'q'");
        assertThat(rows.rows().get(1)).isEqualTo(Arrays.asList("b", null, null));
        assertThat(rows.column("id")).containsExactly("a", "b");
        assertThat(rows.asMaps().get(0)).containsEntry("amount", "1.5");
    }

    @Test
    void anEmptyResultHasNoRows() {
        assertThat(ClickHouseQuery.parseTabSeparatedWithNames("").isEmpty()).isTrue();
        assertThat(ClickHouseQuery.parseTabSeparatedWithNames("c\n").columns())
                .containsExactly("c");
    }

    @Test
    void singleWantsExactlyOneValue() {
        ClickHouseRows rows = ClickHouseQuery.parseTabSeparatedWithNames("a\tb\n1\t2\n");
        assertThatThrownBy(rows::single).hasMessageContaining("1 row x 1 column");
    }
}
