package io.crosstrust.sinks.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.sinks.sharing.SharingSpec.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharingPrincipalTest {
    private final SharingSpec spec = SharingSpec.standard("crosstrust");

    @Test
    void anEntityIdThatCouldEscapeItsLiteralIsRefused() {
        assertThatThrownBy(() -> new Principal("p", SharingTier.ENTITY, "A' OR 1=1 --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entity id");
        assertThatThrownBy(() -> new Principal("p", SharingTier.ENTITY, "A\\\\"))
                .hasMessageContaining("entity id");
    }

    @Test
    void namesAreIdentifiersAndOnlyRowScopedTiersHavePrincipals() {
        assertThatThrownBy(() -> new Principal("demo-entity", SharingTier.ENTITY, "A"))
                .hasMessageContaining("principal name");
        assertThatThrownBy(() -> new Principal("bank", SharingTier.FINANCIAL_INSTITUTION, "A"))
                .hasMessageContaining("reads every row");
    }

    @Test
    void eachRelationOfTheTierIsADistributedTableOverARowScopedView() {
        List<String> ddl =
                spec.legacyPrincipalStatements(
                        List.of(new Principal("acme", SharingTier.ENTITY, "S000001")));
        assertThat(ddl)
                .contains(
                        "CREATE VIEW crosstrust_rowscope.acme__warnings AS SELECT * FROM"
                                + " crosstrust_entity.warnings FINAL WHERE entity_id = 'S000001'",
                        "CREATE TABLE crosstrust_p_acme.warnings AS"
                                + " crosstrust_rowscope.acme__warnings ENGINE ="
                                + " Distributed(crosstrust_rowscope, crosstrust_rowscope,"
                                + " acme__warnings)");
        assertThat(ddl.stream().filter(s -> s.startsWith("CREATE TABLE"))).hasSize(3);
    }

    @Test
    void passwordsAreStoredHashedAndMustBeSafeInXml() {
        Principal p = new Principal("acme", SharingTier.ENTITY, "S000001");
        String xml = spec.legacyPrincipalUsersXml(List.of(p), Map.of("acme", "s3cret"), "rs");
        assertThat(xml).doesNotContain("s3cret").contains(SharingSpec.sha256Hex("s3cret"));
        assertThat(xml).contains("<prefer_localhost_replica>0</prefer_localhost_replica>");
        assertThatThrownBy(() -> spec.legacyRowScopeClusterXml(9000, "a<b"))
                .hasMessageContaining("without < or &");
        assertThatThrownBy(() -> spec.legacyPrincipalUsersXml(List.of(p), Map.of(), "rs"))
                .hasMessageContaining("no password for principal acme");
    }
}
