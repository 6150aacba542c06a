package io.crosstrust.ingest.chain;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads a token_transfers CSV ({@link Erc20TransferCsv}) into Kafka as {@link Erc20Transfer} chain
 * events, keyed by token address like live Transfer logs. The whole file goes in one Kafka
 * transaction: read_committed consumers see every row or none. Running it again publishes the same
 * event ids again (downstream deduplicates by event id); the block times change unless {@code
 * blockTimeBase} is pinned.
 */
public final class Erc20TransferReplay {
    private Erc20TransferReplay() {}

    /**
     * What to load and how.
     *
     * @param csv the file
     * @param topic the topic to write (chain.events)
     * @param chainId chain the rows come from (1 = Ethereum mainnet)
     * @param blockTimeBase synthetic time of the file's first block
     * @param blockInterval synthetic time between consecutive block numbers
     */
    public record Request(
            Path csv, String topic, long chainId, Instant blockTimeBase, Duration blockInterval) {}

    /**
     * What was loaded.
     *
     * @param transfers records written
     * @param tokens distinct token contracts
     * @param firstBlock lowest block number
     * @param lastBlock highest block number
     * @param seconds wall-clock time of read + publish + commit
     */
    public record Result(
            int transfers, int tokens, long firstBlock, long lastBlock, double seconds) {
        public double transfersPerSecond() {
            return seconds > 0 ? transfers / seconds : 0;
        }
    }

    /** Reads, checks and publishes the whole file (creates the topic if missing). */
    public static Result replay(Request request, String bootstrapServers) throws IOException {
        long started = System.nanoTime();
        List<Erc20TransferCsv.Row> rows = Erc20TransferCsv.read(request.csv());
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(request.csv() + " holds no transfers");
        }
        long first = rows.stream().mapToLong(Erc20TransferCsv.Row::blockNumber).min().orElseThrow();
        long last = rows.stream().mapToLong(Erc20TransferCsv.Row::blockNumber).max().orElseThrow();
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            Topics.Spec spec =
                    Topics.all(4).stream()
                            .filter(s -> s.name().equals(request.topic()))
                            .findFirst()
                            .orElse(new Topics.Spec(request.topic(), 1, Topics.APPEND_TIME));
            admin.ensureWithBrokerDefaults(List.of(spec));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "crosstrust-erc20-replay-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        EventCodec codec = EventCodec.standard();
        Set<String> tokens = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (Erc20TransferCsv.Row row : rows) {
                    Erc20Transfer event =
                            Erc20TransferCsv.toEvent(
                                    row,
                                    request.chainId(),
                                    first,
                                    request.blockTimeBase(),
                                    request.blockInterval());
                    tokens.add(row.token());
                    producer.send(
                            new ProducerRecord<>(
                                    request.topic(),
                                    row.token().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(event)));
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
        return new Result(
                rows.size(), tokens.size(), first, last, (System.nanoTime() - started) / 1e9);
    }
}
