package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.jobs.config.ConfigFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where each service of the stack is: embedded (started here) or external (an address). Resolved
 * from, highest precedence first: command-line flags, environment variables, a properties file
 * ({@code --config}, .properties or .yaml, read by the jobs' {@link ConfigFile}), and the defaults
 * (everything embedded).
 *
 * <table>
 *   <tr><th>setting</th><th>flag</th><th>environment</th><th>file key</th></tr>
 *   <tr><td>Kafka</td><td>--kafka</td><td>CROSSTRUST_KAFKA</td><td>kafka</td></tr>
 *   <tr><td>ClickHouse</td><td>--clickhouse</td><td>CROSSTRUST_CLICKHOUSE</td><td>clickhouse</td></tr>
 *   <tr><td>chain RPC</td><td>--rpc</td><td>CROSSTRUST_RPC</td><td>rpc</td></tr>
 *   <tr><td>ClickHouse user</td><td></td><td>CROSSTRUST_CLICKHOUSE_USER</td><td>clickhouse.user</td></tr>
 *   <tr><td>ClickHouse password</td><td></td><td>CROSSTRUST_CLICKHOUSE_PASSWORD</td><td>(never in a file)</td></tr>
 * </table>
 */
public record StackSettings(
        String kafka,
        String clickhouse,
        String rpc,
        String clickhouseUser,
        String clickhousePassword) {

    /**
     * Keys a config file may hold; anything else is an error, so typos do not pass silently. The
     * last three are what a running stack's endpoints file reports besides (its contracts'
     * addresses): accepted so that the file reads as a config, not used here.
     */
    static final java.util.Set<String> FILE_KEYS =
            java.util.Set.of(
                    "kafka",
                    "clickhouse",
                    "rpc",
                    "clickhouse.user",
                    "escrow",
                    "stablecoin",
                    "oracle");

    public boolean embeddedKafka() {
        return kafka == null;
    }

    public boolean embeddedClickHouse() {
        return clickhouse == null;
    }

    public boolean embeddedChain() {
        return rpc == null;
    }

    /**
     * Resolves the settings; every external address is checked here so a bad one fails before
     * anything starts.
     *
     * @throws IllegalArgumentException with a message that says what to fix
     */
    public static StackSettings resolve(
            Map<String, String> flags, Map<String, String> env, Path configFile) {
        Map<String, String> file = configFile == null ? Map.of() : readFile(configFile);
        String kafka = pick(flags.get("kafka"), env.get("CROSSTRUST_KAFKA"), file.get("kafka"));
        String clickhouse =
                pick(
                        flags.get("clickhouse"),
                        env.get("CROSSTRUST_CLICKHOUSE"),
                        file.get("clickhouse"));
        String rpc = pick(flags.get("rpc"), env.get("CROSSTRUST_RPC"), file.get("rpc"));
        String user =
                pick(null, env.get("CROSSTRUST_CLICKHOUSE_USER"), file.get("clickhouse.user"));
        String password = env.getOrDefault("CROSSTRUST_CLICKHOUSE_PASSWORD", "");
        if (kafka != null) {
            checkBootstrap(kafka);
        }
        if (clickhouse != null) {
            checkHttpUrl("--clickhouse", clickhouse);
        }
        if (rpc != null) {
            checkHttpUrl("--rpc", rpc);
        }
        return new StackSettings(kafka, clickhouse, rpc, user == null ? "default" : user, password);
    }

    private static String pick(String... values) {
        return ConfigFile.pick(values);
    }

    /**
     * The settings of the {@code ./crosstrust run} running in {@code workDir} (null: {@code
     * .crosstrust/run}): its endpoints file, below {@code flags} and {@code env}; for commands run
     * beside it.
     *
     * @param what what the caller needs, for the message, e.g. "Kafka to talk to"
     * @param instead how to name one instead, e.g. "--kafka HOST:PORT or CROSSTRUST_KAFKA"
     * @throws IllegalArgumentException when no run writes its endpoints file there
     */
    public static StackSettings ofRunning(
            Path workDir,
            Map<String, String> flags,
            Map<String, String> env,
            String what,
            String instead) {
        Path endpoints = endpointsFile(workDir);
        if (!Files.exists(endpoints)) {
            throw new IllegalArgumentException(
                    "no "
                            + what
                            + ": start `./crosstrust run` (it writes "
                            + endpoints
                            + "), or name one with "
                            + instead);
        }
        return resolve(flags, env, endpoints);
    }

    /** The endpoints file of a run in {@code workDir} (null: {@code .crosstrust/run}). */
    public static Path endpointsFile(Path workDir) {
        Path dir = workDir != null ? workDir : ProjectRoot.find().resolve(".crosstrust/run");
        return dir.resolve(LocalStack.ENDPOINTS_FILE);
    }

    private static Map<String, String> readFile(Path file) {
        return ConfigFile.read(file, FILE_KEYS, "--config");
    }

    static void checkBootstrap(String servers) {
        for (String server : servers.split(",")) {
            int colon = server.lastIndexOf(':');
            boolean ok = colon > 0 && colon < server.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException(
                        "--kafka '"
                                + servers
                                + "': expected host:port[,host:port], e.g. 127.0.0.1:9092");
            }
        }
    }

    static void checkHttpUrl(String flag, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    flag + " '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    flag
                            + " '"
                            + url
                            + "': expected an http(s) URL with a host, e.g. http://127.0.0.1:8123");
        }
    }

    /** For printing: the password masked. */
    @Override
    public String toString() {
        return "kafka="
                + (kafka == null ? "embedded" : kafka)
                + " clickhouse="
                + (clickhouse == null ? "embedded" : clickhouse)
                + " rpc="
                + (rpc == null ? "embedded" : rpc)
                + " clickhouse.user="
                + clickhouseUser
                + " clickhouse.password="
                + (clickhousePassword.isEmpty() ? "(none)" : "****");
    }
}
