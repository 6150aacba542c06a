package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Reorgs on a real anvil ({@code anvil_reorg}) under a running listener with 3 confirmations: one
 * shallower than the confirmations emits nothing wrong; one deeper retracts exactly the events of
 * the abandoned blocks (newest first), then emits the new fork's, including a transaction re-mined
 * in another block under the same event id.
 */
class ChainListenerReorgITCase {
    private static final int CONFIRMATIONS = 3;

    @Test
    void shallowReorgsEmitNothingWrongAndDeepOnesAreRetractedThenReplaced(@TempDir Path dir)
            throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            List<String> accounts = chain.accounts();
            TestStablecoin usd = chain.deployStablecoin(accounts.get(0));
            TradeEscrow escrow =
                    chain.deployEscrow(accounts.get(0), accounts.get(9), usd.getContractAddress());
            String at = escrow.getContractAddress();
            String token = usd.getContractAddress();
            EscrowWorkload workload = new EscrowWorkload(chain, escrow, usd);
            workload.prepare();
            workload.run(0, 20); // some history
            ChainListenerOptions options =
                    ChainListenerOptions.builder()
                            .listenerId("reorg")
                            .rpcUrl(node.rpcUrl())
                            .escrowContracts(List.of(at))
                            .confirmations(CONFIRMATIONS)
                            .reorgWindow(32)
                            .initialRange(8)
                            .pollInterval(Duration.ofMillis(50))
                            .eventsTopic("reorg.events")
                            .deadLetterTopic("reorg.dead")
                            .stateTopic("reorg.state")
                            .build();
            try (ChainListener listener =
                    ChainListener.create(options, broker.bootstrapServers())) {
                Future<?> running = thread.submit(listener);
                chain.mine(CONFIRMATIONS);
                awaitCursor(listener, chain.head() - CONFIRMATIONS, running);

                // shallow: two blocks with events, replaced before they are confirmed
                String shallowA = create(chain, escrow, token, accounts.get(1), "shallow-a");
                String shallowB = create(chain, escrow, token, accounts.get(2), "shallow-b");
                Set<String> shallowBlocks =
                        Set.of(
                                chain.receipt(shallowA).getBlockHash(),
                                chain.receipt(shallowB).getBlockHash());
                chain.reorg(2, List.of());
                // anvil may return the removed transactions to the pool; left there they would be
                // mined again (and take the nonces the next orders of accounts 1 and 2 need): this
                // scenario is about events that vanish for good
                chain.dropAllTransactions();
                assertThat(chain.pending()).isZero();
                chain.mine(CONFIRMATIONS + 2);
                awaitCursor(listener, chain.head() - CONFIRMATIONS, running);
                assertThat(listener.metrics().snapshot().reorgs()).isZero();

                // deep: four blocks with an event each, all emitted, then six blocks replaced
                long h = chain.head();
                List<String> deepTx = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    deepTx.add(create(chain, escrow, token, accounts.get(1 + i), "deep-" + i));
                }
                chain.mine(CONFIRMATIONS);
                awaitCursor(listener, h + 4, running);
                List<String> beforeReorg = eventIds(broker, false);
                String reMined = chain.rawTransaction(deepTx.get(2)); // comes back elsewhere
                chain.reorg(
                        6,
                        List.of(
                                new LocalChainClient.ReorgTransaction(
                                        LocalChainClient.request(
                                                accounts.get(5),
                                                at,
                                                createCall(chain, escrow, token, "new-fork"),
                                                EscrowWorkload.GAS),
                                        0),
                                new LocalChainClient.ReorgTransaction(reMined, 2)));
                chain.mine(CONFIRMATIONS);
                awaitCursor(listener, chain.head() - CONFIRMATIONS, running);
                listener.stop();
                running.get(30, TimeUnit.SECONDS);

                ChainListenerMetrics.Snapshot m = listener.metrics().snapshot();
                assertThat(m.reorgs()).isEqualTo(1);
                assertThat(m.retractions()).isEqualTo(3);

