package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own ClickHouse server process: start, answer, coexist, restart, and leave nothing behind. */
class LocalClickHouseServerITCase {
    @TempDir Path dirA;
    @TempDir Path dirB;

    @Test
    void startsAnswersPingAndLeavesNoProcessOrPortBehind() throws Exception {
        long pid;
        int http;
        int tcp;
        try (LocalClickHouseServer server = LocalClickHouseServer.start(dirA, "s3cret")) {
            pid = server.pid();
            http = server.httpPort();
            tcp = server.tcpPort();
            assertThat(server.isRunning()).isTrue();
            assertThat(http).isNotEqualTo(tcp);
            assertThat(server.httpUrl()).isEqualTo("http://127.0.0.1:" + http);
            assertThat(get(server.httpUrl() + "/ping")).isEqualTo("Ok.\n");
            assertThat(processAlive(pid)).isTrue();
            assertThat(portFree(tcp)).as("native TCP port in use").isFalse();
            assertThat(
                            new ClickHouseQuery(server.connection("default"))
                                    .select("SELECT version() AS v")
                                    .single())
                    .matches("\\d+\\.\\d+.*");
            assertThat(dirA.resolve("config.xml")).exists();
            assertThat(dirA.resolve("users.xml")).content().doesNotContain("s3cret");
        }
        assertThat(processAlive(pid)).as("process " + pid + " after close()").isFalse();
        assertThat(portFree(http)).as("HTTP port " + http + " after close()").isTrue();
        assertThat(portFree(tcp)).as("TCP port " + tcp + " after close()").isTrue();
    }

    @Test
    void twoInstancesRunSideBySideWithTheirOwnDataAndPasswords() throws Exception {
        try (LocalClickHouseServer a = LocalClickHouseServer.start(dirA, "password-a");
                LocalClickHouseServer b = LocalClickHouseServer.start(dirB, "")) {
            assertThat(a.pid()).isNotEqualTo(b.pid());
            assertThat(a.httpPort()).isNotIn(b.httpPort(), b.tcpPort());
            assertThat(a.tcpPort()).isNotIn(b.httpPort(), b.tcpPort());

            new ClickHouseQuery(a.connection("default")).execute("CREATE DATABASE only_in_a");
            assertThat(databases(a)).contains("only_in_a");
            assertThat(databases(b)).doesNotContain("only_in_a");

            ClickHouseConnection wrongPassword =
                    ClickHouseConnection.of(a.httpUrl(), "default", "nope", "default");
            assertThatThrownBy(() -> new ClickHouseQuery(wrongPassword).select("SELECT 1"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("password");
        }
    }

    @Test
    void aRestartOnTheSameDirectoryAndPortsKeepsTheData() throws Exception {
        int http;
        int tcp;
        try (LocalClickHouseServer first = LocalClickHouseServer.start(dirA, "pw")) {
            http = first.httpPort();
            tcp = first.tcpPort();
            ClickHouseQuery query = new ClickHouseQuery(first.connection("default"));
            query.execute("CREATE DATABASE kept");
            query.execute("CREATE TABLE kept.t (x String) ENGINE = MergeTree() ORDER BY x");
            query.execute("INSERT INTO kept.t VALUES ('still here')");
        }
        try (LocalClickHouseServer second =
                LocalClickHouseServer.builder(dirA)
                        .password("pw")
                        .httpPort(http)
                        .tcpPort(tcp)
                        .start()) {
            assertThat(second.httpPort()).isEqualTo(http);
            assertThat(
                            new ClickHouseQuery(second.connection("kept"))
                                    .select("SELECT x FROM t")
                                    .single())
                    .isEqualTo("still here");
        }
    }

    @Test
    void aStartThatFailsReportsTheServersErrorLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalClickHouseServer.Builder builder =
                    LocalClickHouseServer.builder(dirA)
                            .httpPort(taken.getLocalPort())
                            .startupTimeout(Duration.ofSeconds(20));
            assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("clickhouse-server.err.log")
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void aMissingBinaryIsReportedWithTheSetupCommand() {
        assertThatThrownBy(
                        () ->
                                LocalClickHouseServer.findLauncher(
                                        dirA.toString(), java.util.List.of(dirB)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no ClickHouse server binary on PATH: run deploy/bin/setup clickhouse");
    }

    private static java.util.List<String> databases(LocalClickHouseServer server)
            throws IOException {
        return new ClickHouseQuery(server.connection("default"))
                .select("SELECT name FROM system.databases")
                .column("name");
    }

    private static String get(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static boolean processAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
