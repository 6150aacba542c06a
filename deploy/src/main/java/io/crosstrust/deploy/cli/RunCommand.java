package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.api.ApiKeys;
import io.crosstrust.deploy.api.CreditApi;
import io.crosstrust.deploy.api.SharingSetup;
import io.crosstrust.deploy.api.WarningStream;
import io.crosstrust.deploy.stack.DemoFeed;
import io.crosstrust.deploy.stack.EmbeddedChain;
import io.crosstrust.deploy.stack.EmbeddedFlow;
import io.crosstrust.deploy.stack.LocalStack;
import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.deploy.stack.TopicCounter;
import io.crosstrust.ingest.chain.escrow.EscrowExecutor;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrust run}: the whole pipeline on one machine, fed by the synthetic trade world. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline on the embedded default: an in-process Kafka broker, a local Flink"
                    + " MiniCluster, a ClickHouse server process and anvil, fed by the synthetic trade world:"
                    + " its platform events into platform.events, its escrow-settled orders executed on"
                    + " anvil and read back by the chain listener into chain.events.",
            "Prints progress every few seconds until Ctrl-C or --duration; stops everything it started."
        })
public final class RunCommand implements Callable<Integer> {
    private static final List<String> OUTPUT_TOPICS =
            List.of(
                    Topics.CHAIN_EVENTS,
                    Topics.TRADE_EVENTS,
                    Topics.ENTITY_ACTIVITY,
                    Topics.DEAD_LETTERS,
                    Topics.CREDIT_SCORES,
                    Topics.RISK_WARNINGS);

