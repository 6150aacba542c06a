package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The chDB binding itself: a current engine, its errors, binary-safe inserts. */
class ChDbITCase {
    private final ChDb chDb = ChDb.shared();

    @Test
    void isACurrentClickHouseInThisProcess() {
        assertThat(ChDb.isInstalled()).isTrue();
        assertThat(Integer.parseInt(chDb.version().split("\\.")[0])).isGreaterThanOrEqualTo(24);
        assertThat(ChDb.shared()).isSameAs(chDb);
        assertThat(chDb.query("SELECT 1 + 1")).isEqualTo("2\n");
    }

    @Test
    void errorsCarryChDbsMessageAndDoNotLeakIntoTheNextResult() {
        assertThatThrownBy(
                        () ->
                                chDb.query(
                                        "SELECT number AS a, throwIf(number = 3) AS b FROM numbers(10)",
                                        "TabSeparatedWithNames"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("throwIf");
        assertThat(chDb.query("SELECT 7 AS seven", "TabSeparatedWithNames"))
                .isEqualTo("seven\n7\n");
    }

    @Test
    void rowBinaryInsertsAreBinarySafe() {
        chDb.query("CREATE DATABASE IF NOT EXISTS chdb_it");
        chDb.query(
                "CREATE TABLE IF NOT EXISTS chdb_it.raw (v String) ENGINE = MergeTree ORDER BY v");
        chDb.insertRowBinary(
                "chdb_it.raw",
                List.of("v"),
                new byte[] {3, 0, (byte) 0xFF, 0x0A}); // one String of 3 bytes: 00 FF 0A
        assertThat(chDb.query("SELECT hex(v) FROM chdb_it.raw")).isEqualTo("00FF0A\n");
    }
}
