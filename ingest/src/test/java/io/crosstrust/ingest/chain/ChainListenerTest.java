package io.crosstrust.ingest.chain;

import static io.crosstrust.ingest.chain.EscrowLogs.BUYER;
import static io.crosstrust.ingest.chain.EscrowLogs.ESCROW;
import static io.crosstrust.ingest.chain.EscrowLogs.SELLER;
import static io.crosstrust.ingest.chain.EscrowLogs.TOKEN;
import static io.crosstrust.ingest.chain.EscrowLogs.created;
import static io.crosstrust.ingest.chain.EscrowLogs.funded;
import static io.crosstrust.ingest.chain.EscrowLogs.orderId;
import static io.crosstrust.ingest.chain.EscrowLogs.topic;
import static io.crosstrust.ingest.chain.EscrowLogs.transfer;
import static io.crosstrust.ingest.chain.EscrowLogs.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ChainListenerTest {
    private final FakeChain chain = new FakeChain();
    private final InMemoryOutput output = new InMemoryOutput();

    private ChainListenerOptions.Builder options() {
        return ChainListenerOptions.builder()
                .rpcUrl("http://fake:8545")
                .escrowContracts(List.of(ESCROW))
                .tokenContracts(List.of(TOKEN))
                .confirmations(2)
                .reorgWindow(10)
                .initialRange(4)
                .maxRange(64)
                .targetLogsPerRange(1000);
    }

    private ChainListener listener(ChainListenerOptions options) {
        return new ChainListener(
                options,
                chain,
                output,
                new ChainListenerMetrics(),
                Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC));
    }

    private static List<ChainListener.Progress> drain(ChainListener l) {
        List<ChainListener.Progress> steps = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ChainListener.Progress p = l.step();
            steps.add(p);
            if (p == ChainListener.Progress.CAUGHT_UP) {
                return steps;
            }
        }
        throw new AssertionError("never caught up: " + steps);
    }

    /** Mines blocks 1..n, block i holding OrderCreated and OrderFunded of order i. */
    private void mineOrders(int from, int to) {
        for (int i = from; i <= to; i++) {
            chain.mine(created(i, "1000", tx(i * 10)), funded(i, "1000", tx(i * 10 + 1)));
        }
    }

    private static ChainLog log(SpecificRecord r) {
        return (ChainLog) r.get(r.getSchema().getField("log").pos());
    }

    private static String id(SpecificRecord r) {
        return (String) r.get(r.getSchema().getField("event_id").pos());
    }

    private List<String> ids(boolean removed) {
        return output.events().stream()
                .map(ProcessedBlock.Emitted::record)
                .filter(r -> log(r).getRemoved() == removed)
                .map(ChainListenerTest::id)
                .toList();
    }

    @Test
    void backfillsThenFollowsEmittingOnlyConfirmedBlocksOnceAndInOrder() {
        mineOrders(1, 20);
        ChainListener l = listener(options().build());
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(18); // head 20 - 2 confirmations
        assertThat(output.events()).hasSize(36);
        mineOrders(21, 25);
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(23);
        List<SpecificRecord> records =
                output.events().stream().map(ProcessedBlock.Emitted::record).toList();
        assertThat(records).hasSize(46);
        assertThat(ids(false)).doesNotHaveDuplicates();
        for (int i = 1; i < records.size(); i++) {
            ChainLog a = log(records.get(i - 1));
            ChainLog b = log(records.get(i));
            assertThat(
                            a.getBlockNumber() < b.getBlockNumber()
                                    || (a.getBlockNumber() == b.getBlockNumber()
                                            && a.getLogIndex() < b.getLogIndex()))
                    .as("chain order at %d", i)
                    .isTrue();
        }
        assertThat(output.events().get(0).key()).isEqualTo(orderId(1));
        assertThat(((EscrowCreated) records.get(0)).getEventTime())
                .isEqualTo(Instant.ofEpochSecond(1_700_000_012L));
        ChainListenerMetrics.Snapshot m = l.metrics().snapshot();
        assertThat(m.logs()).isEqualTo(46);
        assertThat(m.blocks()).isEqualTo(24); // blocks 0..23
        assertThat(m.head()).isEqualTo(25);
        assertThat(m.headLag()).isEqualTo(2);
    }

    @Test
    void readingSeveralRangesAheadEmitsEveryLogOnceInChainOrder() {
        mineOrders(1, 60);
        chain.maxRange = 6; // ranges read ahead get refused too, and are read again smaller
        ChainListener l =
                listener(
                        options()
                                .initialRange(2)
                                .maxRange(16)
                                .targetLogsPerRange(8)
                                .fetchAhead(4)
                                .build());
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(58);
        List<Long> blocks =
                output.events().stream().map(e -> log(e.record()).getBlockNumber()).toList();
        assertThat(blocks).hasSize(2 * 58).isSorted();
        assertThat(ids(false)).doesNotHaveDuplicates();
        assertThat(chain.logCalls).as("ranges were read ahead").isGreaterThan(58 / 6);
    }

    @Test
    void theRangeShrinksWhenTheNodeRefusesItAndGrowsWhileLogsAreFew() {
        mineOrders(1, 40);
        chain.maxRange = 3;
        ChainListener l = listener(options().initialRange(16).build());
        List<ChainListener.Progress> steps = drain(l);
        assertThat(steps).contains(ChainListener.Progress.RESIZED);
        assertThat(l.metrics().snapshot().rangeShrinks()).isGreaterThanOrEqualTo(2);
        assertThat(ids(false)).hasSize(76).doesNotHaveDuplicates();

        FakeChain sparse = new FakeChain();
        sparse.mineEmpty(500);
        ChainListener grows =
                new ChainListener(
                        options().initialRange(1).maxRange(256).reorgWindow(10).build(),
                        sparse,
                        new InMemoryOutput(),
                        new ChainListenerMetrics(),
                        Clock.systemUTC());
        drain(grows);
        assertThat(grows.range()).isEqualTo(256);
        assertThat(grows.cursor().number()).isEqualTo(498);
    }

    @Test
    void aReorgShallowerThanTheConfirmationsEmitsNothingWrong() {
        mineOrders(1, 10);
        ChainListener l = listener(options().confirmations(3).build());
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(7);
        chain.reorg(2); // blocks 9 and 10 (never confirmed) are replaced
        chain.mine(created(100, "5", tx(1000)));
        chain.mine();
        assertThat(drain(l)).doesNotContain(ChainListener.Progress.REORG);
        chain.mineEmpty(3);
        drain(l);
        assertThat(ids(true)).isEmpty();
        assertThat(l.metrics().snapshot().reorgs()).isZero();
        List<String> visible = ids(false);
        assertThat(visible).doesNotHaveDuplicates().hasSize(17);
        assertThat(visible).contains("31337:" + tx(80) + ":0", "31337:" + tx(1000) + ":0");
        assertThat(visible).doesNotContain("31337:" + tx(90) + ":0", "31337:" + tx(100) + ":0");
    }

    @Test
    void aDeeperReorgRetractsTheAbandonedEventsNewestFirstThenEmitsTheReplacements() {
        mineOrders(1, 10);
        ChainListener l = listener(options().build());
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(8);
        String oldHash7 = chain.hashOf(7);
        chain.reorg(4); // blocks 7..10 replaced; 7 and 8 were emitted
        chain.mine(created(70, "7", tx(700)));
        chain.mine(created(7, "1000", tx(70)), funded(7, "1000", tx(71))); // order 7 re-mined
        chain.mineEmpty(4);
        int before = output.events().size();
        assertThat(l.step()).isEqualTo(ChainListener.Progress.REORG);
        List<ProcessedBlock.Emitted> retractions =
                output.events().subList(before, output.events().size());
        assertThat(retractions)
                .extracting(e -> id(e.record()))
                .containsExactly(
                        "31337:" + tx(81) + ":1",
                        "31337:" + tx(80) + ":0",
                        "31337:" + tx(71) + ":1",
                        "31337:" + tx(70) + ":0");
        assertThat(retractions).allMatch(e -> log(e.record()).getRemoved());
        assertThat(log(retractions.get(3).record()).getBlockHash()).isEqualTo(oldHash7);
        assertThat(retractions.get(3).key()).isEqualTo(orderId(7));
        assertThat(l.cursor().number()).isEqualTo(6);
        drain(l);
        assertThat(l.metrics().snapshot().reorgs()).isEqualTo(1);
        assertThat(l.metrics().snapshot().retractions()).isEqualTo(4);

        // what is visible now is exactly the current chain's logs up to the cursor
        Set<String> expected =
                chain.logs(0, l.cursor().number(), List.of(ESCROW, TOKEN), topics()).stream()
                        .map(r -> "31337:" + r.txHash() + ":" + r.logIndex() + "@" + r.blockHash())
                        .collect(Collectors.toSet());
        List<String> live = new ArrayList<>();
        for (ProcessedBlock.Emitted e : output.events()) {
            ChainLog log = log(e.record());
            String key = id(e.record()) + "@" + log.getBlockHash();
            if (log.getRemoved()) {
                assertThat(live.remove(key)).as("retracts something emitted: " + key).isTrue();
            } else {
                live.add(key);
            }
        }
        assertThat(live).doesNotHaveDuplicates();
        assertThat(Set.copyOf(live)).isEqualTo(expected);
    }

    @Test
    void aReorgDeeperThanTheWindowStopsTheListener() {
        mineOrders(1, 30);
        ChainListener l = listener(options().reorgWindow(5).build());
        drain(l);
        chain.reorg(20);
        chain.mineEmpty(22);
        assertThatThrownBy(l::step)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reorg deeper than the reorg window");
    }

    @Test
    void aReorgUnderTheFinalBlocksBeingBackfilledStopsTheListener() {
        mineOrders(1, 60);
        ChainListener l =
                listener(
                        options().reorgWindow(5).initialRange(4).maxRange(4).fetchAhead(1).build());
        for (int i = 0; i < 3; i++) {
            assertThat(l.step()).isEqualTo(ChainListener.Progress.ADVANCED);
        }
        chain.reorg(55); // blocks 6..60 replaced, under the cursor, which is final
        chain.mineEmpty(60);
        // a range read before the reorg may still commit; the first read after it does not
        // continue the cursor, and the cursor's own header tells why
        assertThatThrownBy(() -> drain(l))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reorg deeper than the reorg window");
    }

    @Test
    void aBackfillOfFinalBlocksReadsTheHeadOncePerPollIntervalNotEveryStep() {
        mineOrders(1, 200);
        ChainListener l =
                listener(
                        options()
                                .reorgWindow(10)
                                .initialRange(10)
                                .maxRange(10)
                                .pollInterval(Duration.ofHours(1))
                                .build());
        List<ChainListener.Progress> steps = drain(l);
        assertThat(l.cursor().number()).isEqualTo(198);
        assertThat(ids(false)).hasSize(2 * 198).doesNotHaveDuplicates();
        // head 200: 20 final ranges (blocks 0..190) planned on the head read first; near the
        // head it is read every step (blocks 191..198, then the step that found nothing more)
        assertThat(steps).hasSize(22);
        assertThat(chain.headCalls).isEqualTo(3);
    }

    @Test
    void aRestartAfterACrashBeforeCommitResumesWithNoGapAndNoDuplicate() {
        mineOrders(1, 30);
        ChainListener first = listener(options().initialRange(3).maxRange(3).build());
        output.failCommitAfter = 3;
        assertThatThrownBy(() -> drain(first)).hasMessageContaining("simulated crash");
        assertThat(output.committed).hasSize(3);

        ChainListener second = listener(options().initialRange(3).maxRange(3).build());
        drain(second);
        assertThat(second.cursor().number()).isEqualTo(28);
        List<String> ids = ids(false);
        assertThat(ids).hasSize(56).doesNotHaveDuplicates();
        assertThat(ids.get(0)).isEqualTo("31337:" + tx(10) + ":0");
    }

    @Test
    void malformedLogsGoToTheDeadLettersWithTheReasonAndTheRestFlows() {
        chain.mine(
                new FakeChain.LogSpec(
                        ESCROW,
                        List.of(ChainLogDecoder.ORDER_FUNDED, orderId(1), topic(BUYER)),
                        "0x",
                        tx(1)),
                transfer(BUYER, SELLER, "5", tx(2)),
                new FakeChain.LogSpec(
                        TOKEN,
                        List.of(ChainLogDecoder.TRANSFER_TOPIC, topic(BUYER), topic(SELLER)),
                        "0x01",
                        tx(3)));
        chain.mineEmpty(2);
        ChainListener l = listener(options().build());
        drain(l);
        List<DeadLetter> dead = output.deadLetters();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).getReason()).contains("OrderFunded must have 4 topics", "has 3");
        assertThat(dead.get(0).getFailure()).isEqualTo(FailureKind.UNDECODABLE);
        assertThat(dead.get(0).getStage()).isEqualTo("chain-listener");
        assertThat(dead.get(0).getEventId()).isEqualTo("chain:31337/1/0");
        assertThat(dead.get(0).getEventIdHint()).isEqualTo("31337:" + tx(1) + ":0");
        assertThat(dead.get(0).getSourceOffset()).isEqualTo(1);
        assertThat(new String(dead.get(0).getValue().array()))
                .contains("\"topics\"")
                .contains(ChainLogDecoder.ORDER_FUNDED);
        assertThat(dead.get(1).getReason()).contains("Transfer: data too short");
        assertThat(ids(false)).containsExactly("31337:" + tx(2) + ":1");
        assertThat(l.metrics().snapshot().deadLetters()).isEqualTo(2);
    }

    @Test
    void logsWithoutATimestampGetTheOneOfTheirBlockHeader() {
        chain.logTimestamps = false;
        mineOrders(1, 150);
        ChainListener l = listener(options().reorgWindow(20).initialRange(64).build());
        drain(l);
        List<ProcessedBlock.Emitted> events = output.events();
        assertThat(events).hasSize(296);
        for (ProcessedBlock.Emitted e : events) {
            ChainLog log = log(e.record());
            assertThat(log.getBlockTime())
                    .isEqualTo(Instant.ofEpochSecond(1_700_000_000L + 12 * log.getBlockNumber()));
        }
    }

    @Test
    void aChainThatChangesMidStepIsReadAgainNotMixed() {
        mineOrders(1, 10);
        ChainListener l = listener(options().initialRange(20).startBlock(1).build());
        chain.afterNextHeaders = // between the step's two reads (headers, then logs)
                () -> {
                    chain.reorg(6);
                    mineOrders(5, 10);
                };
        assertThat(l.step()).isEqualTo(ChainListener.Progress.INCONSISTENT);
        assertThat(output.committed).isEmpty();
        drain(l);
        assertThat(ids(false)).hasSize(16).doesNotHaveDuplicates();
        assertThat(l.metrics().snapshot().inconsistentReads()).isEqualTo(1);
    }

    @Test
    void aReorgBetweenReadingLogsAndHeadersCannotHideTheNewBlocksLogs() {
        // blocks 5..10 hold no tracked log; a reorg replaces them, while a step reads, with
        // blocks that do. A step that took the logs before the headers would see no log of
        // blocks 5..8 and the new hashes, commit the new block 8 as its cursor, and never read
        // the new blocks' logs.
        mineOrders(1, 4);
        chain.mineEmpty(6);
        ChainListener l = listener(options().initialRange(20).startBlock(1).build());
        chain.afterNextLogs =
                () -> {
                    chain.reorg(6);
                    mineOrders(5, 10);
                };
        drain(l);
        assertThat(l.cursor().number()).isEqualTo(8);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            expected.add("31337:" + tx(i * 10) + ":0");
            expected.add("31337:" + tx(i * 10 + 1) + ":1");
        }
        // what is visible (emitted and not retracted) is exactly blocks 1..8 of today's chain
        List<String> live = new ArrayList<>(ids(false));
        for (String retracted : ids(true)) {
            assertThat(live.remove(retracted)).isTrue();
        }
        assertThat(live).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aRetractionIsTheSameRecordWithRemovedSet() {
        mineOrders(1, 3);
        ChainListener l = listener(options().build());
        drain(l);
        SpecificRecord original = output.events().get(0).record();
        SpecificRecord retraction = ChainListener.retraction(original);
        assertThat(log(retraction).getRemoved()).isTrue();
        assertThat(log(original).getRemoved()).isFalse();
        assertThat(retraction).isInstanceOf(EscrowCreated.class);
        EscrowCreated a = (EscrowCreated) original;
        EscrowCreated b = (EscrowCreated) retraction;
        assertThat(b.getEventId()).isEqualTo(a.getEventId());
        assertThat(b.getAmount()).isEqualTo(a.getAmount());
        assertThat(b.getLog().getBlockHash()).isEqualTo(a.getLog().getBlockHash());
    }

    private static List<String> topics() {
        List<String> t = new ArrayList<>(ChainLogDecoder.ESCROW_TOPICS);
        t.add(ChainLogDecoder.TRANSFER_TOPIC);
        return t;
    }
}
