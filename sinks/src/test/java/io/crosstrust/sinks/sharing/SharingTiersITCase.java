package io.crosstrust.sinks.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseRows;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sharing tiers on the real ClickHouse 18.16 server: each tier's user reads exactly its
 * columns, cannot read another tier's database or the base tables, cannot write, and the tier
 * copies follow inserts made after installation.
 */
class SharingTiersITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    static final String DB = "sharing_it";
    static SharingSpec spec;
    static ClickHouseConnection admin;
    static Map<SharingTier, ClickHouseConnection> tiers;

    @BeforeAll
    static void install() throws IOException {
        admin = CLICKHOUSE.createSchema(DB);
        ClickHouseQuery q = new ClickHouseQuery(admin);
        // test fixtures: constant rows written by the test itself
        q.execute(
                "INSERT INTO sharing_it.credit_scores_latest (event_id, entity_id, composite, pd,"
                        + " grade, dim_payment, recommended_limit, limit_currency, score_version,"
                        + " reason_code) VALUES ('A:1', 'A', 71.5, 0.02, 'BBB', 60, 1000, 'USD', 1,"
                        + " ['LATE_PAYMENT'])");
        q.execute(
                "INSERT INTO sharing_it.credit_scores (event_id, entity_id, composite, grade,"
                        + " score_version) VALUES ('A:1', 'A', 71.5, 'BBB', 1)");
        q.execute(
                "INSERT INTO sharing_it.risk_warnings (event_id, entity_id, type, severity,"
                        + " explanation) VALUES ('A:LATE:1', 'A', 'LATE', 'HIGH', 'late twice')");
        q.execute(
                "INSERT INTO sharing_it.trade_events (event_id, subject_id, counterparty_id, type,"
                        + " removed) VALUES ('e1', 'A', 'B', 'ORDER_PLACED', 0)");
        spec = SharingSpec.standard(DB);
        Map<SharingTier, String> passwords = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            passwords.put(t, "secret-" + t.key());
        }
        tiers =
                SharingInstaller.installLegacy(
                        spec,
                        admin,
                        CLICKHOUSE.server().workDir().resolve("users.d"),
                        passwords,
                        Duration.ofSeconds(30));
    }

    static ClickHouseRows read(SharingTier tier, String relation) throws IOException {
        return new ClickHouseQuery(tiers.get(tier))
                .select("SELECT * FROM " + spec.table(tier, relation) + " FINAL");
    }

    @Test
    void publicSeesGradeAndFreshnessOnly() throws IOException {
        ClickHouseRows rows = read(SharingTier.PUBLIC, SharingSpec.SCORES);
        assertThat(rows.columns())
                .containsExactly(
                        "entity_id",
                        "chain_address",
                        "grade",
                        "as_of",
                        "as_of_ms",
                        "score_version");
        assertThat(rows.column("grade")).contains("BBB");
        assertThat(spec.relations(SharingTier.PUBLIC)).containsOnlyKeys(SharingSpec.SCORES);
    }

    @Test
    void counterpartySeesGradeAndLimitAndTradePairs() throws IOException {
        ClickHouseRows rows = read(SharingTier.COUNTERPARTY, SharingSpec.SCORES);
        assertThat(rows.columns())
                .containsExactly(
                        "entity_id",
                        "chain_address",
                        "grade",
                        "recommended_limit",
                        "limit_currency",
                        "as_of",
                        "as_of_ms",
                        "score_version");
        assertThat(Double.parseDouble(rows.get(0, "recommended_limit"))).isEqualTo(1000.0);
        ClickHouseRows pairs = read(SharingTier.COUNTERPARTY, SharingSpec.TRADE_PAIRS);
        assertThat(pairs.asMaps())
                .containsExactly(Map.of("entity_id", "A", "counterparty_id", "B"));
    }

    @Test
    void financialInstitutionSeesScoresReasonsAndHistoryButNoWarnings() throws IOException {
        ClickHouseRows rows = read(SharingTier.FINANCIAL_INSTITUTION, SharingSpec.SCORES);
        assertThat(rows.columns()).containsExactlyElementsOf(SharingSpec.FI_SCORE_COLUMNS);
        assertThat(rows.get(0, "reason_code")).isEqualTo("['LATE_PAYMENT']");
        assertThat(read(SharingTier.FINANCIAL_INSTITUTION, SharingSpec.SCORE_HISTORY).size())
                .isEqualTo(1);
        assertThat(spec.relation(SharingTier.FINANCIAL_INSTITUTION, SharingSpec.WARNINGS))
                .isEmpty();
        assertThat(rows.columns()).doesNotContain("event_id", "trigger_event_id", "ingested_at");
    }

    @Test
    void entitySeesItsFullRecordAndWarnings() throws IOException {
        ClickHouseRows rows = read(SharingTier.ENTITY, SharingSpec.SCORES);
        assertThat(rows.columns()).contains("event_id", "trigger", "trigger_event_id", "pd");
        assertThat(read(SharingTier.ENTITY, SharingSpec.WARNINGS).column("explanation"))
                .containsExactly("late twice");
    }

    @Test
    void regulatorReadsEverythingIncludingKpisAndNetwork() throws IOException {
        ClickHouseQuery q = new ClickHouseQuery(tiers.get(SharingTier.REGULATOR));
        assertThat(q.select("SELECT count() FROM sharing_it.trade_events FINAL").single())
                .isEqualTo("1");
        q.select("SELECT * FROM sharing_it.kpi_monthly");
        q.select("SELECT * FROM sharing_it.network_region_day");
        assertThat(read(SharingTier.REGULATOR, SharingSpec.WARNINGS).size()).isEqualTo(1);
    }

    @Test
    void noTierReadsAnotherTiersDatabaseOrTheBaseTables() {
        for (SharingTier reader : SharingTier.values()) {
            ClickHouseQuery q = new ClickHouseQuery(tiers.get(reader));
            for (SharingTier other : SharingTier.values()) {
                if (spec.database(other).equals(spec.database(reader))) {
                    continue;
                }
                for (String relation : spec.relations(other).keySet()) {
                    String table = spec.table(other, relation);
                    assertThatThrownBy(
                                    () -> q.select("SELECT count() FROM " + table),
                                    reader + " reading " + table)
                            .hasMessageContaining("Access denied");
                }
            }
        }
    }

    @Test
    void tierUsersCannotWriteOrCreate() {
        for (SharingTier t : SharingTier.values()) {
            ClickHouseQuery q = new ClickHouseQuery(tiers.get(t));
            assertThatThrownBy(
                            () ->
                                    q.execute(
                                            "CREATE TABLE "
                                                    + spec.database(t)
                                                    + ".x (a UInt8) ENGINE = Memory"))
                    .hasMessageContaining("readonly");
            assertThatThrownBy(
                            () ->
                                    q.execute(
                                            "INSERT INTO "
                                                    + spec.table(t, SharingSpec.SCORES)
                                                    + " (entity_id) VALUES ('X')"))
                    .hasMessageContaining("readonly");
        }
    }

    @Test
    void tierCopiesFollowNewScores() throws IOException {
        new ClickHouseQuery(admin)
                .execute(
                        "INSERT INTO sharing_it.credit_scores_latest (event_id, entity_id, grade,"
                                + " score_version) VALUES ('Z:1', 'Z', 'AA', 1)");
        assertThat(read(SharingTier.PUBLIC, SharingSpec.SCORES).column("entity_id")).contains("Z");
        assertThat(
                        new ClickHouseQuery(tiers.get(SharingTier.FINANCIAL_INSTITUTION))
                                .select(
                                        "SELECT grade FROM "
                                                + spec.table(
                                                        SharingTier.FINANCIAL_INSTITUTION,
                                                        SharingSpec.SCORES)
                                                + " FINAL WHERE entity_id = {id:String}",
                                        Map.of("id", "Z"))
                                .column("grade"))
                .isEqualTo(List.of("AA"));
    }
}
