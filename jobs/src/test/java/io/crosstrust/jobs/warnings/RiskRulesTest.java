package io.crosstrust.jobs.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.output.WarningType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RiskRulesTest {
    private static RiskRules parse(String json) throws InvalidRulesException {
        return RiskRules.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsCoverEveryWarningTypeButOther() {
        RiskRules d = RiskRules.defaults();
        assertThat(d.version()).isEqualTo(1);
        for (WarningType t : WarningType.values()) {
            assertThat(d.enabled(t)).isEqualTo(t != WarningType.OTHER);
        }
        assertThat(d.rule(WarningType.PAYMENT_OVERDUE).get("grace_days")).isEqualTo(7.0);
        assertThat(d.rule(WarningType.PAYMENT_OVERDUE).cooldownMillis())
                .isEqualTo(14L * 86_400_000L);
    }

    @Test
    void aSetOverridesOnlyWhatItNames() throws Exception {
        RiskRules r =
                parse(
                        "{\"version\": 4, \"rules\": {\"DISPUTE_SPIKE\": {\"min_disputes\": 9,"
                                + " \"cooldown_days\": 2}, \"LIMIT_BREACH\": {\"enabled\": false}}}");
        assertThat(r.version()).isEqualTo(4);
        assertThat(r.rule(WarningType.DISPUTE_SPIKE).get("min_disputes")).isEqualTo(9.0);
        assertThat(r.rule(WarningType.DISPUTE_SPIKE).get("min_share"))
                .isEqualTo(RiskRules.defaults().rule(WarningType.DISPUTE_SPIKE).get("min_share"));
        assertThat(r.rule(WarningType.DISPUTE_SPIKE).cooldownMillis()).isEqualTo(2 * 86_400_000L);
        assertThat(r.enabled(WarningType.LIMIT_BREACH)).isFalse();
        assertThat(r.rule(WarningType.PAYMENT_OVERDUE))
                .isEqualTo(RiskRules.defaults().rule(WarningType.PAYMENT_OVERDUE));
    }

    @Test
    void theJsonFormRoundTrips() throws Exception {
        RiskRules d = RiskRules.defaults();
        assertThat(RiskRules.parse(d.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(d);
    }

    @Test
    void badSetsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"rules\":{}}")).hasMessageContaining("version");
        assertThatThrownBy(() -> parse("{\"version\": 0}")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse("{\"version\": 2.5}")).hasMessageContaining("version");
        assertThatThrownBy(() -> parse("{\"version\": 2, \"extra\": 1}"))
                .hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> parse("{\"version\": 2, \"rules\": {\"FRAUD\": {}}}"))
                .hasMessageContaining("unknown warning type 'FRAUD'")
                .hasMessageContaining("BUST_OUT");
        assertThatThrownBy(
                        () -> parse("{\"version\": 2, \"rules\": {\"BUST_OUT\": {\"ratio\": 2}}}"))
                .hasMessageContaining("BUST_OUT: unknown parameter 'ratio'")
                .hasMessageContaining("min_ratio");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"version\": 2, \"rules\": {\"DISPUTE_SPIKE\":"
                                                + " {\"min_share\": 1.5}}}"))
                .hasMessageContaining("DISPUTE_SPIKE.min_share must be in [0, 1], got 1.5");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"version\": 2, \"rules\": {\"DISPUTE_SPIKE\":"
                                                + " {\"enabled\": \"yes\"}}}"))
                .hasMessageContaining("enabled must be true or false");
        assertThatThrownBy(() -> RiskRules.parse(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void updatesMustBeNewer() throws Exception {
        RiskRules v3 = parse("{\"version\": 3}");
        byte[] v2 = "{\"version\": 2}".getBytes(StandardCharsets.UTF_8);
        byte[] v3again = "{\"version\": 3}".getBytes(StandardCharsets.UTF_8);
        byte[] v3other =
                "{\"version\": 3, \"rules\": {\"BUST_OUT\": {\"min_ratio\": 9}}}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] v4 = "{\"version\": 4}".getBytes(StandardCharsets.UTF_8);
        assertThat(RuleUpdates.check(v2, v3).rejection()).contains("older");
        assertThat(RuleUpdates.check(v3again, v3).ignored()).isTrue();
        assertThat(RuleUpdates.check(v3other, v3).rejection()).contains("already in force");
        assertThat(RuleUpdates.check(v4, v3).accepted()).isTrue();
    }
}
