package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilNodeITCase {
    @Test
    void startsAnswersAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        long pid;
        int port;
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO)) {
            pid = node.pid();
            port = node.port();
            assertThat(ProcessHandle.of(pid)).isPresent();
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(s.isConnected()).isTrue();
            }
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(dir.resolve("anvil.log"))).isTrue();
        boolean refused;
        try (Socket s = new Socket("127.0.0.1", port)) {
            refused = false;
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertThat(refused).as("port " + port + " is free again").isTrue();
    }
}
