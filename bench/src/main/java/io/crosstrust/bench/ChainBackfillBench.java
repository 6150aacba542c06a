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
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Backfill speed of the chain listener beside its limit. On a local anvil, TestStablecoin.mintBatch
 * writes {@code --logs} ERC-20 Transfer logs, {@code --logs-per-block} per block; then, in the same
 * run: the raw eth_getLogs rate over the same blocks (one client reading consecutive ranges of
 * {@code --raw-range} blocks and parsing the replies, nothing else), the listener's backfill of
 * those blocks into Kafka (decode, Avro, one transaction per range, cursor and window committed
 * with it), and the raw rate again. The ratio is listener / mean raw.
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
            for (int run = 0; run < (warmup ? Math.max(1, warmupRuns) : 1); run++) {
                rawRate(node.rpcUrl(), first, last, addresses, topics, written); // JIT warm-up
            }
            double[] cpu0 = cpu(node.pid());
            double[] rawBefore = rawRate(node.rpcUrl(), first, last, addresses, topics, written);
            double[] cpu1 = cpu(node.pid());
            out.printf(
                    "limit: raw eth_getLogs (%d-block ranges)    %,10.0f logs/s %,8.0f blocks/s   %s%n",
                    rawRange, rawBefore[0], rawBefore[1], cpuLine(cpu0, cpu1));

            try (TopicAdmin admin2 = new TopicAdmin(broker.bootstrapServers())) {
                // the warm-ups write to topics laid out as the measured run's, so that they warm
                // up the same code paths (with one partition instead of four, the JIT recompiled
                // the producer's and the broker's paths during the measured run)
                List<Topics.Spec> specs = new java.util.ArrayList<>();
                for (String prefix : warmupPrefixes()) {
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
            if (warmup) {
                // the same backfill, unmeasured, into other topics: JIT-compiles decode, Avro and
                // the Kafka paths as the raw warm-ups did the RPC path. Once is not enough: C2
                // still compiled for about 1 CPU-s during the measured run (half of it).
                for (int run = 1; run <= warmupRuns; run++) {
                    String prefix = "warmup" + run + ".";
                    try (ChainListener cold =
                            ChainListener.create(
                                    options.listenerId("warmup" + run)
                                            .eventsTopic(prefix + Topics.CHAIN_EVENTS)
                                            .deadLetterTopic(prefix + Topics.DEAD_LETTERS)
                                            .stateTopic(prefix + ChainListenerOptions.STATE_TOPIC)
                                            .build(),
                                    broker.bootstrapServers())) {
                        if (!cold.runUntil(last, Duration.ofMinutes(15))) {
                            throw new IllegalStateException("a warm-up backfill did not finish");
                        }
                    }
                }
                options.eventsTopic(Topics.CHAIN_EVENTS)
                        .deadLetterTopic(Topics.DEAD_LETTERS)
                        .stateTopic(ChainListenerOptions.STATE_TOPIC);
            }
            ChainListenerMetrics.Snapshot m;
            double seconds;
            double[] cpu2;
            double[] cpu3;
            try (ChainListener listener =
                    ChainListener.create(
                            options.listenerId("bench").build(), broker.bootstrapServers())) {
                listener.recover();
                cpu2 = cpu(node.pid());
                long start = System.nanoTime();
                if (!listener.runUntil(last, Duration.ofMinutes(15))) {
                    throw new IllegalStateException(
                            "the listener did not reach block " + last + " within 15 min");
                }
                seconds = (System.nanoTime() - start) / 1e9;
                cpu3 = cpu(node.pid());
                m = listener.metrics().snapshot();
            }
            if (m.logs() != written) {
                throw new IllegalStateException(
                        "the listener emitted " + m.logs() + " events, expected " + written);
            }
            double logsPerSecond = written / seconds;
            double blocksPerSecond = (last - first + 1) / seconds;
            out.printf(
                    "chain listener backfill into Kafka          %,10.0f logs/s %,8.0f blocks/s"
                            + "   %s (incl. the Kafka broker); %d batches, %.2f s%n",
                    logsPerSecond, blocksPerSecond, cpuLine(cpu2, cpu3), m.batches(), seconds);

            double[] cpu4 = cpu(node.pid());
            double[] rawAfter = rawRate(node.rpcUrl(), first, last, addresses, topics, written);
            double[] cpu5 = cpu(node.pid());
            out.printf(
                    "limit again: raw eth_getLogs                %,10.0f logs/s %,8.0f blocks/s   %s%n",
                    rawAfter[0], rawAfter[1], cpuLine(cpu4, cpu5));
            double raw = (rawBefore[0] + rawAfter[0]) / 2;
            double ratio = logsPerSecond / raw;
            out.printf("ratio listener / mean raw                   %10.2f%n", ratio);
            out.printf(
                    "machine: %d cores, load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            if (json) {
                out.println(
                        new JsonSummary()
                                .put("logs", written)
                                .put("blocks", last - first + 1)
                                .put("listener_logs_per_s", Math.round(logsPerSecond))
                                .put("listener_blocks_per_s", Math.round(blocksPerSecond))
                                .put("raw_logs_per_s_before", Math.round(rawBefore[0]))
                                .put("raw_logs_per_s_after", Math.round(rawAfter[0]))
                                .put("raw_range_blocks", rawRange)
                                .put("ratio", Math.round(ratio * 1000) / 1000.0)
                                .put("listener_batches", m.batches())
                                .put("listener_cpu_s_jvm", round(cpu3[0] - cpu2[0]))
                                .put("listener_cpu_s_anvil", round(cpu3[1] - cpu2[1]))
                                .put("listener_cpu_s_jit", round(cpu3[2] - cpu2[2]))
                                .put("warmup_runs", warmup ? warmupRuns : 0)
                                .put(
                                        "raw_cpu_s_jvm",
                                        round((cpu1[0] - cpu0[0] + cpu5[0] - cpu4[0]) / 2))
                                .put(
                                        "raw_cpu_s_anvil",
                                        round((cpu1[1] - cpu0[1] + cpu5[1] - cpu4[1]) / 2))
                                .put(
                                        "load_average",
                                        java.lang.management.ManagementFactory
                                                .getOperatingSystemMXBean()
                                                .getSystemLoadAverage())
                                .toJson());
            }
        }
        deleteRecursively(dir);
        return 0;
    }

    /** Topic name prefixes: "" for the measured run, then one per warm-up run. */
    private List<String> warmupPrefixes() {
        List<String> out = new java.util.ArrayList<>();
        out.add("");
        for (int run = 1; warmup && run <= warmupRuns; run++) {
            out.add("warmup" + run + ".");
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
                                        java.lang.management.ManagementFactory
                                                .getOperatingSystemMXBean())
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
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux (or a thread ended while read): report what is known
        }
        return new double[] {jvm, anvil, jit};
    }

    /** utime + stime of a /proc stat file, in clock ticks (1/100 s). */
    private static long ticks(Path stat) throws java.io.IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String cpuLine(double[] before, double[] after) {
        return String.format(
                "CPU %.2f s in this JVM (JIT %.2f) + %.2f s in anvil",
                after[0] - before[0], after[2] - before[2], after[1] - before[1]);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Reads blocks first..last with eth_getLogs in rawRange-block calls; {logs/s, blocks/s}. */
    private double[] rawRate(
            String url,
            long first,
            long last,
            List<String> addresses,
            List<String> topics,
            int expected) {
        try (Web3jChainRpc rpc = Web3jChainRpc.http(url, Duration.ofSeconds(60))) {
            long start = System.nanoTime();
            long count = 0;
            for (long from = first; from <= last; from += rawRange) {
                List<RawLog> got =
                        rpc.logs(from, Math.min(last, from + rawRange - 1), addresses, topics);
                count += got.size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (count != expected) {
                throw new IllegalStateException(
                        "raw read " + count + " logs, expected " + expected);
            }
            return new double[] {count / seconds, (last - first + 1) / seconds};
        }
    }
}
