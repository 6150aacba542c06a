package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeReason;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.ingest.chain.escrow.EscrowCall;
import io.crosstrust.ingest.chain.escrow.EscrowDeployment;
import io.crosstrust.ingest.chain.escrow.EscrowExecutor;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator's escrow-settled orders executed on a real anvil by the {@link EscrowExecutor},
 * read back by the chain listener from a real broker: every executed lifecycle arrives exactly
 * once, in chain order, under the generator's escrow order id, and tells the same story as the
 * world's platform events (parties, amounts, corridor, who shipped, who disputed, who got
 * refunded).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscrowExecutorITCase {
    private static final Logger LOG = LoggerFactory.getLogger(EscrowExecutorITCase.class);
    private static final int CONFIRMATIONS = 2;

    /** ~80 entities over 45 days, half of the orders in escrow, sloppy enough for every path. */
    private static final TradeWorldConfig WORLD =
            TradeWorldConfig.builder()
                    .seed(5)
                    .entities(80)
                    .days(45)
                    .parse(
                            List.of(
                                    "escrowShare=0.5",
                                    "reliable.unshippedProbability=0.03",
                                    "reliable.qualityDisputeProbability=0.1"))
                    .build();

    private AnvilNode node;
    private EmbeddedKafkaBroker broker;
    private LocalChainClient chain;

    @BeforeAll
    void start(@TempDir Path dir) {
        node = AnvilNode.start(dir, 0, Duration.ZERO, EscrowExecutor.anvilArguments(WORLD.start()));
        broker = EmbeddedKafkaBroker.start();
        chain = LocalChainClient.connect(node.rpcUrl());
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

    @Test
    void generatedEscrowOrdersReachTheListenerExactlyOnceInChainOrderUnderTheirOrderIds()
            throws Exception {
        EscrowDeployment deployment = EscrowDeployment.deploy(chain);
        List<EscrowExecutor.Executed> executed = Collections.synchronizedList(new ArrayList<>());
        String topic = "escrow-world.events";
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(
                    List.of(
                            new Topics.Spec(topic, 3, Map.of()),
                            new Topics.Spec("escrow-world.dead", 1, Map.of())),
                    (short) 1);
        }
        ChainListenerOptions options =
                ChainListenerOptions.builder()
                        .listenerId("escrow-world")
                        .rpcUrl(node.rpcUrl())
                        .expectedChainId(AnvilNode.CHAIN_ID)
                        .escrowContracts(List.of(deployment.escrow()))
                        .confirmations(CONFIRMATIONS)
                        .reorgWindow(16)
                        .pollInterval(Duration.ofMillis(100))
                        .eventsTopic(topic)
                        .deadLetterTopic("escrow-world.dead")
                        .stateTopic("escrow-world.state")
                        .build();

        // the world, as the platform feed would publish it
        List<GeneratedEvent> events = new ArrayList<>();
        new TradeWorld(WORLD).forEachRemaining(events::add);
        World world = World.of(events);
        assertThat(world.escrowOrders).hasSizeGreaterThan(300);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        EscrowExecutor.Snapshot done;
        try (EscrowExecutor executor =
                        EscrowExecutor.start(
                                chain,
                                deployment,
                                EscrowExecutor.Options.builder()
                                        .emptyBlockEvery(Duration.ofMillis(300))
                                        .onExecuted(executed::add)
                                        .build());
                ChainListener listener = ChainListener.create(options, broker.bootstrapServers())) {
            Future<?> listening = thread.submit(listener);
            for (GeneratedEvent e : events) {
                assertThat(executor.offer(e)).isTrue();
            }
            assertThat(executor.awaitExecuted(Duration.ofMinutes(3))).isTrue();
            double seconds = (System.nanoTime() - started) / 1e9;
            done = executor.snapshot();
            LOG.info(
                    "executed {} escrow orders: {} transactions in {} blocks, {} s wall ({} tx/s;"
                            + " {} tx/s of the executor's busy time); skipped {}",
                    done.escrowOrders(),
                    done.mined(),
                    done.blocks(),
                    String.format("%.1f", seconds),
                    String.format("%.0f", done.mined() / seconds),
                    String.format("%.0f", done.capacityTxPerSecond()),
                    executor.skipped());
            assertThat(done.error()).isNull();
            assertThat(done.reverted()).as("reverted transactions").isZero();
            assertThat(done.refused()).as("transactions the node refused").isZero();
            assertThat(done.mined()).isEqualTo(done.sent()).isEqualTo(executed.size());

            // the executor keeps mining empty blocks: the listener confirms the last one
            long target = done.head();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((listener.cursor() == null || listener.cursor().number() < target)
                    && System.nanoTime() < deadline) {
                assertThat(listening.isDone()).as("listener still running").isFalse();
                Thread.sleep(100);
            }
            assertThat(listener.cursor().number()).isGreaterThanOrEqualTo(target);
            listener.stop();
            listening.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }

        // what was executed, per escrow order, in chain order; every call within its gas limit
        Map<String, List<String>> expected = new LinkedHashMap<>();
        Map<EscrowCall.Kind, Long> maxGas = new EnumMap<>(EscrowCall.Kind.class);
        Map<String, LocalChainClient.Mined> receipts =
                chain.receipts(executed.stream().map(EscrowExecutor.Executed::txHash).toList());
        List<EscrowExecutor.Executed> inChainOrder = new ArrayList<>(executed);
        inChainOrder.sort(java.util.Comparator.comparingLong(EscrowExecutor.Executed::block));
        for (EscrowExecutor.Executed x : inChainOrder) {
            assertThat(x.success()).isTrue();
            LocalChainClient.Mined receipt = receipts.get(x.txHash());
            assertThat(receipt.success()).isTrue();
            assertThat(receipt.gasUsed())
                    .as("gas of " + x.call().kind())
                    .isLessThan(x.call().gas());
            maxGas.merge(x.call().kind(), receipt.gasUsed(), Math::max);
            if (x.call().kind().event() != null) {
                expected.computeIfAbsent(x.call().escrowId(), k -> new ArrayList<>())
                        .add(x.call().kind().event());
            }
        }
        LOG.info("largest gas used per call: {}", maxGas);

        List<ChainTopics.Read> read = ChainTopics.readAll(broker.bootstrapServers(), topic, true);
        Map<String, List<ChainTopics.Read>> byOrder = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (ChainTopics.Read r : read) {
            SpecificRecord v = r.value();
            assertThat(ids.add(field(v, "event_id"))).as("event delivered once").isTrue();
            assertThat(log(v).getRemoved()).isFalse();
            String order = field(v, "order_id");
            assertThat(r.key()).isEqualTo(order);
            byOrder.computeIfAbsent(order, k -> new ArrayList<>()).add(r);
        }
        assertThat(byOrder.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, List<ChainTopics.Read>> e : byOrder.entrySet()) {
            List<ChainTopics.Read> lifecycle = e.getValue();
            assertThat(lifecycle.stream().map(r -> r.value().getSchema().getName()).toList())
                    .as("lifecycle of " + e.getKey())
                    .isEqualTo(expected.get(e.getKey()));
            assertThat(lifecycle.stream().map(ChainTopics.Read::partition).distinct()).hasSize(1);
            for (int i = 1; i < lifecycle.size(); i++) {
                ChainLog a = log(lifecycle.get(i - 1).value());
                ChainLog b = log(lifecycle.get(i).value());
                assertThat(
                                a.getBlockNumber() < b.getBlockNumber()
                                        || (a.getBlockNumber() == b.getBlockNumber()
                                                && a.getLogIndex() < b.getLogIndex()))
                        .as("chain order of " + e.getKey())
                        .isTrue();
            }
        }

        // every chain order is one of the generator's escrow orders, and agrees with it
        Map<String, Integer> outcomes = new HashMap<>();
        for (Map.Entry<String, List<ChainTopics.Read>> e : byOrder.entrySet()) {
            OrderPlaced placed = world.escrowOrders.get(e.getKey());
            assertThat(placed).as("generator order of " + e.getKey()).isNotNull();
            String orderId = placed.getOrderId();
            EscrowCreated created = (EscrowCreated) e.getValue().get(0).value();
            assertThat(created.getBuyer()).isEqualTo(world.address.get(placed.getBuyerId()));
            assertThat(created.getSeller()).isEqualTo(world.address.get(placed.getSellerId()));
            assertThat(created.getAmount().getValue())
                    .isEqualByComparingTo(placed.getAmount().getAmount().movePointRight(6));
            assertThat(created.getOriginRegion()).isEqualTo(placed.getOriginRegion());
            assertThat(created.getDestinationRegion()).isEqualTo(placed.getDestinationRegion());
            assertThat(created.getDeliverBy())
                    .isEqualTo(placed.getPromisedDeliveryTime().truncatedTo(ChronoUnit.SECONDS));
            // block times follow the world's clock: the escrow order is created on-chain within
            // a block span (1 h of world time) after the platform order
            Instant placedAt = world.placedAt.get(orderId).truncatedTo(ChronoUnit.SECONDS);
            assertThat(created.getEventTime())
                    .isBetween(placedAt, placedAt.plusSeconds(3_600 + 60));
            List<String> types = expected.get(e.getKey());
            String last = types.get(types.size() - 1);
            outcomes.merge(last, 1, Integer::sum);
            switch (last) {
                case "EscrowReleased" -> {
                    assertThat(world.delivered).contains(orderId);
                    assertThat(world.disputes).doesNotContainKey(orderId);
                }
                case "EscrowRefunded" -> {
                    assertThat(world.departed).doesNotContain(orderId);
                    assertThat(world.disputes.get(orderId)).isEqualTo(DisputeReason.NOT_DELIVERED);
                }
                case "EscrowResolved" -> {
                    assertThat(world.disputes).containsKey(orderId);
                    EscrowResolved resolved =
                            (EscrowResolved) e.getValue().get(types.size() - 1).value();
                    BigDecimal refund = world.refunds.getOrDefault(orderId, BigDecimal.ZERO);
                    assertThat(resolved.getBuyerAmount().getValue())
                            .isEqualByComparingTo(refund.movePointRight(6));
                }
                default -> {
                    // still in flight when the world ended
                }
            }
        }
        LOG.info("escrow orders on-chain by their last event: {}", outcomes);
        assertThat(byOrder.size()).isGreaterThan(world.escrowOrders.size() * 9 / 10);
        assertThat(outcomes.getOrDefault("EscrowReleased", 0)).isGreaterThan(100);
        assertThat(outcomes.getOrDefault("EscrowResolved", 0)).isGreaterThan(5);
        assertThat(outcomes.getOrDefault("EscrowRefunded", 0)).isGreaterThan(0);
    }

    /** What the generated world says about its escrow orders. */
    private record World(
            Map<String, OrderPlaced> escrowOrders,
            Map<String, String> address,
            Map<String, Instant> placedAt,
            Set<String> departed,
            Set<String> delivered,
            Map<String, DisputeReason> disputes,
            Map<String, BigDecimal> refunds) {
        static World of(List<GeneratedEvent> events) {
            World w =
                    new World(
                            new HashMap<>(),
                            new HashMap<>(),
                            new HashMap<>(),
                            new HashSet<>(),
                            new HashSet<>(),
                            new HashMap<>(),
                            new HashMap<>());
            for (GeneratedEvent e : events) {
                if (e.record() instanceof EntityRegistered r && r.getChainAddress() != null) {
                    w.address.put(r.getEntityId(), r.getChainAddress());
                } else if (e.record() instanceof OrderPlaced o
                        && o.getSettlement() == Settlement.ESCROW) {
                    w.escrowOrders.put(o.getEscrowOrderId(), o);
                    w.placedAt.put(o.getOrderId(), o.getEventTime());
                } else if (e.record() instanceof ShipmentMilestone m) {
                    if (m.getMilestone() == Milestone.DEPARTED) {
                        w.departed.add(m.getOrderId());
                    } else if (m.getMilestone() == Milestone.DELIVERED) {
                        w.delivered.add(m.getOrderId());
                    }
                } else if (e.record() instanceof DisputeOpened d) {
                    w.disputes.put(d.getOrderId(), d.getReason());
                } else if (e.record() instanceof DisputeResolved d && d.getRefund() != null) {
                    w.refunds.put(d.getOrderId(), d.getRefund().getAmount());
                }
            }
            return w;
        }
    }

    private static ChainLog log(SpecificRecord r) {
        return (ChainLog) r.get(r.getSchema().getField("log").pos());
    }

    private static String field(SpecificRecord r, String name) {
        return (String) r.get(r.getSchema().getField(name).pos());
    }
}