    @Spec CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "S",
            description = "Stop after S seconds (default: run until Ctrl-C).")
    long durationSeconds;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "2000",
            description =
                    "Generated events per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the synthetic world (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--entities",
            paramLabel = "N",
            description = "Entities in the synthetic world (default: the generator's).")
    Integer entities;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A generator parameter (docs/generator.md); repeatable.")
    List<String> worldSettings = new ArrayList<>();

    @Option(
            names = "--malformed-share",
            paramLabel = "X",
            defaultValue = "0.005",
            description =
                    "Share of extra damaged records sent, to exercise the dead-letter path (default: ${DEFAULT-VALUE}).")
    double malformedShare;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "MS",
            defaultValue = "2000",
            description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMs;

    @Option(
            names = "--confirmations",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "Blocks on top of a block before the chain listener reads it (default: ${DEFAULT-VALUE};"
                            + " the local chain mines a block a second and never reorganises).")
    int confirmations;

    @Option(
            names = "--interval",
            paramLabel = "S",
            defaultValue = "5",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(
            names = "--json",
            description = "End with one JSON object of the figures on the last line of stdout.")
    boolean json;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of the embedded broker (env CROSSTRUST_KAFKA).")
    String kafka;

    @Option(
            names = "--clickhouse",
            paramLabel = "URL",
            description =
                    "Use this ClickHouse HTTP URL instead of a local server (env CROSSTRUST_CLICKHOUSE).")
    String clickhouse;

    @Option(
            names = "--rpc",
            paramLabel = "URL",
            description =
                    "Use this chain JSON-RPC URL instead of a local anvil (env CROSSTRUST_RPC).")
    String rpc;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with kafka=, clickhouse=, rpc=, clickhouse.user= (flags and env win).")
    Path config;

    @Option(
            names = "--api-port",
            defaultValue = "0",
            description =
                    "Port of the credit data query API on 127.0.0.1 (0: a free one; -1: no API)."
                            + " Started with a local ClickHouse only; see docs/sharing.md.")
    int apiPort;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Where embedded services keep data and logs (default: .crosstrust/run in the project).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> flags = new HashMap<>();
        flags.put("kafka", kafka);
        flags.put("clickhouse", clickhouse);
        flags.put("rpc", rpc);
        StackSettings settings = StackSettings.resolve(flags, System.getenv(), config);
        // run lasts until Ctrl-C or --duration: its world is endless unless --set days=N
        TradeWorldConfig.Builder world =
                TradeWorldConfig.builder().days(0).parse(worldSettings).seed(seed);
        if (entities != null) {
            world.entities(entities);
        }
        TradeWorldConfig worldConfig = world.build();
        Path dir = workDir != null ? workDir : ProjectRoot.find().resolve(".crosstrust/run");

        out.println("crosstrust run: " + settings);
        long started = System.nanoTime();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            stopRequested.countDown();
                            try {
                                stopped.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException ignored) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "crosstrust-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        Figures figures = new Figures();
        try (LocalStack stack =
                        LocalStack.start(
                                settings,
                                dir,
                                out::println,
                                settings.embeddedChain() ? worldConfig.start() : null);
                CreditApi api = startApi(stack, dir, out);
                TopicAdmin admin = new TopicAdmin(stack.bootstrapServers());
                EmbeddedFlow flow =
                        EmbeddedFlow.startPipeline(
                                stack, parallelism, Duration.ofMillis(checkpointMs));
                TopicCounter counter = new TopicCounter(stack.bootstrapServers(), OUTPUT_TOPICS);
                EmbeddedChain chain = EmbeddedChain.start(stack, confirmations);
                DemoFeed feed =
                        new DemoFeed(
                                        stack.bootstrapServers(),
                                        Topics.PLATFORM_EVENTS,
                                        new TradeWorld(worldConfig),
                                        rate,
                                        malformedShare,
                                        seed,
                                        chain::offer)
                                .start()) {
            out.println(
                    chain.active()
                            ? "  chain side  escrow executor (the world's escrow orders, a block a second)"
                                    + " and chain listener ("
                                    + confirmations
                                    + " confirmations) into "
                                    + Topics.CHAIN_EVENTS
                            : "  chain side  external chain: the world's escrow orders are not executed"
                                    + " (that needs the local anvil); chain.events is read as it comes");
            long running = System.nanoTime();
            out.println(
                    String.format("started in %.1f s; running: ", (running - started) / 1e9)
                            + (durationSeconds > 0 ? durationSeconds + " s" : "until Ctrl-C")
                            + ", "
                            + (rate == 0 ? "unthrottled" : rate + " events/s")
                            + ", seed "
                            + seed);
            long deadline =
                    durationSeconds > 0
                            ? running + TimeUnit.SECONDS.toNanos(durationSeconds)
                            : Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                long wait =
                        Math.min(
                                TimeUnit.SECONDS.toNanos(intervalSeconds),
                                deadline - System.nanoTime());
                if (stopRequested.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    // The JVM is shutting down and the child processes' own hooks stop them now:
                    // report what came through, do not wait for a drain that cannot finish.
                    out.println("stopping (Ctrl-C): not draining; figures are as of now");
                    break;
                }
                figures.read(feed, counter, admin, stack, chain, running);
                out.println(figures.line());
                JobStatus status = flow.status();
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException("the trade flow stopped: " + status);
                }
                if (chain.failure() != null) {
                    throw new IllegalStateException(chain.failure());
                }
            }
            feed.stop();
            figures.feedSeconds = (System.nanoTime() - running) / 1e9;
            if (stopRequested.getCount() > 0) {
                if (!chain.drain(Duration.ofSeconds(30))) {
                    out.println("chain: the listener did not reach the last block within 30 s");
                }
                if (!drain(feed, counter, admin, stack, Duration.ofSeconds(30))) {
                    out.println(
                            "drain: the outputs did not catch up with the input within 30 s (the"
                                    + " figures below are not final)");
                }
            }
            figures.read(feed, counter, admin, stack, chain, running);
            out.println(figures.line());
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is what is running
            }
        }
        out.println("stopped; every process started by this run is gone");
        if (json) {
            out.println(figures.summary().toJson());
        }
        return 0;
    }

    /** The query API over the stack's ClickHouse, or null (external ClickHouse, --api-port -1). */
    private CreditApi startApi(LocalStack stack, Path dir, PrintWriter out) throws IOException {
        if (apiPort < 0) {
            return null;
        }
        if (stack.clickhouseUsersDir() == null) {
            out.println(
                    "  api         not started: ClickHouse is external (install the sharing tiers"
                            + " there, then ./crosstrust serve; docs/sharing.md)");
            return null;
        }
        SharingSpec spec = SharingSpec.standard(LocalStack.DATABASE);
        Path sharing = dir.resolve("sharing");
        Map<SharingTier, ClickHouseConnection> tiers =
                SharingSetup.installLocal(
                        spec,
                        stack.clickhouse(),
                        stack.clickhouseUsersDir(),
                        stack.clickhouseNativePort(),
                        sharing);
        CreditApi api =
                CreditApi.start(
                        spec,
                        tiers,
                        ApiKeys.load(sharing.resolve(SharingSetup.KEYS_FILE)),
                        ServeCommand.DEFAULT_RATE,
                        WarningStream.start(stack.bootstrapServers()),
                        apiPort);
        out.println(
                "  api         "
                        + api.url()
                        + "/live , /openapi.json (demo keys in "
                        + sharing.resolve(SharingSetup.PLAIN_KEYS_FILE)
                        + ")");
        return api;
    }

    private void validate() {
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("--duration must be >= 0, got " + durationSeconds);
        }
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("--interval must be >= 1, got " + intervalSeconds);
        }
        if (checkpointMs < 100) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval must be >= 100 ms, got " + checkpointMs);
        }
        if (confirmations < 0 || confirmations > 64) {
            throw new IllegalArgumentException(
                    "--confirmations must be in [0,64], got " + confirmations);
        }
        if (entities != null && entities < 10) {
            throw new IllegalArgumentException("--entities must be >= 10, got " + entities);
        }
    }

    /**
     * Waits until everything fed has come out (as an event or a dead letter), the flow has
     * committed its source offsets (lag 0 on platform.events), and ClickHouse holds every committed
     * trade event (its sinks insert a checkpoint's rows when the checkpoint completed, in the same
     * round as the offset commit, not before it).
     *
     * @return false when the timeout passed first
     */
    private static boolean drain(
            DemoFeed feed,
            TopicCounter counter,
            TopicAdmin admin,
            LocalStack stack,
            Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long in = feed.validSent() + feed.malformedSent() + counter.count(Topics.CHAIN_EVENTS);
            boolean out =
                    counter.count(Topics.TRADE_EVENTS) + counter.count(Topics.DEAD_LETTERS) >= in;
            // chain.events needs no lag check: it is written in transactions, so its end offsets
            // count commit markers no consumer commits past (its lag never reaches 0); its records
            // are in `in`, and `out` covers them
            if (out
                    && lag(admin, Topics.PLATFORM_EVENTS) == 0
                    && clickhouseTradeEvents(stack) >= counter.count(Topics.TRADE_EVENTS)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static long clickhouseTradeEvents(LocalStack stack) {
        try {
            return stack.countFinal("trade_events");
        } catch (RuntimeException e) {
            return -1; // not reachable just now: keep waiting
        }
    }

    private static long lag(TopicAdmin admin, String topic) {
        try {
            return admin.lag(EmbeddedFlow.GROUP_ID, topic);
        } catch (RuntimeException e) {
            return -1; // no offsets committed yet (before the first checkpoint)
        }
    }

    /** What the progress lines and the JSON summary report. */
    static final class Figures {
        long validIn;
        long malformedIn;
        long tradeEventsOut;
        long activityOut;
        long deadLetters;
        long scoresOut;
        long warningsOut;
        long clickhouseRows;
        long clickhouseScores;
        long clickhouseWarnings;
        long lag;
        double seconds;
        double feedSeconds;
        boolean chainActive;
        long chainEvents;
        long clickhouseChainEvents;
        long chainTransactions;
        double chainTxPerSecond;
        long chainReverted;
        long chainBacklog;
        long escrowOrders;
        long headLag = -1;
        long oracleTransactions;

        void read(
                DemoFeed feed,
                TopicCounter counter,
                TopicAdmin admin,
                LocalStack stack,
                EmbeddedChain chain,
                long runningSince) {
            validIn = feed.validSent();
            malformedIn = feed.malformedSent();
            tradeEventsOut = counter.count(Topics.TRADE_EVENTS);
            activityOut = counter.count(Topics.ENTITY_ACTIVITY);
            deadLetters = counter.count(Topics.DEAD_LETTERS);
            scoresOut = counter.count(Topics.CREDIT_SCORES);
            warningsOut = counter.count(Topics.RISK_WARNINGS);
            seconds = (System.nanoTime() - runningSince) / 1e9;
            lag = lag(admin, Topics.PLATFORM_EVENTS);
            chainEvents = counter.count(Topics.CHAIN_EVENTS);
            EscrowExecutor.Snapshot x = chain.executor();
            chainActive = x != null;
            if (x != null) {
                chainTransactions = x.mined();
                chainTxPerSecond = x.txPerSecond();
                chainReverted = x.reverted() + x.refused();
                chainBacklog = x.backlog();
                escrowOrders = x.escrowOrders();
                headLag = chain.listener().headLag();
            }
            if (stack.oracle() != null) {
                try {
                    oracleTransactions = stack.chain().nonce(stack.oracle().updater());
                } catch (RuntimeException e) {
                    // keep the last figure: anvil may be going down with the stack on Ctrl-C
                }
            }
            try {
                clickhouseRows = stack.countFinal("trade_events");
                clickhouseChainEvents = stack.countChainTradeEvents();
                clickhouseScores = stack.countFinal("credit_scores");
                clickhouseWarnings = stack.countFinal("risk_warnings");
            } catch (RuntimeException e) {
                // keep the last figure: ClickHouse may be going down with the stack on Ctrl-C
            }
        }

        String line() {
            return String.format(
                    "[%5.0fs] events in %d (+%d malformed) | trade.events %d  entity.activity %d  dead.letters %d"
                            + " | credit.scores %d  risk.warnings %d"
                            + " | clickhouse trade_events %d  credit_scores %d  risk_warnings %d"
                            + " | consumer lag %s"
                            + " | chain %s",
                    seconds,
                    validIn,
                    malformedIn,
                    tradeEventsOut,
                    activityOut,
                    deadLetters,
                    scoresOut,
                    warningsOut,
                    clickhouseRows,
                    clickhouseScores,
                    clickhouseWarnings,
                    lag < 0 ? "n/a" : Long.toString(lag),
                    chainActive
                            ? String.format(
                                    "tx %d (%.0f/s, backlog %d)  chain.events %d  head lag %s"
                                            + "  clickhouse %d  oracle tx %d",
                                    chainTransactions,
                                    chainTxPerSecond,
                                    chainBacklog,
                                    chainEvents,
                                    headLag < 0 ? "n/a" : Long.toString(headLag),
                                    clickhouseChainEvents,
                                    oracleTransactions)
                            : String.format(
                                    "external: chain.events %d  clickhouse %d",
                                    chainEvents, clickhouseChainEvents));
        }

        JsonSummary summary() {
            return new JsonSummary()
                    .put("events_in", validIn + malformedIn)
                    .put("valid_events_in", validIn)
                    .put("malformed_in", malformedIn)
                    .put("trade_events_out", tradeEventsOut)
                    .put("entity_activity_out", activityOut)
                    .put("clickhouse_rows", clickhouseRows)
                    .put("dead_letters", deadLetters)
                    .put("credit_scores_out", scoresOut)
                    .put("risk_warnings_out", warningsOut)
                    .put("clickhouse_credit_scores", clickhouseScores)
                    .put("clickhouse_risk_warnings", clickhouseWarnings)
                    .put("consumer_lag", lag)
                    .put("duration_s", Math.round(seconds * 10) / 10.0)
                    .put("events_per_s", feedSeconds > 0 ? Math.round(validIn / feedSeconds) : 0)
                    .put("chain_events", chainEvents)
                    .put("clickhouse_chain_events", clickhouseChainEvents)
                    .put("chain_head_lag", headLag)
                    .put("escrow_orders", escrowOrders)
                    .put("chain_transactions", chainTransactions)
                    .put("chain_tx_per_s", Math.round(chainTxPerSecond))
                    .put("chain_failed_transactions", chainReverted)
                    .put("chain_backlog", chainBacklog)
                    .put("oracle_transactions", oracleTransactions);
        }
    }
}
