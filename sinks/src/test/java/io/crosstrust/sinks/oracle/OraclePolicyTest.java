package io.crosstrust.sinks.oracle;

import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.DEVIATION;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.GRADE;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.HEARTBEAT;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.HOLD;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.MODEL;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.NEW;
import static io.crosstrust.sinks.oracle.OraclePolicy.Decision.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OraclePolicyTest {
    private static final byte[] E = OracleCodes.entityKey("policy-entity");
    private static final long T = 1_800_000_000L;
    private final OraclePolicy policy = new OraclePolicy(10, Duration.ofHours(1));

    private static OracleEntry entry(long version, int score, int grade, long model) {
        return new OracleEntry(E, version, model, score, grade, 100);
    }

    private static OracleRecord onChain(long version, int score, int grade, long updatedAt) {
        return OracleRecord.of(entry(version, score, grade, 1_000_000), updatedAt);
    }

    @Test
    void decidesAgainstTheOnChainRecord() {
        OracleRecord r = onChain(5, 700, 4, T);
        assertThat(policy.decide(OracleRecord.NONE, entry(1, 700, 4, 1_000_000), T)).isEqualTo(NEW);
        assertThat(policy.decide(r, entry(5, 600, 9, 1_000_000), T))
                .as("same version")
                .isEqualTo(STALE);
        assertThat(policy.decide(r, entry(4, 600, 9, 1_000_000), T)).as("older").isEqualTo(STALE);
        assertThat(policy.decide(r, entry(6, 701, 5, 1_000_000), T)).isEqualTo(GRADE);
        assertThat(policy.decide(r, entry(6, 701, 4, 2_000_000), T)).isEqualTo(MODEL);
        assertThat(policy.decide(r, entry(6, 710, 4, 1_000_000), T)).isEqualTo(DEVIATION);
        assertThat(policy.decide(r, entry(6, 690, 4, 1_000_000), T)).isEqualTo(DEVIATION);
        assertThat(policy.decide(r, entry(6, 709, 4, 1_000_000), T)).isEqualTo(HOLD);
        assertThat(policy.decide(r, entry(6, 691, 4, 1_000_000), T + 3_599)).isEqualTo(HOLD);
        assertThat(policy.decide(r, entry(6, 700, 4, 1_000_000), T + 3_600)).isEqualTo(HEARTBEAT);
        assertThat(policy.heartbeatDue(OracleRecord.NONE, T + 1_000_000)).isFalse();
        assertThat(
                        NEW.post()
                                && GRADE.post()
                                && MODEL.post()
                                && DEVIATION.post()
                                && HEARTBEAT.post())
                .isTrue();
        assertThat(HOLD.post() || STALE.post()).isFalse();
    }

    @Test
    void refusesMeaninglessSettings() {
        assertThatThrownBy(() -> new OraclePolicy(0, Duration.ofHours(1)))
                .hasMessageContaining("scoreThreshold");
        assertThatThrownBy(() -> new OraclePolicy(1, Duration.ofMillis(10)))
                .hasMessageContaining("heartbeat");
    }
}
