package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.local.LocalProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node goes away for ~10 s (anvil stopped, its chain dumped, then restarted from the dump on
 * the same port) while the listener runs with two RPC URLs, the first of which never answers: the
 * listener retries and fails over, carries on when the node is back, and loses nothing.
 */
class ChainListenerOutageITCase {
    private static final int CONFIRMATIONS = 1;

    @Test
    void ridesOutANodeRestartWithRetriesAndFailoverAndLosesNothing(@TempDir Path dir)
            throws Exception {
        Path state = dir.resolve("anvil-state.json");
        int port = LocalProcess.freePort();
        String deadUrl = "http://127.0.0.1:" + LocalProcess.freePort(); // nothing listens there
        ExecutorService thread = Executors.newSingleThreadExecutor();
        AnvilNode node =
                AnvilNode.start(
                        dir, port, Duration.ZERO, List.of("--dump-state", state.toString()));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String escrowAddress;
            String usdAddress;
            Map<String, List<String>> expected;
            try (LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
                String admin = chain.accounts().get(0);
                TestStablecoin usd = chain.deployStablecoin(admin);
                TradeEscrow escrow =
                        chain.deployEscrow(
                                admin, chain.accounts().get(9), usd.getContractAddress());
                escrowAddress = escrow.getContractAddress();
                usdAddress = usd.getContractAddress();
                EscrowWorkload workload = new EscrowWorkload(chain, escrow, usd);
                workload.prepare();
                expected = new java.util.HashMap<>(workload.run(0, 60));
            }
            ChainListenerOptions options =
                    ChainListenerOptions.builder()
                            .listenerId("outage")
                            .rpcUrls(List.of(deadUrl, node.rpcUrl()))
                            .escrowContracts(List.of(escrowAddress))
                            .tokenContracts(List.of(usdAddress))
                            .confirmations(CONFIRMATIONS)
                            .reorgWindow(16)
                            .pollInterval(Duration.ofMillis(100))
                            .rpcTimeout(Duration.ofSeconds(2))
                            .retry(
                                    new RetryPolicy(
                                            Duration.ofMillis(100),
                                            Duration.ofSeconds(1),
                                            Duration.ofSeconds(60)))
                            .eventsTopic("outage.events")
                            .deadLetterTopic("outage.dead")
                            .stateTopic("outage.state")
                            .build();
            try (ChainListener listener =
                    ChainListener.create(options, broker.bootstrapServers())) {
                Future<?> running = thread.submit(listener);
                long head;
                try (LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
                    chain.mine(CONFIRMATIONS);
                    head = chain.head();
                }
                awaitCursor(listener, head - CONFIRMATIONS, running, Duration.ofSeconds(60));
                long retriesBefore = listener.metrics().snapshot().retries();

                node.close(); // SIGTERM: anvil writes its chain to the dump and exits
                assertThat(Files.size(state)).isPositive();
                long down = System.nanoTime();
                Thread.sleep(10_000);
                assertThat(running.isDone()).as("the listener survives the outage").isFalse();
                node =
                        AnvilNode.start(
                                dir,
                                port,
                                Duration.ZERO,
                                List.of("--load-state", state.toString()));
                double outage = (System.nanoTime() - down) / 1e9;
                assertThat(outage).isGreaterThanOrEqualTo(10);

                try (LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
                    assertThat(chain.head()).isEqualTo(head); // the same chain is back
                    TradeEscrow escrow =
                            TradeEscrow.load(
                                    escrowAddress,
                                    chain.web3j(),
                                    chain.manager(chain.accounts().get(0)),
                                    LocalChainClient.GAS);
                    TestStablecoin usd =
                            TestStablecoin.load(
                                    usdAddress,
                                    chain.web3j(),
                                    chain.manager(chain.accounts().get(0)),
                                    LocalChainClient.GAS);
                    expected.putAll(new EscrowWorkload(chain, escrow, usd).run(60, 60));
                    chain.mine(CONFIRMATIONS);
                    head = chain.head();
                }
                awaitCursor(listener, head - CONFIRMATIONS, running, Duration.ofSeconds(60));
                listener.stop();
                running.get(30, TimeUnit.SECONDS);

                ChainListenerMetrics.Snapshot m = listener.metrics().snapshot();
                assertThat(m.retries() - retriesBefore)
                        .as("retries during the outage")
                        .isGreaterThanOrEqualTo(5);
                List<ChainTopics.Read> read =
                        ChainTopics.readAll(broker.bootstrapServers(), "outage.events", true);
                List<String> ids = new ArrayList<>();
                Map<String, List<String>> lifecycles = new java.util.HashMap<>();
                for (ChainTopics.Read r : read) {
                    SpecificRecord v = r.value();
                    ids.add((String) v.get(v.getSchema().getField("event_id").pos()));
                    if (v.getSchema().getField("order_id") != null) {
                        lifecycles
                                .computeIfAbsent(
                                        (String) v.get(v.getSchema().getField("order_id").pos()),
                                        k -> new ArrayList<>())
                                .add(v.getSchema().getName());
                    }
                }
                assertThat(ids).doesNotHaveDuplicates();
                List<String> wrong = new ArrayList<>();
                expected.forEach(
                        (order, events) -> {
                            if (!events.equals(lifecycles.get(order))) {
                                wrong.add(
                                        order
                                                + " expected "
                                                + events
                                                + " got "
                                                + lifecycles.get(order));
                            }
                        });
                assertThat(wrong).as("lifecycles not delivered as mined").isEmpty();
                assertThat(lifecycles).hasSameSizeAs(expected);
                ChainLogDecoder decoder =
                        new ChainLogDecoder(
                                AnvilNode.CHAIN_ID, List.of(escrowAddress), List.of(usdAddress));
                try (Web3jChainRpc rpc =
                        Web3jChainRpc.http(node.rpcUrl(), Duration.ofSeconds(30))) {
                    List<String> truth =
                            rpc
                                    .logs(
                                            0,
                                            head - CONFIRMATIONS,
                                            decoder.addresses(),
                                            decoder.topic0s())
                                    .stream()
                                    .map(decoder::eventId)
                                    .toList();
                    assertThat(ids).containsExactlyInAnyOrderElementsOf(truth);
                }
            }
        } finally {
            thread.shutdownNow();
            node.close();
        }
    }

    private static void awaitCursor(
            ChainListener listener, long block, Future<?> running, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (listener.cursor() == null || listener.cursor().number() < block) {
            if (running.isDone()) {
                running.get();
                throw new AssertionError("listener stopped");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "cursor " + listener.cursor() + " did not reach block " + block);
            }
            Thread.sleep(50);
        }
    }
}
