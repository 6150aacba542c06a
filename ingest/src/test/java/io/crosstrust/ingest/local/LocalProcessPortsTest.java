package io.crosstrust.ingest.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LocalProcessPortsTest {
    @Test
    void freePortsAreDistinctAndUsable() throws Exception {
        int[] ports = LocalProcess.freePorts(20);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(20);
        for (int port : ports) {
            assertThat(port).isBetween(1, 65_535);
            try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
                assertThat(again.getLocalPort()).isEqualTo(port); // released for the caller
            }
        }
    }
}
