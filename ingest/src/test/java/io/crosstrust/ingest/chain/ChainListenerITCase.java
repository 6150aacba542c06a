package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import io.crosstrust.ingest.chain.contracts.testing.RawLogEmitter;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The chain listener against a real anvil and the embedded Kafka broker: hundreds of escrow
 * lifecycles delivered exactly once and in chain order per order (backfill, then following the head
 * while new ones are mined); a listener killed (kill -9, in its own JVM) inside an open transaction
 * mid-backfill and restarted, with no gap and no duplicate; malformed logs into the dead letters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainListenerITCase {
    private static final int CONFIRMATIONS = 2;

    private AnvilNode node;
    private EmbeddedKafkaBroker broker;
    private LocalChainClient chain;
    private TradeEscrow escrow;
    private TestStablecoin usd;
    private EscrowWorkload workload;
    private final Map<String, List<String>> expected = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        node = AnvilNode.start(dir, 0, Duration.ZERO);
        broker = EmbeddedKafkaBroker.start();
        chain = LocalChainClient.connect(node.rpcUrl());
        String admin = chain.accounts().get(0);
        usd = chain.deployStablecoin(admin);
        escrow = chain.deployEscrow(admin, chain.accounts().get(9), usd.getContractAddress());
        workload = new EscrowWorkload(chain, escrow, usd);
        workload.prepare();
        expected.putAll(workload.run(0, 400)); // history to backfill
    }

    @AfterAll
    void stop() {
        if (chain != null) {
            chain.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private ChainListenerOptions.Builder options(String id) {
        return ChainListenerOptions.builder()
                .listenerId(id)
                .rpcUrl(node.rpcUrl())
                .expectedChainId(AnvilNode.CHAIN_ID)
                .escrowContracts(List.of(escrow.getContractAddress()))
                .tokenContracts(List.of(usd.getContractAddress()))
                .confirmations(CONFIRMATIONS)
                .reorgWindow(16)
                .initialRange(4)
                .pollInterval(Duration.ofMillis(100))
                .eventsTopic(id + ".events")
                .deadLetterTopic(id + ".dead")
                .stateTopic(id + ".state");
    }

    private void createTopics(String id, int partitions) {
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(
                    List.of(
                            new Topics.Spec(id + ".events", partitions, Map.of()),
                            new Topics.Spec(id + ".dead", 1, Map.of())),
                    (short) 1);
        }
    }

    /** Event ids of every tracked log in blocks 0..upTo, straight from eth_getLogs. */
    private List<String> groundTruth(long upTo, List<String> escrows, List<String> tokens) {
        ChainLogDecoder decoder = new ChainLogDecoder(AnvilNode.CHAIN_ID, escrows, tokens);
        try (Web3jChainRpc rpc = Web3jChainRpc.http(node.rpcUrl(), Duration.ofSeconds(30))) {
            List<String> ids = new ArrayList<>();
            for (RawLog log : rpc.logs(0, upTo, decoder.addresses(), decoder.topic0s())) {
                ids.add(decoder.eventId(log));
            }
            return ids;
        }
    }

    private static ChainLog log(SpecificRecord r) {
        return (ChainLog) r.get(r.getSchema().getField("log").pos());
    }

    private static String eventId(SpecificRecord r) {
        return (String) r.get(r.getSchema().getField("event_id").pos());
    }

    private static String orderId(SpecificRecord r) {
        return r.getSchema().getField("order_id") == null
                ? null
                : (String) r.get(r.getSchema().getField("order_id").pos());
    }

    @Test
    void manyLifecyclesAreDeliveredExactlyOnceInChainOrderPerOrder() throws Exception {
        String id = "lifecycles";
        createTopics(id, 3);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (ChainListener listener =
                ChainListener.create(options(id).build(), broker.bootstrapServers())) {
            Future<?> running = thread.submit(listener);
            // more lifecycles while the listener follows the head
            Map<String, List<String>> all = new HashMap<>(expected);
            all.putAll(workload.run(400, 150));
            chain.mine(CONFIRMATIONS);
            long target = chain.head() - CONFIRMATIONS;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((listener.cursor() == null || listener.cursor().number() < target)
                    && System.nanoTime() < deadline) {
                assertThat(running.isDone()).as("listener still running").isFalse();
                Thread.sleep(100);
            }
            assertThat(listener.cursor().number()).isGreaterThanOrEqualTo(target);
            listener.stop();
            running.get(30, TimeUnit.SECONDS);

            List<ChainTopics.Read> read =
                    ChainTopics.readAll(broker.bootstrapServers(), id + ".events", true);
            List<String> truth =
                    groundTruth(
                            target,
                            List.of(escrow.getContractAddress()),
                            List.of(usd.getContractAddress()));
            List<String> ids = read.stream().map(r -> eventId(r.value())).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(truth);
            assertThat(read).noneMatch(r -> log(r.value()).getRemoved());

            // per order: exactly its lifecycle, in chain order, all on one partition
            Map<String, List<ChainTopics.Read>> byOrder = new HashMap<>();
            for (ChainTopics.Read r : read) {
                String order = orderId(r.value());
                if (order != null) {
                    assertThat(r.key()).isEqualTo(order);
                    byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(r);
                }
            }
            assertThat(byOrder.keySet()).containsExactlyInAnyOrderElementsOf(all.keySet());
            assertThat(all).hasSize(550);
            for (Map.Entry<String, List<ChainTopics.Read>> e : byOrder.entrySet()) {
                List<ChainTopics.Read> events = e.getValue();
                assertThat(events.stream().map(r -> r.value().getSchema().getName()).toList())
                        .as("lifecycle of " + e.getKey())
                        .isEqualTo(all.get(e.getKey()));
                assertThat(events.stream().map(ChainTopics.Read::partition).distinct()).hasSize(1);
                for (int i = 1; i < events.size(); i++) {
                    ChainLog a = log(events.get(i - 1).value());
                    ChainLog b = log(events.get(i).value());
                    assertThat(
                                    a.getBlockNumber() < b.getBlockNumber()
                                            || (a.getBlockNumber() == b.getBlockNumber()
                                                    && a.getLogIndex() < b.getLogIndex()))
                            .isTrue();
                    assertThat(events.get(i).offset()).isGreaterThan(events.get(i - 1).offset());
                }
            }
            long transfers =
                    read.stream()
                            .filter(r -> r.value().getSchema().getName().equals("Erc20Transfer"))
                            .count();
            assertThat(transfers).isGreaterThan(550); // funding, payouts, refunds and mints
            ChainListenerMetrics.Snapshot m = listener.metrics().snapshot();
            assertThat(m.logs()).isEqualTo(read.size());
            assertThat(m.reorgs()).isZero();
            assertThat(m.deadLetters()).isZero();
            assertThat(m.headLag()).isGreaterThanOrEqualTo(CONFIRMATIONS);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aListenerKilledInsideATransactionMidBackfillRestartsWithNoGapAndNoDuplicate()
            throws Exception {
        String id = "killed";
        createTopics(id, 2);
        ChainListenerOptions options = options(id).initialRange(1).maxRange(1).build();
        KafkaChainListenerOutput.ensureTopics(broker.bootstrapServers(), options);
        long target = chain.head() - CONFIRMATIONS;
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-Dlog4j2.configurationFile=log4j2-test.xml",
                                "-cp",
                                classpath,
                                ListenerProcess.class.getName(),
                                broker.bootstrapServers(),
                                node.rpcUrl(),
                                id,
                                options.eventsTopic(),
                                options.deadLetterTopic(),
                                options.stateTopic(),
                                escrow.getContractAddress(),
                                usd.getContractAddress(),
                                "300")
                        .redirectErrorStream(true)
                        .start();
        int commits = 0;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COMMITTING ")) {
                    String[] words = line.split(" ");
                    commits = Integer.parseInt(words[1]);
                    if (commits >= 12 && Integer.parseInt(words[3]) > 0) {
                        child.destroyForcibly(); // SIGKILL inside an open transaction with events
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(commits)
                .as("the child got into its 12th transaction")
                .isGreaterThanOrEqualTo(12);

        int beforeRestart =
                ChainTopics.readAll(broker.bootstrapServers(), options.eventsTopic(), true).size();
        try (ChainListener restarted = ChainListener.create(options, broker.bootstrapServers())) {
            restarted.recover();
            // one block per batch from block 0: the killed batch was block commits - 1
            assertThat(restarted.cursor().number()).isEqualTo(commits - 2);
            assertThat(restarted.runUntil(target, Duration.ofSeconds(90))).isTrue();
        }
        List<ChainTopics.Read> committed =
                ChainTopics.readAll(broker.bootstrapServers(), options.eventsTopic(), true);
        List<String> ids = committed.stream().map(r -> eventId(r.value())).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        groundTruth(
                                target,
                                List.of(escrow.getContractAddress()),
                                List.of(usd.getContractAddress())));
        assertThat(beforeRestart).isLessThan(ids.size());
        // the killed transaction's records reached the log but were aborted, never committed
        List<ChainTopics.Read> uncommitted =
                ChainTopics.readAll(broker.bootstrapServers(), options.eventsTopic(), false);
        assertThat(uncommitted.size()).isGreaterThan(committed.size());
        Set<String> uncommittedIds = new HashSet<>();
        uncommitted.forEach(r -> uncommittedIds.add(eventId(r.value())));
        assertThat(uncommittedIds).isEqualTo(new HashSet<>(ids));
    }

    @Test
    void malformedLogsGoToTheDeadLettersWithTheReason() throws Exception {
        String id = "malformed";
        createTopics(id, 1);
        RawLogEmitter emitter =
                RawLogEmitter.deploy(
                                chain.web3j(),
                                chain.manager(chain.accounts().get(0)),
                                LocalChainClient.GAS)
                        .send();
        long start = chain.head();
        byte[] order = Numeric.hexStringToByteArray(Hash.sha3String("malformed-order"));
        byte[] someone =
                Numeric.hexStringToByteArray(
                        Numeric.toHexStringWithPrefixZeroPadded(java.math.BigInteger.TEN, 64));
        byte[] funded = Numeric.hexStringToByteArray(ChainLogDecoder.ORDER_FUNDED);
        byte[] createdTopic = Numeric.hexStringToByteArray(ChainLogDecoder.ORDER_CREATED);
        byte[] transfer = Numeric.hexStringToByteArray(ChainLogDecoder.TRANSFER_TOPIC);
        // OrderFunded with one indexed party missing
        emitter.emitRaw(List.of(funded, order, someone), new byte[32]).send();
        // OrderCreated whose data is not its ABI encoding
        emitter.emitRaw(List.of(createdTopic, order, someone, someone), new byte[] {1, 2, 3})
                .send();
        // Transfer without a value
        emitter.emitRaw(List.of(transfer, someone, someone), new byte[0]).send();
        // and a well-formed Transfer, which flows
        byte[] value = Numeric.toBytesPadded(java.math.BigInteger.valueOf(42), 32);
        emitter.emitRaw(List.of(transfer, someone, someone), value).send();
        chain.mine(CONFIRMATIONS);
        long target = chain.head() - CONFIRMATIONS;

        String at = emitter.getContractAddress();
        try (ChainListener listener =
                ChainListener.create(
                        options(id)
                                .escrowContracts(List.of(at))
                                .tokenContracts(List.of(at))
                                .startBlock(start)
                                .build(),
                        broker.bootstrapServers())) {
            assertThat(listener.runUntil(target, Duration.ofSeconds(60))).isTrue();
            assertThat(listener.metrics().snapshot().deadLetters()).isEqualTo(3);
        }
        List<ChainTopics.Read> dead =
                ChainTopics.readAll(broker.bootstrapServers(), id + ".dead", true);
        List<String> reasons =
                dead.stream().map(r -> ((DeadLetter) r.value()).getReason()).toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0)).contains("OrderFunded must have 4 topics", "has 3");
        assertThat(reasons.get(1)).contains("OrderCreated: data too short");
        assertThat(reasons.get(2)).contains("Transfer: data too short");
        assertThat(reasons).allMatch(r -> r.contains(at.toLowerCase()));
        DeadLetter first = (DeadLetter) dead.get(0).value();
        assertThat(first.getValue()).isNotNull();
        assertThat(first.getEventIdHint()).startsWith("31337:0x");
        List<ChainTopics.Read> events =
                ChainTopics.readAll(broker.bootstrapServers(), id + ".events", true);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().getSchema().getName()).isEqualTo("Erc20Transfer");
    }
}
