package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.ChainListener;
import io.crosstrust.ingest.chain.ChainListenerMetrics;
import io.crosstrust.ingest.chain.ChainListenerOptions;
import io.crosstrust.ingest.chain.ChainLogDecoder;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.RawLog;
import io.crosstrust.ingest.chain.Web3jChainRpc;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Backfill speed of the chain listener beside its limit. On a local anvil, TestStablecoin.mintBatch
 * writes {@code --logs} ERC-20 Transfer logs, {@code --logs-per-block} per block. After warm-up
 * runs, each of {@code --runs} measured runs reads the same blocks three times: the raw eth_getLogs
 * rate (one client reading consecutive ranges of {@code --raw-range} blocks and parsing the
 * replies, nothing else), the listener's backfill into Kafka (decode, Avro, one transaction per
 * range, cursor and window committed with it), and the raw rate again. A run's ratio is listener /
 * mean raw; the bench reports every run's and their median.
 */
@Command(
        name = "chain-backfill",
        mixinStandardHelpOptions = true,
        description =
                "Chain listener backfill (logs/s, blocks/s) beside the raw eth_getLogs rate of the same blocks.")
public final class ChainBackfillBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--logs",
            defaultValue = "100000",
            description = "Transfer logs to write and backfill (default: ${DEFAULT-VALUE}).")
    int logs;

    @Option(
            names = "--logs-per-block",
            defaultValue = "100",
            description =
                    "Logs per block, one mintBatch transaction each (default: ${DEFAULT-VALUE}).")
    int logsPerBlock;

    @Option(
            names = "--raw-range",
            defaultValue = "50",
            description =
                    "Blocks per eth_getLogs call of the raw reader (default: ${DEFAULT-VALUE}).")
    int rawRange;

    @Option(
            names = "--confirmations",
            defaultValue = "12",
            description = "Listener confirmations (default: ${DEFAULT-VALUE}).")
    int confirmations;

    @Option(
            names = "--reorg-window",
            defaultValue = "128",
            description = "Listener reorg window (default: ${DEFAULT-VALUE}).")
    int reorgWindow;

    @Option(
            names = "--target-logs",
            defaultValue = "5000",
            description = "Listener targetLogsPerRange (default: ${DEFAULT-VALUE}).")
    int targetLogs;

    @Option(
            names = "--fetch-ahead",
            defaultValue = "2",
            description =
                    "Listener fetchAhead: eth_getLogs ranges read ahead concurrently"
                            + " (default: ${DEFAULT-VALUE}, the listener's default).")
    int fetchAhead;

    @Option(
            names = "--warmup",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Run the raw read and the listener over the same blocks, unmeasured, before the"
                            + " measured runs (default: ${DEFAULT-VALUE}; --no-warmup to measure a"
                            + " cold JVM).")
    boolean warmup;

    @Option(
            names = "--warmup-runs",
            defaultValue = "15",
            description =
                    "How many unmeasured runs of the raw read and of the listener warm up first"
                            + " (default: ${DEFAULT-VALUE}). With one, the JIT compiler still"
                            + " used about 1 CPU-s of the measured listener run's 2.1; after 15,"
                            + " about 0.15 (each line shows it).")
    int warmupRuns;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description =
                    "Measured runs, each the raw read, the listener's backfill and the raw read"
                            + " again; the ratio reported is their median, the upper middle one"
                            + " for an even count (default: ${DEFAULT-VALUE}). A single run's"
                            + " ratio moves by about 0.1 from run to run.")
    int runs;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (logs < 10_000) {
            throw new IllegalArgumentException("--logs must be >= 10000, got " + logs);
        }
        if (logsPerBlock < 1 || logsPerBlock > 400) {
            throw new IllegalArgumentException(
                    "--logs-per-block must be 1..400, got " + logsPerBlock);
        }
        if (runs < 1 || runs > 50) {
            throw new IllegalArgumentException("--runs must be 1..50, got " + runs);
        }
        if (rawRange < 1) {
            throw new IllegalArgumentException("--raw-range must be >= 1, got " + rawRange);
        }
        PrintWriter out = spec.commandLine().getOut();
        // a private temp dir (deleted at the end): nothing else can touch the broker's files
        Path dir = Files.createTempDirectory("crosstrust-bench-chain");
        int blocks = (logs + logsPerBlock - 1) / logsPerBlock;
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(
                                Files.createTempDirectory(dir, "kafka"), true, 0);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            out.printf("anvil on %s, Kafka on %s%n", node.rpcUrl(), broker.bootstrapServers());
            String admin = chain.accounts().get(0);
            TestStablecoin usd = chain.deployStablecoin(admin);
            List<String> recipients = new ArrayList<>();
            List<BigInteger> amounts = new ArrayList<>();
            for (int i = 0; i < logsPerBlock; i++) {
                recipients.add(String.format("0x%040x", 0x1000 + i));
                amounts.add(BigInteger.valueOf(1_000_000L + i));
            }
            long loadStart = System.nanoTime();
            long first = chain.head() + 1;
            int written = 0;
            String lastTx = null;
            for (int b = 0; b < blocks; b++) {
                int n = Math.min(logsPerBlock, logs - written);
                String data =
                        usd.mintBatch(recipients.subList(0, n), amounts.subList(0, n))
                                .encodeFunctionCall();
                // automine: each transaction is one block
                lastTx = chain.send(admin, usd.getContractAddress(), data, 15_000_000);
                written += n;
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (chain.web3j()
                    .ethGetTransactionReceipt(lastTx)
                    .send()
                    .getTransactionReceipt()
                    .isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the last mintBatch was not mined");
                }
                Thread.sleep(20);
            }
            long last = chain.head();
            chain.mine(confirmations);
            out.printf(
                    "wrote %,d Transfer logs in blocks %d..%d (%,d blocks) in %.1f s%n",
                    written, first, last, last - first + 1, (System.nanoTime() - loadStart) / 1e9);
            if (last - first + 1 != blocks) {
                throw new IllegalStateException(
                        "expected one block per mintBatch, got " + (last - first + 1));
            }

            List<String> addresses = List.of(usd.getContractAddress().toLowerCase());
            List<String> topics = List.of(ChainLogDecoder.TRANSFER_TOPIC);
            Blocks range = new Blocks(node.rpcUrl(), node.pid(), first, last, written);
            // one listener id and topic prefix per backfill
            List<String> warmups = names("warmup", warmup ? warmupRuns : 0);
            List<String> measured = names("run", runs);
            try (TopicAdmin admin2 = new TopicAdmin(broker.bootstrapServers())) {
                // every backfill, warm-up or measured, writes to topics of its own laid out as
                // chain.events (with one partition instead of four, the JIT recompiled the
                // producer's and the broker's paths during the measured run)
                List<Topics.Spec> specs = new ArrayList<>();
                for (String name : Stream.concat(warmups.stream(), measured.stream()).toList()) {
                    String prefix = name + ".";
                    specs.add(new Topics.Spec(prefix + Topics.CHAIN_EVENTS, 4, Topics.APPEND_TIME));
                    specs.add(new Topics.Spec(prefix + Topics.DEAD_LETTERS, 1, Topics.APPEND_TIME));
                }
                admin2.ensure(specs, (short) 1);
            }
            ChainListenerOptions.Builder options =
                    ChainListenerOptions.builder()
                            .rpcUrl(node.rpcUrl())
                            .tokenContracts(addresses)
                            .startBlock(first)
                            .confirmations(confirmations)
                            .reorgWindow(reorgWindow)
                            .targetLogsPerRange(targetLogs)
                            .fetchAhead(fetchAhead);
            // unmeasured: the same reads and backfills JIT-compile the RPC, decode, Avro and
            // Kafka paths. Once is not enough: C2 still compiled for about 1 CPU-s during the
            // measured run (half of it).
            for (String name : warmups) {
                rawRate(range, addresses, topics);
                backfill(range, options, name, broker.bootstrapServers());
            }

            List<Run> runs = new ArrayList<>();
            for (int run = 1; run <= measured.size(); run++) {
                Phase rawBefore = rawRate(range, addresses, topics);
                Phase listener =
                        backfill(range, options, measured.get(run - 1), broker.bootstrapServers());
                Phase rawAfter = rawRate(range, addresses, topics);
                Run r = new Run(rawBefore, listener, rawAfter);
                runs.add(r);
                out.printf(
                        "run %d/%d: raw %,.0f logs/s | listener %,.0f logs/s (%,.0f blocks/s,"
                                + " %d batches, %.2f s) | raw again %,.0f logs/s | ratio %.2f%n",
                        run,
                        measured.size(),
                        rawBefore.logsPerSecond(),
                        listener.logsPerSecond(),
                        listener.blocksPerSecond(),
                        listener.batches(),
                        listener.seconds(),
                        rawAfter.logsPerSecond(),
                        r.ratio());
                out.printf(
                        "         CPU-s in this JVM (JIT) + in anvil: listener %s, the JVM's incl."
                                + " the Kafka broker; raw %s, then %s%n",
                        listener.cpu(), rawBefore.cpu(), rawAfter.cpu());
            }
            List<Run> byRatio = new ArrayList<>(runs);
            byRatio.sort(Comparator.comparingDouble(Run::ratio));
            Run median = byRatio.get(byRatio.size() / 2);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            out.printf(
                    "limit: raw eth_getLogs (%d-block ranges)   %,10.0f logs/s %,8.0f blocks/s"
                            + "   (median run)%n",
                    rawRange, median.raw(), median.raw() * range.blocks() / written);
            out.printf(
                    "chain listener backfill into Kafka         %,10.0f logs/s %,8.0f blocks/s"
                            + "   (median run)%n",
                    median.listener().logsPerSecond(), median.listener().blocksPerSecond());
            out.printf(
                    "ratio listener / mean raw                  %10.2f     median of %d runs"
                            + " (min %.2f, max %.2f); goal >= 0.70%n",
                    median.ratio(),
                    runs.size(),
                    byRatio.get(0).ratio(),
                    byRatio.get(byRatio.size() - 1).ratio());
            DoubleSummaryStatistics settled =
                    runs.stream()
                            .flatMap(r -> Stream.of(r.before(), r.listener(), r.after()))
                            .mapToDouble(Phase::settled)
                            .summaryStatistics();
            out.printf(
                    "before each measured phase this JVM went idle (no JIT, < 10 %% of a core) in"
                            + " %.1f-%.1f s%s%n",
                    settled.getMin(),
                    settled.getMax(),
                    settled.getMax() >= 20 ? " (at least once not within the 20 s allowed)" : "");
            out.printf(
                    "machine: %d cores, load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(), load);
            if (json) {
                out.println(
                        new JsonSummary()
                                .put("logs", written)
                                .put("blocks", range.blocks())
                                .put("runs", runs.size())
                                .put("ratio", round3(median.ratio()))
                                .put("ratio_min", round3(byRatio.get(0).ratio()))
                                .put("ratio_max", round3(byRatio.get(byRatio.size() - 1).ratio()))
                                .put("ratios", runs.stream().map(x -> round3(x.ratio())).toList())
                                .put(
                                        "listener_logs_per_s",
                                        Math.round(median.listener().logsPerSecond()))
                                .put(
                                        "listener_blocks_per_s",
                                        Math.round(median.listener().blocksPerSecond()))
                                .put(
                                        "raw_logs_per_s_before",
                                        Math.round(median.before().logsPerSecond()))
                                .put(
                                        "raw_logs_per_s_after",
                                        Math.round(median.after().logsPerSecond()))
                                .put("raw_range_blocks", rawRange)
                                .put("listener_batches", median.listener().batches())
                                .put("listener_cpu_s_jvm", round(median.listener().jvm()))
                                .put("listener_cpu_s_anvil", round(median.listener().anvil()))
                                .put("listener_cpu_s_jit", round(median.listener().jit()))
                                .put("warmup_runs", warmup ? warmupRuns : 0)
                                .put(
                                        "raw_cpu_s_jvm",
                                        round((median.before().jvm() + median.after().jvm()) / 2))
                                .put(
                                        "raw_cpu_s_anvil",
                                        round(
                                                (median.before().anvil() + median.after().anvil())
                                                        / 2))
                                .put("load_average", load)
                                .toJson());
            }
        }
        deleteRecursively(dir);
        return 0;
    }

    /**
     * The blocks written, first..last, holding {@code logs} Transfer logs, on anvil {@code pid}.
     */
    private record Blocks(String url, long pid, long first, long last, int logs) {
        long blocks() {
            return last - first + 1;
        }
    }

    /** One measured read of the blocks: its rate, and the CPU it took (see {@link #cpu}). */
    private record Phase(
            double logsPerSecond,
            double blocksPerSecond,
            double seconds,
            long batches,
            double settled,
            double jvm,
            double jit,
            double anvil) {
        String cpu() {
            return String.format("%.2f (%.2f) + %.2f", jvm, jit, anvil);
        }
    }

    /** A measured run: the raw read, the listener's backfill, the raw read again. */
    private record Run(Phase before, Phase listener, Phase after) {
        double raw() {
            return (before.logsPerSecond() + after.logsPerSecond()) / 2;
        }

        double ratio() {
            return listener.logsPerSecond() / raw();
        }
    }

    /**
     * Backfills the blocks with a listener of its own (id and topics named {@code name}), checking
     * that it emitted every log once.
     */
    private static Phase backfill(
            Blocks range, ChainListenerOptions.Builder options, String name, String bootstrap)
            throws InterruptedException {
        String prefix = name + ".";
        try (ChainListener listener =
                ChainListener.create(
                        options.listenerId(name)
                                .eventsTopic(prefix + Topics.CHAIN_EVENTS)
                                .deadLetterTopic(prefix + Topics.DEAD_LETTERS)
                                .stateTopic(prefix + ChainListenerOptions.STATE_TOPIC)
                                .build(),
                        bootstrap)) {
            listener.recover();
            double settled = awaitIdle(range.pid());
            double[] cpu0 = cpu(range.pid());
            long start = System.nanoTime();
            if (!listener.runUntil(range.last(), Duration.ofMinutes(15))) {
                throw new IllegalStateException(
                        name + ": the listener did not reach block " + range.last() + " in 15 min");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] cpu1 = cpu(range.pid());
            ChainListenerMetrics.Snapshot m = listener.metrics().snapshot();
            if (m.logs() != range.logs()) {
                throw new IllegalStateException(
                        name + ": the listener emitted " + m.logs() + ", expected " + range.logs());
            }
            return phase(range, seconds, m.batches(), settled, cpu0, cpu1);
        }
    }

    private static Phase phase(
            Blocks range,
            double seconds,
            long batches,
            double settled,
            double[] cpu0,
            double[] cpu1) {
        return new Phase(
                range.logs() / seconds,
                range.blocks() / seconds,
                seconds,
                batches,
                settled,
                cpu1[0] - cpu0[0],
                cpu1[2] - cpu0[2],
                cpu1[1] - cpu0[1]);
    }

    /**
     * Waits (at most 20 s) until this JVM is idle: for three 100 ms windows in a row its JIT
     * compiler threads used no CPU and the whole process less than 10 ms (the broker's timers). A
     * measured phase then does not pay for what the one before it left behind: compiling what it
     * triggered, garbage collection, the broker's housekeeping after 15 warm-up topics.
     */
    private static double awaitIdle(long anvilPid) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(20).toNanos();
        double[] last = cpu(anvilPid);
        for (int idle = 0; idle < 3 && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            double[] now = cpu(anvilPid);
            idle = now[2] == last[2] && now[0] - last[0] < 0.010 ? idle + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** kind1, kind2, ... kindN. */
    private static List<String> names(String kind, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(kind + i);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * CPU seconds used so far by this JVM, by the anvil process, and by this JVM's JIT compiler
     * threads (Linux /proc; -1 where unknown).
     */
    private static double[] cpu(long anvilPid) {
        double jvm =
                ((com.sun.management.OperatingSystemMXBean)
                                        ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1e9;
        double anvil = -1;
        double jit = -1;
        try {
            anvil = ticks(Path.of("/proc/" + anvilPid + "/stat")) / 100.0;
            jit = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.contains("CompilerThre")) { // "C2 CompilerThre", "C1 CompilerThre"
                        jit += ticks(task.resolve("stat")) / 100.0;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux (or a thread ended while read): report what is known
        }
        return new double[] {jvm, anvil, jit};
    }

    /** utime + stime of a /proc stat file, in clock ticks (1/100 s). */
    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Reads the blocks with eth_getLogs in rawRange-block calls, nothing else. */
    private Phase rawRate(Blocks range, List<String> addresses, List<String> topics)
            throws InterruptedException {
        try (Web3jChainRpc rpc = Web3jChainRpc.http(range.url(), Duration.ofSeconds(60))) {
            double settled = awaitIdle(range.pid());
            double[] cpu0 = cpu(range.pid());
            long start = System.nanoTime();
            long count = 0;
            long calls = 0;
            for (long from = range.first(); from <= range.last(); from += rawRange) {
                List<RawLog> got =
                        rpc.logs(
                                from,
                                Math.min(range.last(), from + rawRange - 1),
                                addresses,
                                topics);
                count += got.size();
                calls++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] cpu1 = cpu(range.pid());
            if (count != range.logs()) {
                throw new IllegalStateException(
                        "raw read " + count + " logs, expected " + range.logs());
            }
            return phase(range, seconds, calls, settled, cpu0, cpu1);
        }
    }
}
