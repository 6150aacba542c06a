package io.crosstrust.jobs.tradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.kafka.EmbeddedKafkaExtension;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.testing.ChainTestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.testing.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trade flow reading platform.events and chain.events from a real broker in a MiniCluster:
 * every TradeEscrow event comes out once on trade.events, attributed to its platform order (order
 * id, entities, regions) whether the chain event was published before or after the platform's
 * OrderPlaced.
 */
class ChainEventsFlowITCase {
    private static final int ORDERS = 40;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    @Test
    void escrowChainEventsReachTradeEventsOnceAttributedToTheirPlatformOrder() throws Exception {
        Map<String, List<SpecificRecord>> lifecycles = publish();
        int chainEvents = lifecycles.values().stream().mapToInt(List::size).sum();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        String bootstrap = KAFKA.bootstrapServers();
        DataStream<RawRecord> raw =
                env.fromSource(
                        KafkaConnectors.rawSource(
                                bootstrap,
                                List.of(Topics.PLATFORM_EVENTS, Topics.CHAIN_EVENTS),
                                "it-chain-flow"),
                        WatermarkStrategy.noWatermarks(),
                        "platform + chain events");
        TradeFlowJob.Outputs outputs =
                TradeFlowJob.build(raw, Duration.ofMillis(200), ChainLinkSettings.DEFAULT);
        TradeFlowJob.sinkTo(
                outputs,
                new TradeFlowJob.Sinks(
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.TRADE_EVENTS,
                                        "it-chain-trade",
                                        TradeEvent::getSubjectId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.ENTITY_ACTIVITY,
                                        "it-chain-activity",
                                        EntityActivity::getEntityId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.DEAD_LETTERS,
                                        "it-chain-dlq",
                                        DeadLetter::getEventId))));
        JobClient job = env.executeAsync("chain-events-flow-it");
        try {
            List<TradeEvent> events =
                    KafkaTopics.readCommitted(
                                    bootstrap,
                                    Topics.TRADE_EVENTS,
                                    v -> v.size() >= ORDERS + chainEvents,
                                    Duration.ofSeconds(120),
                                    Duration.ofSeconds(3))
                            .stream()
                            .map(ChainEventsFlowITCase::decode)
                            .toList();
            assertThat(events).hasSize(ORDERS + chainEvents);
            assertThat(events).extracting(TradeEvent::getEventId).doesNotHaveDuplicates();
            Map<String, List<TradeEvent>> byOrder = new HashMap<>();
            for (TradeEvent e : events) {
                byOrder.computeIfAbsent(e.getOrderId(), k -> new ArrayList<>()).add(e);
            }
            assertThat(byOrder).hasSize(ORDERS);
            for (int i = 0; i < ORDERS; i++) {
                List<TradeEvent> order = byOrder.get("order-p" + i);
                assertThat(order).as("order-p" + i).hasSize(1 + lifecycles.get("p" + i).size());
                for (TradeEvent e : order) {
                    if (e.getType() == TradeEventType.ORDER_PLACED) {
                        assertThat(e.getOnChain()).isTrue();
                        continue;
                    }
                    assertThat(e.getOnChain()).isTrue();
                    assertThat(e.getSubjectId()).isIn("B" + i, "S" + i);
                    assertThat(e.getCounterpartyId()).isIn("B" + i, "S" + i);
                    boolean buyerSide =
                            e.getType() == TradeEventType.ESCROW_CREATED
                                    || e.getType() == TradeEventType.ESCROW_FUNDED
                                    || e.getType() == TradeEventType.ESCROW_RELEASED;
                    assertThat(e.getSubjectId()).isEqualTo(buyerSide ? "B" + i : "S" + i);
                    assertThat(e.getSubjectRegion()).isEqualTo(buyerSide ? "DE" : "CN");
                }
            }
        } finally {
            job.cancel().get();
        }
    }

    /**
     * ORDERS escrow orders: even ones with the platform order first, odd ones with the chain first.
     * Returns each order's chain events by platform order number.
     */
    private static Map<String, List<SpecificRecord>> publish() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        EventCodec codec = EventCodec.standard();
        Map<String, List<SpecificRecord>> lifecycles = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ORDERS; i++) {
                ChainTestEvents chain = new ChainTestEvents("flow-" + i);
                String id = "p" + i;
                SpecificRecord placed = chain.placed(id, "B" + i, "S" + i, "25.00");
                List<SpecificRecord> events = new ArrayList<>();
                events.add(chain.created(1, 25_000_000));
                events.add(chain.funded(2, 25_000_000));
                events.add(chain.shipped(3));
                if (i % 3 == 0) {
                    events.add(chain.disputed(4, true));
                    events.add(chain.resolved(5, 10_000_000, 15_000_000));
                } else {
                    events.add(chain.confirmed(8));
                    events.add(chain.released(8, 25_000_000));
                }
                lifecycles.put(id, events);
                byte[] platformKey = ("order-" + id).getBytes(StandardCharsets.UTF_8);
                byte[] chainKey = chain.escrowId().getBytes(StandardCharsets.UTF_8);
                if (i % 2 == 0) {
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.PLATFORM_EVENTS, platformKey, codec.encode(placed)));
                }
                for (SpecificRecord e : events) {
                    producer.send(
                            new ProducerRecord<>(Topics.CHAIN_EVENTS, chainKey, codec.encode(e)));
                }
                if (i % 2 == 1) {
                    producer.flush();
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.PLATFORM_EVENTS, platformKey, codec.encode(placed)));
                }
            }
        }
        return lifecycles;
    }

    private static TradeEvent decode(byte[] v) {
        try {
            return EventCodec.standard().decode(v, TradeEvent.class);
        } catch (Exception e) {
            throw new AssertionError("output record does not decode as TradeEvent", e);
        }
    }
}
