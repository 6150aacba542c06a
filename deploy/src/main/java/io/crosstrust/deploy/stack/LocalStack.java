package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.escrow.EscrowDeployment;
import io.crosstrust.ingest.chain.escrow.EscrowExecutor;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseIdentifier;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseSchema;
import io.crosstrust.sinks.clickhouse.LocalClickHouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded default: an in-process Kafka broker, a ClickHouse server process and an anvil chain,
 * each replaced by an external service when {@link StackSettings} names one. Creates the topics and
 * the ClickHouse tables. Started for a trade world ({@link #start(StackSettings, Path, Consumer,
 * Instant)}), the embedded anvil is the escrow executor's (no mining of its own, genesis a day
 * before the world) and has TradeEscrow and TestStablecoin deployed ({@link #escrow()}) and a
 * CreditOracle with an updater key of its own ({@link #oracle()}). close() stops what it started,
 * in reverse order, and leaves no process or port behind; a JVM shutdown hook in each child process
 * does the same on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {
    public static final String DATABASE = "crosstrust";
    public static final int PARTITIONS = 2;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path workDir;
    private String bootstrapServers;
    private ClickHouseConnection clickhouse;
    private String rpcUrl;
    private Path clickhouseUsersDir;
    private int clickhouseNativePort;
    private LocalChainClient chain;
    private EscrowDeployment escrow;
    private LocalOracle oracle;

    private LocalStack(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Starts (or connects to) every part; on any failure stops what already started and rethrows.
     */
    public static LocalStack start(StackSettings settings, Path workDir, Consumer<String> log) {
        return start(settings, workDir, log, true, null);
    }

    /**
     * {@link #start(StackSettings, Path, Consumer)}, without any chain when {@code withChain} is
     * false (what needs only Kafka and ClickHouse, e.g. {@code notebooks run}, starts no anvil).
     */
    public static LocalStack start(
            StackSettings settings, Path workDir, Consumer<String> log, boolean withChain) {
        return start(settings, workDir, log, withChain, null);
    }

    /**
     * As {@link #start(StackSettings, Path, Consumer)}, with an embedded chain ready for the escrow
     * executor of a world that starts at {@code worldStart}: anvil without mining of its own, its
     * genesis a day before the world, the contracts deployed. Null: anvil with 1 s blocks, no
     * contracts.
     */
    public static LocalStack start(
            StackSettings settings, Path workDir, Consumer<String> log, Instant worldStart) {
        return start(settings, workDir, log, true, worldStart);
    }

    private static LocalStack start(
            StackSettings settings,
            Path workDir,
            Consumer<String> log,
            boolean withChain,
            Instant worldStart) {
        LocalStack stack = new LocalStack(workDir);
        try {
            stack.startParts(settings, log, withChain, worldStart);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startParts(
            StackSettings settings,
            Consumer<String> rawLog,
            boolean withChain,
            Instant worldStart) {
        long[] since = {System.nanoTime()};
        Consumer<String> log =
                line -> {
                    long now = System.nanoTime();
                    rawLog.accept(line + String.format(" [%.1f s]", (now - since[0]) / 1e9));
                    since[0] = now;
                };
        prepareWorkDir(workDir);
        if (settings.embeddedKafka()) {
            EmbeddedKafkaBroker broker =
                    EmbeddedKafkaBroker.start(workDir.resolve("kafka"), false, 0);
            started.push(broker);
            bootstrapServers = broker.bootstrapServers();
            log.accept(
                    "  kafka       embedded KRaft broker on "
                            + bootstrapServers
                            + " (logs in "
                            + workDir.resolve("kafka")
                            + ")");
        } else {
            bootstrapServers = settings.kafka();
            log.accept("  kafka       external " + bootstrapServers);
        }
        if (settings.embeddedClickHouse()) {
            LocalClickHouseServer server =
                    LocalClickHouseServer.start(workDir.resolve("clickhouse"), "");
            started.push(server);
            clickhouse = server.connection(DATABASE);
            clickhouseUsersDir = server.workDir().resolve("users.d");
            clickhouseNativePort = server.tcpPort();
            log.accept(
                    "  clickhouse  server process pid "
                            + server.pid()
                            + " on "
                            + server.httpUrl()
                            + " (native port "
                            + server.tcpPort()
                            + ", data in "
                            + workDir.resolve("clickhouse")
                            + ")");
        } else {
            clickhouse =
                    ClickHouseConnection.of(
                            settings.clickhouse(),
                            settings.clickhouseUser(),
                            settings.clickhousePassword(),
                            DATABASE);
            log.accept("  clickhouse  external " + settings.clickhouse());
        }
        if (!withChain) {
            rpcUrl = null;
        } else if (settings.embeddedChain()) {
            AnvilNode anvil =
                    worldStart == null
                            ? AnvilNode.start(workDir, 0, Duration.ofSeconds(1))
                            : AnvilNode.start(
                                    workDir,
                                    0,
                                    Duration.ZERO,
                                    EscrowExecutor.anvilArguments(worldStart));
            started.push(anvil);
            rpcUrl = anvil.rpcUrl();
            log.accept(
                    "  chain       anvil pid "
                            + anvil.pid()
                            + " on "
                            + rpcUrl
                            + " (chain id "
                            + AnvilNode.CHAIN_ID
                            + (worldStart == null
                                    ? ", 1 s blocks)"
                                    : ", blocks mined by the escrow executor)"));
            if (worldStart != null) {
                chain = LocalChainClient.connect(rpcUrl);
                started.push(chain);
                escrow = EscrowDeployment.deploy(chain);
                log.accept(
                        "  contracts   TradeEscrow "
                                + escrow.escrow()
                                + ", TestStablecoin "
                                + escrow.token()
                                + " (admin "
                                + escrow.admin()
                                + ", arbiter "
                                + escrow.arbiter()
                                + ")");
                oracle = LocalOracle.deploy(chain, escrow.admin(), workDir.resolve("oracle"));
                log.accept(
                        "  contracts   CreditOracle "
                                + oracle.contract()
                                + " (updater "
                                + oracle.updater()
                                + ", a fresh key in "
                                + oracle.keystore().getFileName()
                                + ")");
            }
        } else {
            rpcUrl = settings.rpc();
            log.accept("  chain       external " + rpcUrl);
        }
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            // replication as the brokers say: 1 on the embedded broker, the operators' choice
            // on an external cluster (docs/kafka.md), never a single replica forced on it
            admin.ensureWithBrokerDefaults(Topics.all(PARTITIONS));
        }
        ClickHouseSchema.apply(clickhouse);
        log.accept("  topics and ClickHouse tables ready (database " + DATABASE + ")");
        writeEndpoints();
    }

    /**
     * The file naming where the running stack's services are, for commands run beside it ({@code
     * crosstrust warnings tail}): the keys of a {@code --config} file. Written once everything is
     * up, deleted on close; no password goes in it.
     */
    public static final String ENDPOINTS_FILE = "endpoints.properties";

    private void writeEndpoints() {
        Path file = workDir.resolve(ENDPOINTS_FILE);
        String text =
                endpointsText(
                        bootstrapServers,
                        clickhouse.url(),
                        clickhouse.user(),
                        rpcUrl,
                        escrow,
                        oracle == null ? null : oracle.contract());
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        started.push(() -> Files.deleteIfExists(file));
    }

    /**
     * The endpoints file's text: the {@link StackSettings} file keys, then the contract addresses
     * of a stack started for a world ({@code escrow}, {@code stablecoin}, {@code oracle}).
     */
    static String endpointsText(
            String kafka,
            String clickhouseUrl,
            String clickhouseUser,
            String rpc,
            EscrowDeployment escrow,
            String oracle) {
        return "# the running crosstrust stack (deleted when it stops)\n"
                + "kafka="
                + kafka
                + "\nclickhouse="
                + clickhouseUrl
                + "\nclickhouse.user="
                + clickhouseUser
                + (rpc == null ? "" : "\nrpc=" + rpc)
                + "\n"
                + (escrow == null
                        ? ""
                        : "escrow=" + escrow.escrow() + "\nstablecoin=" + escrow.token() + "\n")
                + (oracle == null ? "" : "oracle=" + oracle + "\n");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ClickHouseConnection clickhouse() {
        return clickhouse;
    }

    /** Live chain events in trade_events after deduplication (FINAL), retractions left out. */
    public long countChainTradeEvents() {
        String sql =
                "SELECT count() FROM trade_events FINAL WHERE source = 'CHAIN' AND removed = 0";
        try {
            return Long.parseLong(new ClickHouseQuery(clickhouse).select(sql).single());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count chain events in ClickHouse", e);
        }
    }

    /** Rows of a crosstrust table after deduplication (FINAL): what a replay did not double. */
    public long countFinal(String table) {
        String sql = "SELECT count() FROM " + ClickHouseIdentifier.check(table, "table") + " FINAL";
        try {
            return Long.parseLong(new ClickHouseQuery(clickhouse).select(sql).single());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count " + table + " in ClickHouse", e);
        }
    }

    /**
     * The users.d directory of the local ClickHouse server (where extra users go), or null when
     * ClickHouse is external.
     */
    public Path clickhouseUsersDir() {
        return clickhouseUsersDir;
    }

    /**
     * The native-protocol port of the embedded ClickHouse server (Python's clickhouse-driver uses
     * it), 0 for an external ClickHouse (known only by its HTTP URL).
     */
    public int clickhouseNativePort() {
        return clickhouseNativePort;
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /** The client of the embedded chain when it was started for a world, else null. */
    public LocalChainClient chain() {
        return chain;
    }

    /** The CreditOracle on the embedded chain when it was started for a world, else null. */
    public LocalOracle oracle() {
        return oracle;
    }

    /** The contracts deployed on the embedded chain when it was started for a world, else null. */
    public EscrowDeployment escrow() {
        return escrow;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("stopping the local stack failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Marks a work dir as crosstrust's, so the next run may clear it. */
    static final String MARKER = ".crosstrust-workdir";

    /**
     * Empties the work dir for a fresh run. Only a directory this stack created (it holds the
     * marker file) or an empty one is ever cleared: a mistyped {@code --work-dir} must not delete
     * somebody's files.
     *
     * @throws IllegalArgumentException when the directory holds files crosstrust did not create
     */
    static void prepareWorkDir(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IllegalArgumentException(
                            "work dir "
                                    + dir
                                    + " is not empty and was not created by crosstrust: name a new"
                                    + " or empty directory (--work-dir)");
                }
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder())
                            .filter(p -> !p.equals(dir))
                            .forEach(p -> p.toFile().delete());
                }
            } else if (Files.exists(dir)) {
                throw new IllegalArgumentException(
                        "work dir " + dir + " is a file, not a directory");
            }
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(MARKER), "crosstrust clears this directory at every start\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare work dir " + dir, e);
        }
    }
}
