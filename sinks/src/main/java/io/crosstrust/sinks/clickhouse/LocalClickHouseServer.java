package io.crosstrust.sinks.clickhouse;

import io.crosstrust.ingest.local.LocalProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClickHouse server process of our own, for the embedded stack and the tests: our config and
 * users file in a work directory we own (data/, tmp/, user_files/, logs/), 127.0.0.1 only, HTTP and
 * native TCP on free ports (or given ones), no interserver/MySQL/PostgreSQL ports, user {@code
 * default} with the caller's password (possibly empty). It never relies on a system service and
 * never outlives the JVM: {@link #close()} stops it (SIGTERM, then SIGKILL after a grace period)
 * and a shutdown hook does the same if close() is never reached.
 *
 * <p>The binary is {@code clickhouse-server}, else {@code clickhouse server}, looked up on PATH and
 * then in /usr/sbin and /usr/local/sbin (where Debian installs it, off a normal user's PATH). On
 * this project's machines that is Debian's ClickHouse 18.16; the generated config sticks to
 * settings that 18.16 and current releases both read (a current server still accepts the {@code
 * <yandex>} root element). The server logs at warning level only: start-up takes well under a
 * second.
 *
 * <p>Data stays in the work directory across restarts: a new instance on the same directory (and
 * the same ports, if a client should reconnect) sees the tables of the old one.
 */
public final class LocalClickHouseServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouseServer.class);

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    public static final String USER = "default";

    private static final int START_ATTEMPTS_ON_FREE_PORTS = 3;

    private final Path workDir;
    private final String password;
    private final int httpPort;
    private final int tcpPort;
    private final LocalProcess process;

    private LocalClickHouseServer(
            Path workDir, String password, int httpPort, int tcpPort, LocalProcess process) {
        this.workDir = workDir;
        this.password = password;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
        this.process = process;
    }

    /** Starts a server in {@code workDir} on free ports with the given password ("" for none). */
    public static LocalClickHouseServer start(Path workDir, String password) {
        return builder(workDir).password(password).start();
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Options for {@link LocalClickHouseServer}; every one has a default except the work dir. */
    public static final class Builder {
        private final Path workDir;
        private String password = "";
        private int httpPort;
        private int tcpPort;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Path binary;

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** Password of user {@code default}; "" (the default) means none. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password (use \"\" for none)");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder httpPort(int port) {
            this.httpPort = checkPort(port);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder tcpPort(int port) {
            this.tcpPort = checkPort(port);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "startupTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive");
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * A specific server binary instead of the PATH lookup: {@code clickhouse-server}, or the
         * single {@code clickhouse} binary (started as {@code clickhouse server}).
         */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** Starts the server and waits until {@code /ping} answers {@code Ok.}. */
        public LocalClickHouseServer start() {
            List<String> launcher = binary != null ? launcherFor(binary) : findLauncher();
            Path dir = workDir.toAbsolutePath().normalize();
            boolean freePorts = httpPort == 0 || tcpPort == 0;
            int attempts = freePorts ? START_ATTEMPTS_ON_FREE_PORTS : 1;
            for (int attempt = 1; ; attempt++) {
                int http = httpPort != 0 ? httpPort : freePort();
                int tcp = tcpPort != 0 ? tcpPort : freePort(http);
                try {
                    return launch(launcher, dir, password, http, tcp, startupTimeout);
                } catch (ExitedAtStartup e) {
                    // Most likely another process took a port we picked between probe and bind.
                    if (attempt >= attempts) {
                        throw new IllegalStateException(e.getMessage());
                    }
                    LOG.warn(
                            "ClickHouse exited at start-up (attempt {}), retrying on other ports",
                            attempt);
                }
            }
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** {@code http://127.0.0.1:<httpPort>} */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Connection settings for user {@code default} of this server. */
    public ClickHouseConnection connection(String database) {
        return ClickHouseConnection.of(httpUrl(), USER, password, database);
    }

    /**
     * Stops the server (SIGTERM: ClickHouse shuts down cleanly and releases its ports; killed after
     * {@link #STOP_GRACE}) and waits until the process is gone. Safe to call twice.
     */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "LocalClickHouseServer{pid="
                + process.pid()
                + ", http="
                + httpPort
                + ", tcp="
                + tcpPort
                + ", workDir="
                + workDir
                + "}";
    }

    // ---- start-up --------------------------------------------------------------------------

    /** The process died before answering /ping; the message carries its log tail. */
    private static final class ExitedAtStartup extends Exception {
        private static final long serialVersionUID = 1L;

        ExitedAtStartup(String message) {
            super(message, null, false, false);
        }
    }

    private static LocalClickHouseServer launch(
            List<String> launcher,
            Path dir,
            String password,
            int http,
            int tcp,
            Duration startupTimeout)
            throws ExitedAtStartup {
        Path config;
        Path logs = dir.resolve("logs");
        try {
            for (String sub : List.of("data", "tmp", "user_files", "logs")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Path users = dir.resolve("users.xml");
            Files.writeString(users, usersXml(password), StandardCharsets.UTF_8);
            config = dir.resolve("config.xml");
            Files.writeString(config, configXml(dir, users, http, tcp), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare ClickHouse work dir " + dir, e);
        }
        List<String> command = new ArrayList<>(launcher);
        command.add("--config-file=" + config);
        LocalProcess process =
                LocalProcess.start(
                        "clickhouse", command, dir, logs.resolve("stdout.log"), STOP_GRACE);
        LocalClickHouseServer server = new LocalClickHouseServer(dir, password, http, tcp, process);
        try {
            server.awaitPing(startupTimeout);
            return server;
        } catch (RuntimeException | ExitedAtStartup e) {
            server.close();
            throw e;
        }
    }

    private void awaitPing(Duration timeout) throws ExitedAtStartup {
        HttpClient http =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(1))
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
        HttpRequest ping =
                HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new ExitedAtStartup(
                        "ClickHouse exited at start-up with code "
                                + process.exitValue()
                                + " (http port "
                                + httpPort
                                + ", tcp port "
                                + tcpPort
                                + ")\n"
                                + logTails());
            }
            try {
                HttpResponse<String> answer = http.send(ping, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().startsWith("Ok.")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "ClickHouse did not answer GET "
                                + httpUrl()
                                + "/ping within "
                                + timeout
                                + "\n"
                                + logTails());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
            }
        }
    }

    private String logTails() {
        Path logs = workDir.resolve("logs");
        return "last lines of "
                + logs.resolve("clickhouse-server.err.log")
                + ":\n"
                + tail(logs.resolve("clickhouse-server.err.log"), 30)
                + "\nlast lines of "
                + logs.resolve("stdout.log")
                + ":\n"
                + tail(logs.resolve("stdout.log"), 10);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(empty)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    // ---- binary lookup ---------------------------------------------------------------------

    static List<String> findLauncher() {
        return findLauncher(
                System.getenv().getOrDefault("PATH", ""),
                List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin")));
    }

    static List<String> findLauncher(String path, List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.addAll(extraDirs);
        for (String name : List.of("clickhouse-server", "clickhouse")) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return launcherFor(candidate);
                }
            }
        }
        throw new IllegalStateException(
                "no ClickHouse server binary on PATH: run deploy/bin/setup clickhouse");
    }

    private static List<String> launcherFor(Path binary) {
        String name = binary.getFileName().toString();
        return name.equals("clickhouse")
                ? List.of(binary.toString(), "server")
                : List.of(binary.toString());
    }

    // ---- config ----------------------------------------------------------------------------

    static String configXml(Path dir, Path users, int http, int tcp) {
        Path logs = dir.resolve("logs");
        // Only ports we name are opened: no interserver_http_port, mysql_port, postgresql_port.
        return "<?xml version=\"1.0\"?>\n"
                + "<!-- Written by crosstrust LocalClickHouseServer; rewritten at every start. -->\n"
                + "<yandex>\n"
                + "  <logger>\n"
                + "    <level>warning</level>\n"
                + "    <log>"
                + xml(logs.resolve("clickhouse-server.log"))
                + "</log>\n"
                + "    <errorlog>"
                + xml(logs.resolve("clickhouse-server.err.log"))
                + "</errorlog>\n"
                + "    <size>50M</size>\n"
                + "    <count>2</count>\n"
                + "    <console>0</console>\n"
                + "  </logger>\n"
                + "  <listen_host>127.0.0.1</listen_host>\n"
                + "  <http_port>"
                + http
                + "</http_port>\n"
                + "  <tcp_port>"
                + tcp
                + "</tcp_port>\n"
                + "  <path>"
                + xml(dir.resolve("data"))
                + "/"
                + "</path>\n"
                + "  <tmp_path>"
                + xml(dir.resolve("tmp"))
                + "/"
                + "</tmp_path>\n"
                + "  <user_files_path>"
                + xml(dir.resolve("user_files"))
                + "/"
                + "</user_files_path>\n"
                + "  <users_config>"
                + xml(users)
                + "</users_config>\n"
                + "  <default_profile>default</default_profile>\n"
                + "  <default_database>default</default_database>\n"
                + "  <timezone>UTC</timezone>\n"
                + "  <max_concurrent_queries>100</max_concurrent_queries>\n"
                // Idle keep-alive connections and a long shutdown wait would hold a SIGTERM for
                // 5-10 s; a local server should stop in about a second.
                + "  <keep_alive_timeout>1</keep_alive_timeout>\n"
                + "  <shutdown_wait_unfinished>1</shutdown_wait_unfinished>\n"
                + "  <mark_cache_size>268435456</mark_cache_size>\n"
                + "  <uncompressed_cache_size>268435456</uncompressed_cache_size>\n"
                + "  <mlock_executable>false</mlock_executable>\n"
                + "</yandex>\n";
    }

    static String usersXml(String password) {
        String credential =
                password.isEmpty()
                        ? "<password></password>"
                        : "<password_sha256_hex>" + sha256Hex(password) + "</password_sha256_hex>";
        return "<?xml version=\"1.0\"?>\n"
                + "<!-- Written by crosstrust LocalClickHouseServer; rewritten at every start. -->\n"
                + "<yandex>\n"
                + "  <profiles>\n"
                + "    <default>\n"
                + "      <max_memory_usage>4000000000</max_memory_usage>\n"
                + "    </default>\n"
                + "  </profiles>\n"
                + "  <users>\n"
                + "    <default>\n"
                + "      "
                + credential
                + "\n"
                + "      <networks>\n"
                + "        <ip>127.0.0.1</ip>\n"
                + "        <ip>::1</ip>\n"
                + "      </networks>\n"
                + "      <profile>default</profile>\n"
                + "      <quota>default</quota>\n"
                + "    </default>\n"
                + "  </users>\n"
                + "  <quotas>\n"
                + "    <default>\n"
                + "      <interval>\n"
                + "        <duration>3600</duration>\n"
                + "        <queries>0</queries>\n"
                + "        <errors>0</errors>\n"
                + "        <result_rows>0</result_rows>\n"
                + "        <read_rows>0</read_rows>\n"
                + "        <execution_time>0</execution_time>\n"
                + "      </interval>\n"
                + "    </default>\n"
                + "  </quotas>\n"
                + "</yandex>\n";
    }

    private static String sha256Hex(String password) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static String xml(Path path) {
        return path.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- ports -----------------------------------------------------------------------------

    private static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (free port) or 1..65535: " + port);
        }
        return port;
    }

    /** A port free on 127.0.0.1 right now, other than those given. */
    static int freePort(int... notThese) {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                boolean taken = false;
                for (int other : notThese) {
                    taken |= other == port;
                }
                if (!taken) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1");
    }
}
