package io.crosstrust.ingest.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes listener batches to Kafka, one transaction per batch: the chain events (Avro single-object
 * encoding, keyed by order id or token address) to {@code eventsTopic}, malformed logs to {@code
 * deadLetterTopic}, and the listener's state to the compacted {@code stateTopic}:
 *
 * <pre>
 *   key "&lt;listenerId&gt;/cursor"                 {"number": n, "hash": "0x.."}
 *   key "&lt;listenerId&gt;/block/&lt;19-digit number&gt;"  {"number", "hash", "parentHash", "events": [{"key", "value": base64 of the encoded event}]}
 *                                              (a tombstone once the block leaves the reorg window)
 * </pre>
 *
 * <p>Delivery guarantee: exactly once for consumers that read with {@code
 * isolation.level=read_committed} (the state moves in the same transaction as the events it
 * accounts for, so after a crash the recovered cursor is exactly the last delivered block).
 * read_uncommitted consumers may also see events of aborted transactions. The transactional id is
 * {@code crosstrust-chain-<listenerId>}: a second instance with the same id fences the first.
 * Operational caveats: one state record per window block must fit {@value #MAX_STATE_RECORD} bytes
 * (a block with tens of thousands of tracked logs would not), and transactions time out after
 * {@code transaction.timeout.ms} (60 s), so one step must finish within that.
 */
public final class KafkaChainListenerOutput implements ChainListenerOutput {
    static final int MAX_STATE_RECORD = 32 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String listenerId;
    private final String eventsTopic;
    private final String deadLetterTopic;
    private final String stateTopic;
    private final EventCodec codec;
    private final KafkaProducer<byte[], byte[]> producer;
    private java.util.function.Consumer<ListenerBatch> beforeCommit = b -> {};

    public KafkaChainListenerOutput(
            String bootstrapServers,
            String listenerId,
            String eventsTopic,
            String deadLetterTopic,
            String stateTopic,
            EventCodec codec) {
        this.bootstrapServers = bootstrapServers;
        this.listenerId = listenerId;
        this.eventsTopic = eventsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.stateTopic = stateTopic;
        this.codec = codec;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crosstrust-chain-" + listenerId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // chain events are mostly hex (hashes, addresses): lz4 shrinks them, and in the backfill
        // bench it was as fast as none
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_STATE_RECORD + 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    /** An output for the options' topics; creates the state topic (compacted) if missing. */
    public static KafkaChainListenerOutput create(
            String bootstrapServers, ChainListenerOptions options) {
        ensureTopics(bootstrapServers, options);
        return new KafkaChainListenerOutput(
                bootstrapServers,
                options.listenerId(),
                options.eventsTopic(),
                options.deadLetterTopic(),
                options.stateTopic(),
                EventCodec.standard());
    }

    /**
     * Creates the state topic (compacted, one partition) and, when missing, the events and dead
     * letter topics (the stack normally creates those with its own layout first).
     */
    public static void ensureTopics(String bootstrapServers, ChainListenerOptions options) {
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            admin.ensureWithBrokerDefaults(
                    List.of(
                            new Topics.Spec(
                                    options.stateTopic(),
                                    1,
                                    Map.of(
                                            "cleanup.policy",
                                            "compact",
                                            "message.timestamp.type",
                                            "LogAppendTime",
                                            "max.message.bytes",
                                            Integer.toString(MAX_STATE_RECORD + 1024 * 1024))),
                            new Topics.Spec(options.eventsTopic(), 1, Topics.APPEND_TIME),
                            new Topics.Spec(options.deadLetterTopic(), 1, Topics.APPEND_TIME)));
        }
    }

    @Override
    public ListenerState recover() {
        producer.initTransactions(); // fences earlier instances and aborts their open transaction
        String prefix = listenerId + "/";
        Map<String, byte[]> latest = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_STATE_RECORD + 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_STATE_RECORD + 1024 * 1024);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(stateTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(stateTopic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + stateTopic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix)) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, r.value());
                    }
                }
            }
        }
        ListenerCursor cursor = null;
        TreeMap<Long, ProcessedBlock> blocks = new TreeMap<>();
        try {
            for (Map.Entry<String, byte[]> e : latest.entrySet()) {
                JsonNode json = JSON.readTree(e.getValue());
                if (e.getKey().equals(prefix + "cursor")) {
                    cursor =
                            new ListenerCursor(
                                    json.get("number").asLong(), json.get("hash").asText());
                } else if (e.getKey().startsWith(prefix + "block/")) {
                    ProcessedBlock b = block(json);
                    blocks.put(b.number(), b);
                }
            }
        } catch (IOException | WireFormatException e) {
            throw new IllegalStateException(
                    "the listener state in " + stateTopic + " is unreadable: " + e.getMessage(), e);
        }
        if (cursor != null) {
            blocks.tailMap(cursor.number(), false).clear(); // cannot happen with transactions
        }
        return new ListenerState(cursor, blocks.values());
    }

    @Override
    public void commit(ListenerBatch batch) {
        try {
            producer.beginTransaction();
            // window blocks' state records carry their events' bytes: keep them for those only
            boolean keep = !batch.addedBlocks().isEmpty();
            Map<Object, byte[]> encoded = new IdentityHashMap<>(keep ? batch.events().size() : 0);
            for (ProcessedBlock.Emitted e : batch.events()) {
                byte[] value = codec.encode(e.record());
                if (keep) {
                    encoded.put(e.record(), value);
                }
                producer.send(
                        new ProducerRecord<>(
                                eventsTopic, e.key().getBytes(StandardCharsets.UTF_8), value));
            }
            for (DeadLetter d : batch.deadLetters()) {
                producer.send(
                        new ProducerRecord<>(
                                deadLetterTopic,
                                d.getEventId().getBytes(StandardCharsets.UTF_8),
                                codec.encode(d)));
            }
            for (long n : batch.droppedBlocks()) {
                producer.send(new ProducerRecord<>(stateTopic, blockKey(n), null));
            }
            for (ProcessedBlock b : batch.addedBlocks()) {
                producer.send(
                        new ProducerRecord<>(stateTopic, blockKey(b.number()), json(b, encoded)));
            }
            ObjectNode cursor = JSON.createObjectNode();
            cursor.put("number", batch.cursor().number());
            cursor.put("hash", batch.cursor().hash());
            producer.send(
                    new ProducerRecord<>(
                            stateTopic,
                            (listenerId + "/cursor").getBytes(StandardCharsets.UTF_8),
                            JSON.writeValueAsBytes(cursor)));
            beforeCommit.accept(batch);
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw new IllegalStateException(
                    "chain listener "
                            + listenerId
                            + " can no longer write (another instance took over?): "
                            + e.getMessage(),
                    e);
        } catch (KafkaException | IOException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw new IllegalStateException(
                    "committing a chain batch failed: " + e.getMessage(), e);
        }
    }

    /** Runs between the last send and the commit of every batch: a seam for crash tests. */
    void beforeCommit(java.util.function.Consumer<ListenerBatch> hook) {
        this.beforeCommit = hook;
    }

    private byte[] blockKey(long number) {
        return String.format("%s/block/%019d", listenerId, number).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] json(ProcessedBlock b, Map<Object, byte[]> encoded) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("number", b.number());
        node.put("hash", b.hash());
        node.put("parentHash", b.parentHash());
        ArrayNode events = node.putArray("events");
        Base64.Encoder base64 = Base64.getEncoder();
        for (ProcessedBlock.Emitted e : b.events()) {
            byte[] value = encoded.get(e.record());
            if (value == null) {
                value = codec.encode(e.record());
            }
            events.addObject().put("key", e.key()).put("value", base64.encodeToString(value));
        }
        return JSON.writeValueAsBytes(node);
    }

    private ProcessedBlock block(JsonNode json) throws WireFormatException {
        List<ProcessedBlock.Emitted> events = new ArrayList<>();
        Base64.Decoder base64 = Base64.getDecoder();
        for (JsonNode e : json.get("events")) {
            events.add(
                    new ProcessedBlock.Emitted(
                            e.get("key").asText(),
                            codec.decode(base64.decode(e.get("value").asText()))));
        }
        JsonNode parent = json.get("parentHash");
        return new ProcessedBlock(
                json.get("number").asLong(),
                json.get("hash").asText(),
                parent == null || parent.isNull() ? null : parent.asText(),
                events);
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (KafkaException e) {
            throw new UncheckedIOException(new IOException("closing the producer failed", e));
        }
    }
}
