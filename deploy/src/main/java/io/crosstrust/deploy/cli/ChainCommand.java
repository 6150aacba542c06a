package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.ingest.chain.Erc20TransferCsv;
import io.crosstrust.ingest.chain.Erc20TransferReplay;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrust chain ...}: chain-side tools (docs/chain.md). */
@Command(
        name = "chain",
        mixinStandardHelpOptions = true,
        description = "Chain-side tools: load real chain data into the chain events topic.",
        subcommands = {ChainCommand.Replay.class, CommandLine.HelpCommand.class})
public final class ChainCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code crosstrust chain replay --csv FILE}: ERC-20 transfers from an ethereum-etl
     * token_transfers CSV into chain.events as Erc20Transfer events (one Kafka transaction).
     */
    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = {
                "Loads ERC-20 transfers from an ethereum-etl token_transfers CSV (token_address,"
                        + "from_address,to_address,value,transaction_hash,log_index,block_number) into"
                        + " the chain events topic as Erc20Transfer events, exactly like live Transfer"
                        + " logs, with exact uint256 values; all rows in one Kafka transaction.",
                "The CSV has no timestamps and no block hashes: block times are synthetic"
                        + " (--block-time-base + (block - first block) x --block-interval) and"
                        + " log.block_hash is empty.",
                "Without --kafka (or CROSSTRUST_KAFKA) it loads into an embedded broker, reads every"
                        + " record back to check it, and stops the broker: a dry run."
            })
    static final class Replay implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--csv",
                required = true,
                paramLabel = "FILE",
                description =
                        "The token_transfers CSV, e.g. ../shared/data/erc20_token_transfers_ethritch.csv")
        Path csv;

        @Option(
                names = "--kafka",
                paramLabel = "HOST:PORT",
                description =
                        "Kafka to load into (env CROSSTRUST_KAFKA); default: a dry run on an embedded broker.")
        String kafka;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Properties file with kafka= (flags and env win).")
        Path config;

        @Option(
                names = "--topic",
                paramLabel = "NAME",
                defaultValue = Topics.CHAIN_EVENTS,
                description = "Topic to write (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(
                names = "--chain-id",
                paramLabel = "N",
                defaultValue = "1",
                description =
                        "Chain the rows come from, for event ids (default: ${DEFAULT-VALUE}, Ethereum mainnet).")
        long chainId;

        @Option(
                names = "--block-time-base",
                paramLabel = "INSTANT",
                description = "Synthetic time of the first block, ISO-8601 (default: now).")
        Instant blockTimeBase;

        @Option(
                names = "--block-interval",
                paramLabel = "S",
                defaultValue = "13",
                description =
                        "Synthetic seconds between blocks (default: ${DEFAULT-VALUE}, about mainnet's in 2021).")
        long blockIntervalSeconds;

        @Option(
                names = "--json",
                description = "End with one JSON object of the figures on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (!Files.isReadable(csv)) {
                throw new IllegalArgumentException("--csv " + csv + " is not a readable file");
            }
            if (chainId < 1) {
                throw new IllegalArgumentException("--chain-id must be >= 1, got " + chainId);
            }
            if (blockIntervalSeconds < 1) {
                throw new IllegalArgumentException(
                        "--block-interval must be >= 1, got " + blockIntervalSeconds);
            }
            if (topic.isBlank()) {
                throw new IllegalArgumentException("--topic must not be blank");
            }
            PrintWriter out = spec.commandLine().getOut();
            Map<String, String> flags = new HashMap<>();
            flags.put("kafka", kafka);
            StackSettings settings = StackSettings.resolve(flags, System.getenv(), config);
            Instant base = blockTimeBase != null ? blockTimeBase : Instant.now();
            Erc20TransferReplay.Request request =
                    new Erc20TransferReplay.Request(
                            csv, topic, chainId, base, Duration.ofSeconds(blockIntervalSeconds));
            Erc20TransferReplay.Result result;
            Boolean verified = null;
            String target;
            if (settings.embeddedKafka()) {
                // a throw-away broker in a private temp dir, deleted when it stops
                try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(
                                Files.createTempDirectory("crosstrust-chain-replay"), true, 0)) {
                    target = "embedded broker " + broker.bootstrapServers() + " (dry run)";
                    out.printf("chain replay: %s -> %s on %s%n", csv, topic, target);
                    result = Erc20TransferReplay.replay(request, broker.bootstrapServers());
                    verified = readBack(broker.bootstrapServers(), result.transfers());
                }
            } else {
                target = settings.kafka();
                out.printf("chain replay: %s -> %s on %s%n", csv, topic, target);
                result = Erc20TransferReplay.replay(request, settings.kafka());
            }
            out.printf(
                    "loaded %,d transfers of %,d tokens, blocks %d..%d, in %.2f s (%,.0f/s)%s%n",
                    result.transfers(),
                    result.tokens(),
                    result.firstBlock(),
                    result.lastBlock(),
                    result.seconds(),
                    result.transfersPerSecond(),
                    verified == null
                            ? ""
                            : verified ? "; read back: all present" : "; read back: MISMATCH");
            out.printf(
                    "block times are synthetic: %s + (block - %d) x %d s; block_hash is empty%n",
                    base, result.firstBlock(), blockIntervalSeconds);
            if (json) {
                out.println(
                        new JsonSummary()
                                .put("transfers", result.transfers())
                                .put("tokens", result.tokens())
                                .put("first_block", result.firstBlock())
                                .put("last_block", result.lastBlock())
                                .put("topic", topic)
                                .put(
                                        "kafka",
                                        settings.embeddedKafka() ? "embedded" : settings.kafka())
                                .put("block_time_base", base.toString())
                                .put("block_interval_s", blockIntervalSeconds)
                                .put("seconds", round(result.seconds()))
                                .put("transfers_per_s", Math.round(result.transfersPerSecond()))
                                .put("verified", verified)
                                .toJson());
            }
            out.flush();
            return verified == null || verified ? 0 : 1;
        }

        /** Reads the topic back (read_committed) and checks every row's event id is there once. */
        private boolean readBack(String bootstrap, int expected) throws Exception {
            Set<String> wanted = new HashSet<>();
            for (Erc20TransferCsv.Row row : Erc20TransferCsv.read(csv)) {
                wanted.add(chainId + ":" + row.txHash() + ":" + row.logIndex());
            }
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            Set<String> seen = new HashSet<>();
            int records = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions =
                        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            Erc20Transfer t =
                                    EventCodec.standard().decode(r.value(), Erc20Transfer.class);
                            seen.add(t.getEventId());
                            records++;
                        } catch (WireFormatException e) {
                            return false;
                        }
                    }
                }
            }
            return records == expected && seen.equals(wanted);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }
}
