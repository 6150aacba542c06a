package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickHouseSchemaTest {
    @Test
    void statementsComeInFileOrderWithTheDatabaseSubstituted() {
        List<String> statements = ClickHouseSchema.statements("crosstrust_test");
        assertThat(statements).hasSizeGreaterThan(5);
        assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS crosstrust_test");
        assertThat(statements.get(1))
                .startsWith("CREATE TABLE IF NOT EXISTS crosstrust_test.trade_events\n");
        assertThat(statements.get(2))
                .startsWith("CREATE TABLE IF NOT EXISTS crosstrust_test.entity_activity\n");
        assertThat(statements.get(3))
                .startsWith("CREATE TABLE IF NOT EXISTS crosstrust_test.dead_letters\n");
        assertThat(statements.get(4))
                .startsWith("CREATE TABLE IF NOT EXISTS crosstrust_test.network_metrics\n");
        // then the views, which read the tables, and the scoring tables (10_ and up)
        assertThat(statements.subList(5, statements.size()))
                .allMatch(
                        s ->
                                s.startsWith("CREATE VIEW IF NOT EXISTS crosstrust_test.")
                                        || s.startsWith(
                                                "CREATE TABLE IF NOT EXISTS crosstrust_test."));
        assertThat(statements).noneMatch(s -> s.contains("${") || s.contains("--"));
    }

    @Test
    void everyTableIsAnIdempotentReplacingMergeTree() {
        for (String statement :
                ClickHouseSchema.statements("db").stream()
                        .filter(st -> st.startsWith("CREATE TABLE"))
                        .toList()) {
            assertThat(statement).contains("CREATE TABLE IF NOT EXISTS");
            assertThat(statement).contains("ENGINE = ReplacingMergeTree(");
            assertThat(statement).contains("ORDER BY");
            assertThat(statement).doesNotContain("DateTime64", "LowCardinality", "TTL");
        }
    }

    @Test
    void everyDdlFileStartsWithAHeaderComment() {
        for (String file : ClickHouseSchema.FILES) {
            assertThat(file).matches("\\d\\d_[a-z_]+\\.sql");
            String text = ClickHouseSchema.resource(file);
            assertThat(text).as(file).startsWith("-- ");
            if (!file.startsWith("00_")) {
                assertThat(text).as(file).contains("Engine:").contains("Dedup key:");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "1abc", "crosstrust; DROP TABLE x", "a-b", "a.b", "`x`", "x\ny", "数据"})
    void aDatabaseNameThatIsNotAPlainIdentifierIsRefused(String name) {
        assertThatThrownBy(() -> ClickHouseSchema.statements(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database must match");
    }

    @Test
    void aNullDatabaseIsRefused() {
        assertThatThrownBy(() -> ClickHouseSchema.statements(null))
                .isInstanceOf(NullPointerException.class);
    }
}
