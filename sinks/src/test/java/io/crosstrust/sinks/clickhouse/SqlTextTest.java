package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    void splitsOnSemicolonsOutsideLiteralsNamesAndComments() {
        String script =
                "-- header; with a semicolon\n"
                        + "SELECT ';' AS a, `b;c`, \"d;e\" FROM t; /* block ; comment */\n"
                        + "SELECT 'it''s', 'esc\\';' FROM u;\n"
                        + "-- trailing comment only\n";
        assertThat(SqlText.statements(script))
                .containsExactly(
                        "SELECT ';' AS a, `b;c`, \"d;e\" FROM t",
                        "SELECT 'it''s', 'esc\\';' FROM u");
    }

    @Test
    void aScriptOfOnlyCommentsHasNoStatements() {
        assertThat(SqlText.statements("-- nothing\n/* here */\n  ;\n")).isEmpty();
    }

    @Test
    void unterminatedQuotesAndCommentsAreErrors() {
        assertThatThrownBy(() -> SqlText.statements("SELECT 'open"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlText.statements("SELECT 1 /* open"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholdersAreReplacedOnlyOutsideLiteralsAndComments() {
        String sql =
                "SELECT '{a:String}', {a:String}, {t : DateTime('UTC')} -- {a:String}\n"
                        + "FROM x WHERE y = {b:Decimal(38, 18)} AND m = map('k', 1)['k'] AND {c}";
        String out =
                SqlText.replacePlaceholders(sql, (name, type) -> "<" + name + "|" + type + ">");
        assertThat(out)
                .isEqualTo(
                        "SELECT '{a:String}', <a|String>, <t|DateTime('UTC')> -- {a:String}\n"
                                + "FROM x WHERE y = <b|Decimal(38, 18)> AND m = map('k', 1)['k'] AND {c}");
    }
}
