package io.crosstrust.sinks.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.sinks.clickhouse.ChDb;
import io.crosstrust.sinks.clickhouse.ClickHouseSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What current ClickHouse (chDB 26.5, in-process) can tell about the sharing set-up. chDB runs the
 * 18.16 tier databases and the current script's tables and materialized views for real. It has no
 * writable access storage (it refuses CREATE ROLE even with access_management), so the roles,
 * GRANTs and row policies are only parsed here (formatQuery: ClickHouse's own parser), not run: a
 * current ClickHouse server is needed to prove them.
 */
class SharingCurrentChDbITCase {
    static final String DB = "sharing_current";

    @Test
    void everyStatementRunsOrParsesOnCurrentClickHouse() {
        ChDb chDb = ChDb.shared();
        for (String sql : ClickHouseSchema.statements(DB)) {
            chDb.query(sql);
        }
        SharingSpec spec = SharingSpec.standard(DB);
        for (String sql : spec.legacyStatements()) {
            chDb.query(sql);
        }
        chDb.query(
                "INSERT INTO sharing_current.credit_scores_latest (event_id, entity_id, grade,"
                        + " pd, score_version) VALUES ('A:1', 'A', 'BBB', 0.02, 1)");
        assertThat(chDb.query("SELECT * FROM sharing_current_public.scores FINAL", "TSVWithNames"))
                .startsWith("entity_id\tchain_address\tgrade\tas_of\tas_of_ms\tscore_version\n")
                .contains("BBB");

        List<String> current = spec.currentStatements();
        int run = 0;
        int parsed = 0;
        for (String sql : current) {
            if (sql.startsWith("CREATE TABLE") || sql.startsWith("CREATE MATERIALIZED VIEW")) {
                chDb.query(sql);
                run++;
            } else {
                String formatted =
                        chDb.query("SELECT formatQuery('" + sql.replace("'", "\\'") + "')");
                assertThat(formatted).as(sql).isNotBlank();
                parsed++;
            }
        }
        assertThat(run).isEqualTo(2);
        assertThat(parsed).isGreaterThan(10);
        assertThat(current)
                .anyMatch(s -> s.startsWith("CREATE ROW POLICY") && s.contains("currentUser()"));
        // the limitation itself, so that a chDB that gains access storage is noticed
        assertThatThrownBy(() -> chDb.query("CREATE ROLE IF NOT EXISTS sharing_probe"))
                .hasMessageContaining("CREATE ROLE");
    }
}