                List<ChainTopics.Read> read =
                        ChainTopics.readAll(broker.bootstrapServers(), "reorg.events", true);
                List<SpecificRecord> records = read.stream().map(ChainTopics.Read::value).toList();
                // nothing from the two blocks the shallow reorg removed, and (the pool emptied) the
                // shallow orders never came back
                assertThat(records.stream().map(r -> log(r).getBlockHash()))
                        .doesNotContainAnyElementsOf(shallowBlocks);
                assertThat(records.stream().map(r -> txHash(r))).doesNotContain(shallowA, shallowB);
                // retractions: deep-3, deep-2, deep-1 (blocks h+2..h+4), newest first, right
                // after what was emitted before the reorg
                List<SpecificRecord> retractions =
                        records.stream().filter(r -> log(r).getRemoved()).toList();
                assertThat(retractions.stream().map(r -> txHash(r)))
                        .containsExactly(deepTx.get(3), deepTx.get(2), deepTx.get(1));
                int firstRetraction = records.indexOf(retractions.get(0));
                assertThat(firstRetraction).isEqualTo(beforeReorg.size());
                for (SpecificRecord r : retractions) {
                    SpecificRecord original =
                            records.stream()
                                    .filter(o -> !log(o).getRemoved())
                                    .filter(o -> eventId(o).equals(eventId(r)))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(log(r).getBlockHash()).isEqualTo(log(original).getBlockHash());
                    assertThat(records.indexOf(original)).isLessThan(records.indexOf(r));
                }
                // deep-0 (block h+1) stayed; the new fork's events follow the retractions
                List<SpecificRecord> after = records.subList(firstRetraction + 3, records.size());
                assertThat(after.stream().map(r -> txHash(r))).contains(deepTx.get(2));
                SpecificRecord again =
                        after.stream()
                                .filter(r -> txHash(r).equals(deepTx.get(2)))
                                .findFirst()
                                .orElseThrow();
                SpecificRecord retracted = retractions.get(1);
                assertThat(eventId(again)).isEqualTo(eventId(retracted)); // same id...
                assertThat(log(again).getBlockHash())
                        .isNotEqualTo(log(retracted).getBlockHash()); // ...another block

                // net of retractions, what was delivered is exactly the chain as it is now
                Set<String> live = new HashSet<>();
                for (SpecificRecord r : records) {
                    String key = eventId(r) + "@" + log(r).getBlockHash();
                    if (log(r).getRemoved()) {
                        assertThat(live.remove(key)).isTrue();
                    } else {
                        assertThat(live.add(key)).isTrue();
                    }
                }
                ChainLogDecoder decoder =
                        new ChainLogDecoder(AnvilNode.CHAIN_ID, List.of(at), List.of());
                Set<String> truth = new HashSet<>();
                try (Web3jChainRpc rpc =
                        Web3jChainRpc.http(node.rpcUrl(), Duration.ofSeconds(30))) {
                    for (RawLog l :
                            rpc.logs(
                                    0,
                                    listener.cursor().number(),
                                    decoder.addresses(),
                                    decoder.topic0s())) {
                        truth.add(decoder.eventId(l) + "@" + l.blockHash());
                    }
                }
                assertThat(live).isEqualTo(truth);
            }
        } finally {
            thread.shutdownNow();
        }
    }

    /** createOrder calldata for a new order of {@code name}, seller = account 8. */
    private static String createCall(
            LocalChainClient chain, TradeEscrow escrow, String token, String name) {
        long far = 4_000_000_000L;
        return escrow.createOrder(
                        Numeric.hexStringToByteArray(Hash.sha3String(name)),
                        chain.accounts().get(8),
                        token,
                        BigInteger.ONE,
                        BigInteger.valueOf(far),
                        BigInteger.valueOf(far + 1),
                        "CN",
                        "DE")
                .encodeFunctionCall();
    }

    /**
     * Creates an order in its own block (automine) and returns the transaction hash once it is
     * mined: anvil answers eth_sendTransaction before its automine has produced the block, so
     * without the wait two orders could share a block, or one be mined after the next reorg.
     */
    private static String create(
            LocalChainClient chain, TradeEscrow escrow, String token, String buyer, String name)
            throws InterruptedException {
        String hash =
                chain.send(
                        buyer,
                        escrow.getContractAddress(),
                        createCall(chain, escrow, token, name),
                        EscrowWorkload.GAS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                chain.receipt(hash);
                return hash;
            } catch (IllegalStateException notMinedYet) {
                if (System.nanoTime() > deadline) {
                    throw notMinedYet;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitCursor(ChainListener listener, long block, Future<?> running)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listener.cursor() == null || listener.cursor().number() < block) {
            if (running.isDone()) {
                running.get(); // rethrows the listener's failure
                throw new AssertionError("listener stopped");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "cursor " + listener.cursor() + " did not reach block " + block);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> eventIds(EmbeddedKafkaBroker broker, boolean removed) {
        return ChainTopics.readAll(broker.bootstrapServers(), "reorg.events", true).stream()
                .map(ChainTopics.Read::value)
                .filter(r -> log(r).getRemoved() == removed)
                .map(ChainListenerReorgITCase::eventId)
                .toList();
    }

    private static ChainLog log(SpecificRecord r) {
        return (ChainLog) r.get(r.getSchema().getField("log").pos());
    }

    private static String eventId(SpecificRecord r) {
        return (String) r.get(r.getSchema().getField("event_id").pos());
    }

    private static String txHash(SpecificRecord r) {
        return log(r).getTxHash();
    }
}
