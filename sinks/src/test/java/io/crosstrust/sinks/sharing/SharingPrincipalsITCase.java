package io.crosstrust.sinks.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import io.crosstrust.sinks.sharing.SharingSpec.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row scopes enforced by ClickHouse 18.16 itself: a counterparty principal's user reads the scores
 * of its trading partners only, an entity principal's user its own record only, and neither can
 * reach any other database, switch the enforcement off, or write.
 */
class SharingPrincipalsITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    static final String DB = "principals_it";
    static final Principal BUYER = new Principal("buyer_b", SharingTier.COUNTERPARTY, "B");
    static final Principal SELLER = new Principal("seller_a", SharingTier.ENTITY, "A");
    static SharingSpec spec;
    static ClickHouseConnection admin;
    static Map<String, ClickHouseConnection> principals;

    @BeforeAll
    static void install() throws IOException {
        admin = CLICKHOUSE.createSchema(DB);
        ClickHouseQuery q = new ClickHouseQuery(admin);
        // A traded with B; C traded with D; nobody traded with Z
        for (String e : List.of("A", "B", "C", "D", "Z")) {
            q.execute(
                    "INSERT INTO principals_it.credit_scores_latest (event_id, entity_id, grade,"
                            + " recommended_limit, limit_currency, score_version) VALUES ('"
                            + e
                            + ":1', '"
                            + e
                            + "', 'BBB', 1000, 'USD', 1)");
            q.execute(
                    "INSERT INTO principals_it.credit_scores (event_id, entity_id, grade,"
                            + " score_version) VALUES ('"
                            + e
                            + ":1', '"
                            + e
                            + "', 'BBB', 1)");
            q.execute(
                    "INSERT INTO principals_it.risk_warnings (event_id, entity_id, type, severity,"
                            + " explanation) VALUES ('"
                            + e
                            + ":W', '"
                            + e
                            + "', 'LATE', 'HIGH', 'late')");
        }
        q.execute(
                "INSERT INTO principals_it.trade_events (event_id, subject_id, counterparty_id,"
                        + " type, removed) VALUES ('t1', 'A', 'B', 'ORDER_PLACED', 0), ('t2', 'C',"
                        + " 'D', 'ORDER_PLACED', 0)");
        spec = SharingSpec.standard(DB);
        Map<SharingTier, String> tierPasswords = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            tierPasswords.put(t, "secret-" + t.key());
        }
        Path usersDir = CLICKHOUSE.server().workDir().resolve("users.d");
        SharingInstaller.installLegacy(
                spec, admin, usersDir, tierPasswords, Duration.ofSeconds(30));
        principals =
                SharingInstaller.installLegacyPrincipals(
                        spec,
                        admin,
                        usersDir,
                        CLICKHOUSE.server().tcpPort(),
                        List.of(BUYER, SELLER),
                        Map.of("buyer_b", "secret-buyer", "seller_a", "secret-seller"),
                        "secret-rowscope",
                        Duration.ofSeconds(30));
    }

    private static List<String> entities(Principal p, String relation) throws IOException {
        return new ClickHouseQuery(principals.get(p.name()))
                .select(
                        "SELECT entity_id FROM "
                                + spec.principalDatabase(p)
                                + "."
                                + relation
                                + " ORDER BY entity_id")
                .column("entity_id");
    }

    @Test
    void aCounterpartyReadsItsPartnersScoresOnlyWithTheTiersColumns() throws IOException {
        assertThat(entities(BUYER, SharingSpec.SCORES)).containsExactly("A");
        var rows =
                new ClickHouseQuery(principals.get("buyer_b"))
                        .select("SELECT * FROM " + spec.principalDatabase(BUYER) + ".scores");
        assertThat(rows.columns())
                .containsExactlyElementsOf(
                        spec.relations(SharingTier.COUNTERPARTY).get(SharingSpec.SCORES).columns());
        assertThat(
                        new ClickHouseQuery(principals.get("buyer_b"))
                                .select(
                                        "SELECT entity_id, counterparty_id FROM "
                                                + spec.principalDatabase(BUYER)
                                                + ".trade_pairs")
                                .asMaps())
                .containsExactly(Map.of("entity_id", "A", "counterparty_id", "B"));
    }

    @Test
    void anEntityReadsItsOwnRecordOnly() throws IOException {
        for (String relation :
                List.of(SharingSpec.SCORES, SharingSpec.SCORE_HISTORY, SharingSpec.WARNINGS)) {
            assertThat(entities(SELLER, relation)).as(relation).containsExactly("A");
        }
    }

    @Test
    void aPrincipalReachesNothingElse() {
        for (ClickHouseConnection c : principals.values()) {
            ClickHouseQuery q = new ClickHouseQuery(c);
            for (String table :
                    List.of(
                            DB + ".credit_scores_latest",
                            spec.database(SharingTier.COUNTERPARTY) + ".scores",
                            spec.database(SharingTier.ENTITY) + ".warnings",
                            spec.rowScopeDatabase() + ".buyer_b__scores",
                            spec.principalDatabase(c == principals.get("buyer_b") ? SELLER : BUYER)
                                    + ".scores")) {
                assertThatThrownBy(() -> q.select("SELECT count() FROM " + table), table)
                        .hasMessageContaining("Access denied");
            }
        }
    }

    @Test
    void turningTheLocalShortCutBackOnFailsClosed() {
        ClickHouseQuery q = new ClickHouseQuery(principals.get("seller_a"));
        assertThatThrownBy(
                        () ->
                                q.select(
                                        "SELECT count() FROM "
                                                + spec.principalDatabase(SELLER)
                                                + ".scores SETTINGS prefer_localhost_replica = 1"))
                .hasMessageContaining("Access denied");
    }

    @Test
    void principalsCannotWrite() {
        ClickHouseQuery q = new ClickHouseQuery(principals.get("seller_a"));
        assertThatThrownBy(
                        () ->
                                q.execute(
                                        "INSERT INTO "
                                                + spec.principalDatabase(SELLER)
                                                + ".scores (entity_id) VALUES ('X')"))
                .hasMessageContaining("readonly");
    }

    @Test
    void newScoresOfAPartnerReachTheCounterparty() throws IOException {
        new ClickHouseQuery(admin)
                .execute(
                        "INSERT INTO principals_it.credit_scores_latest (event_id, entity_id,"
                                + " grade, score_version) VALUES ('A:2', 'A', 'AA', 2)");
        assertThat(
                        new ClickHouseQuery(principals.get("buyer_b"))
                                .select(
                                        "SELECT grade FROM "
                                                + spec.principalDatabase(BUYER)
                                                + ".scores")
                                .column("grade"))
                .containsExactly("AA");
    }

    @Test
    void theClusterFileWithTheRowScopePasswordIsOwnerOnly() throws IOException {
        Path file =
                CLICKHOUSE
                        .server()
                        .workDir()
                        .resolve("config.d")
                        .resolve(SharingInstaller.CLUSTER_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
