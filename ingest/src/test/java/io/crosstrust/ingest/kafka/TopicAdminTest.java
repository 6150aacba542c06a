package io.crosstrust.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Replication settings that cannot work are refused before any broker is asked. */
class TopicAdminTest {
    @Test
    void refusesAMinIsrAboveTheReplicationFactor() {
        try (TopicAdmin admin = new TopicAdmin("127.0.0.1:1")) {
            assertThatThrownBy(() -> admin.ensure(Topics.all(1), (short) 3, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("min.insync.replicas")
                    .hasMessageContaining("(3)");
            assertThatThrownBy(() -> admin.ensure(Topics.all(1), (short) 3, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> admin.ensure(Topics.all(1), (short) 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replication factor");
        }
    }
}
