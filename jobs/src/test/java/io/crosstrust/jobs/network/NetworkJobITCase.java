package io.crosstrust.jobs.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.kafka.EmbeddedKafkaExtension;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.testing.TestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.kafka.RawRecordDeserializer;
import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.network.graph.NetworkFigures;
import io.crosstrust.jobs.network.graph.TradeGraph;
import io.crosstrust.jobs.network.graph.TradeNetworkAnalysis;
import io.crosstrust.jobs.network.testing.ReferenceNetwork;
import io.crosstrust.jobs.network.testing.Trade1985;
import io.crosstrust.jobs.testing.KafkaTopics;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import io.crosstrust.sinks.clickhouse.ClickHouseSink;
import io.crosstrust.sinks.clickhouse.NetworkMetricsRowEncoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network job end to end: canonical events on a real Kafka broker, the job on a Flink
 * MiniCluster with checkpoints, NetworkMetrics out to network.metrics (exactly-once,
 * read_committed) and to ClickHouse 18.16; every window's figures must equal a recomputation from
 * the raw events. And the 1985 world trade network fed as events must give the batch command's
 * figures.
 */
class NetworkJobITCase {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long D0 = TestEvents.T0.toEpochMilli(); // a UTC midnight
    private static final List<String> REGIONS = List.of("CN", "DE", "VN", "US");

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);

    /**
     * Three days of orders between 40 entities in four regions, in time order with up to an hour of
     * disorder, plus payments (ignored) and some orders in EUR (trades without volume).
     */
    private static List<TradeEvent> threeDaysOfTrade() {
        Random random = new Random(21);
        List<TradeEvent> events = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            long time = D0 + (long) i * 3 * DAY / 900 + random.nextInt((int) HOUR) - HOUR / 2;
            time = Math.max(D0, Math.min(D0 + 3 * DAY - 1, time));
            int seller = random.nextInt(40);
            int buyer = random.nextInt(40);
            if (buyer == seller) {
                buyer = (buyer + 1) % 40;
            }
            if (i % 7 == 0) {
                events.add(
                        TestEvents.tradeEvent(
                                        "pay-" + i,
                                        TradeEventType.PAYMENT_MADE,
                                        "e" + buyer,
                                        "e" + seller)
                                .setEventTime(Instant.ofEpochMilli(time))
                                .build());
            }
            String currency = i % 10 == 0 ? "EUR" : "USD";
            events.add(
                    TestEvents.tradeEvent(
                                    "order-" + i,
                                    TradeEventType.ORDER_PLACED,
                                    "e" + buyer,
                                    "e" + seller)
                            .setEventTime(Instant.ofEpochMilli(time))
                            .setSubjectRegion(REGIONS.get(buyer % 4))
                            .setCounterpartyRegion(REGIONS.get(seller % 4))
                            .setAmount(
                                    new Money(
                                            BigDecimal.valueOf(1 + random.nextInt(5_000), 2),
                                            currency))
                            .build());
        }
        return events;
    }

    /** The expected graphs: (scope key, window kind, window start) -> the trades in it. */
    private static Map<String, List<TradeEvent>> expectedWindows(List<TradeEvent> events) {
        Map<String, List<TradeEvent>> windows = new TreeMap<>();
        for (TradeEvent e : events) {
            if (e.getType() != TradeEventType.ORDER_PLACED) {
                continue;
            }
            String origin = e.getCounterpartyRegion();
            String destination = e.getSubjectRegion();
            List<String> scopes = new ArrayList<>(List.of("GLOBAL:*", "REGION:" + origin));
            if (!origin.equals(destination)) {
                scopes.add("REGION:" + destination);
            }
            scopes.add("CORRIDOR:" + origin + ">" + destination);
            long day = Math.floorDiv(e.getEventTime().toEpochMilli(), DAY) * DAY;
            for (String scope : scopes) {
                windows.computeIfAbsent(scope + "|tumbling-1d|" + day, k -> new ArrayList<>())
                        .add(e);
                for (long start = day - DAY; start <= day; start += DAY) {
                    windows.computeIfAbsent(scope + "|sliding-2d|" + start, k -> new ArrayList<>())
                            .add(e);
                }
            }
        }
        return windows;
    }

    private static String key(NetworkMetrics m) {
        return m.getScopeKind()
                + ":"
                + m.getScope()
                + "|"
                + m.getWindowKind()
                + "|"
                + m.getWindowStart().toEpochMilli();
    }

    @Test
    void metricsPerWindowEqualARecomputationFromTheRawEvents() throws Exception {
        List<TradeEvent> events = threeDaysOfTrade();
        publish(events);
        Map<String, List<TradeEvent>> expected = expectedWindows(events);
        ClickHouseConnection clickhouse = CLICKHOUSE.createSchema("network_it");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        String bootstrap = KAFKA.bootstrapServers();
        KafkaSource<RawRecord> source =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(Topics.TRADE_EVENTS)
                        .setGroupId("network-it")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .build();
        DataStream<TradeEvent> input =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "trade.events")
                        .flatMap(new DecodeTradeEvents(), new AvroTypeInfo<>(TradeEvent.class));
        NetworkJob.Settings settings =
                NetworkJob.Settings.defaults()
                        .withWindows(
                                new NetworkWindows(
                                        Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(1)))
                        .withOutOfOrderness(Duration.ofHours(2));
        NetworkJob.Outputs outputs = NetworkJob.build(input, settings);
        NetworkJob.sinkTo(
                outputs,
                new NetworkJob.Sinks(
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.NETWORK_METRICS,
                                        "it-network",
                                        NetworkMetrics::getEventId),
                                ClickHouseSink.<NetworkMetrics>builder()
                                        .setConnection(clickhouse)
                                        .setEncoder(new NetworkMetricsRowEncoder())
                                        .build()),
                        List.of()));
        env.execute("network-it");

        EventCodec codec = EventCodec.standard();
        List<NetworkMetrics> metrics = new ArrayList<>();
        for (byte[] value :
                KafkaTopics.readCommitted(
                        bootstrap,
                        Topics.NETWORK_METRICS,
                        v -> v.size() >= expected.size(),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(1))) {
            metrics.add(codec.decode(value, NetworkMetrics.class));
        }
        Map<String, NetworkMetrics> byWindow =
                metrics.stream().collect(Collectors.toMap(NetworkJobITCase::key, m -> m));
        assertThat(metrics).as("one record per window, exactly once").hasSize(byWindow.size());
        assertThat(byWindow.keySet()).isEqualTo(expected.keySet());

        for (Map.Entry<String, List<TradeEvent>> w : expected.entrySet()) {
            NetworkMetrics m = byWindow.get(w.getKey());
            TradeGraph g = new TradeGraph();
            List<String[]> pairs = new ArrayList<>();
            for (TradeEvent e : w.getValue()) {
                double volume =
                        e.getAmount().getCurrency().equals("USD")
                                ? e.getAmount().getAmount().doubleValue()
                                : 0;
                g.addTrade(
                        e.getCounterpartyId(),
                        e.getCounterpartyRegion(),
                        e.getSubjectId(),
                        e.getSubjectRegion(),
                        1,
                        volume);
                pairs.add(new String[] {e.getCounterpartyId(), e.getSubjectId()});
            }
            NetworkFigures f = TradeNetworkAnalysis.analyse(g, AnalysisSettings.DEFAULTS).figures();
            ReferenceNetwork loops = new ReferenceNetwork(pairs);
            String at = w.getKey();
            assertThat(m.getNodes()).as(at).isEqualTo(loops.n);
            assertThat(m.getEdges()).as(at).isEqualTo(loops.edges);
            assertThat(m.getDensityDirected())
                    .as(at)
                    .isCloseTo(loops.densityDirected(), within(1e-12));
            assertThat(m.getDensityUndirected())
                    .as(at)
                    .isCloseTo(loops.densityUndirected(), within(1e-12));
            assertThat(m.getReciprocity()).as(at).isCloseTo(loops.reciprocity(), within(1e-12));
            assertThat(m.getTransitivity()).as(at).isCloseTo(loops.transitivity(), within(1e-12));
            assertThat(m.getAverageClustering())
                    .as(at)
                    .isCloseTo(loops.averageClustering(), within(1e-12));
            assertThat(m.getWeakComponents()).as(at).isEqualTo(loops.weakComponents());
            assertThat(m.getStrongComponents()).as(at).isEqualTo(loops.strongComponents());
            assertThat(m.getDegreeCentralization())
                    .as(at)
                    .isCloseTo(loops.degreeCentralization(), within(1e-12));
            assertThat(m.getAverageDegree()).as(at).isCloseTo(f.averageDegree(), within(1e-12));
            assertThat(m.getLargestComponentShare())
                    .as(at)
                    .isCloseTo(f.largestComponentShare(), within(1e-12));
            assertThat(m.getCrossRegionEdgeShare())
                    .as(at)
                    .isCloseTo(f.crossRegionEdgeShare(), within(1e-12));
            assertThat(m.getVolumeHhi()).as(at).isCloseTo(f.volumeHhi(), within(1e-9));
            assertThat(m.getBetweennessExact()).as(at).isTrue();
            assertThat(m.getTopBetweenness()).as(at).hasSameSizeAs(f.topBetweenness());
            for (int i = 0; i < f.topBetweenness().size(); i++) {
                assertThat(m.getTopBetweenness().get(i).getValue())
                        .as(at)
                        .isCloseTo(f.topBetweenness().get(i).value(), within(1e-12));
                assertThat(m.getTopPagerank().get(i).getValue())
                        .as(at)
                        .isCloseTo(f.topPageRank().get(i).value(), within(1e-9));
            }
        }

        // the same windows in ClickHouse, once each under FINAL
        List<Map<String, String>> rows =
                new ClickHouseQuery(clickhouse)
                        .select(
                                "SELECT event_id, nodes, edges, density_directed"
                                        + " FROM network_it.network_metrics FINAL")
                        .asMaps();
        assertThat(rows).hasSize(expected.size());
        Map<String, NetworkMetrics> byEventId =
                metrics.stream()
                        .collect(Collectors.toMap(NetworkMetrics::getEventId, Function.identity()));
        for (Map<String, String> row : rows) {
            NetworkMetrics m = byEventId.get(row.get("event_id"));
            assertThat(m).as(row.get("event_id")).isNotNull();
            assertThat(Long.parseLong(row.get("nodes"))).isEqualTo(m.getNodes());
            assertThat(Long.parseLong(row.get("edges"))).isEqualTo(m.getEdges());
            assertThat(Double.parseDouble(row.get("density_directed")))
                    .isEqualTo(m.getDensityDirected());
        }
    }

    @Test
    void trade1985FedAsEventsGivesTheBatchFigures() throws Exception {
        List<TradeEvent> events = new ArrayList<>();
        int i = 0;
        for (Trade1985.Arc arc : Trade1985.arcs()) {
            events.add(
                    TestEvents.tradeEvent(
                                    "arc-" + i++,
                                    TradeEventType.ORDER_PLACED,
                                    arc.importer(),
                                    arc.exporter())
                            .setEventTime(Instant.parse("1985-07-01T12:00:00Z"))
                            .setSubjectRegion(arc.importer())
                            .setCounterpartyRegion(arc.exporter())
                            .setAmount(new Money(new BigDecimal(arc.value()), "USD"))
                            .build());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        NetworkJob.Settings settings =
                NetworkJob.Settings.defaults()
                        .withWindows(
                                new NetworkWindows(
                                        Duration.ofDays(1), Duration.ZERO, Duration.ZERO));
        NetworkJob.Outputs outputs =
                NetworkJob.build(
                        env.fromData(
                                new AvroTypeInfo<>(TradeEvent.class),
                                events.toArray(TradeEvent[]::new)),
                        settings);
        List<NetworkMetrics> global = new ArrayList<>();
        Map<ScopeKind, Integer> perKind = new HashMap<>();
        try (CloseableIterator<NetworkMetrics> it = outputs.metrics().executeAndCollect()) {
            while (it.hasNext()) {
                NetworkMetrics m = it.next();
                perKind.merge(m.getScopeKind(), 1, Integer::sum);
                if (m.getScopeKind() == ScopeKind.GLOBAL) {
                    global.add(m);
                }
            }
        }
        // one window per country and per arc (each arc is its own corridor)
        assertThat(perKind)
                .containsEntry(ScopeKind.REGION, Trade1985.COUNTRIES)
                .containsEntry(ScopeKind.CORRIDOR, Trade1985.ARCS);
        assertThat(global).hasSize(1);
        NetworkMetrics m = global.get(0);
        ReferenceNetwork loops = Trade1985.reference();
        assertThat(m.getNodes()).isEqualTo(Trade1985.COUNTRIES);
        assertThat(m.getEdges()).isEqualTo(Trade1985.ARCS);
        assertThat(m.getDensityDirected()).isCloseTo(12743.0 / (192 * 191), within(1e-9));
        assertThat(m.getTransitivity()).isCloseTo(loops.transitivity(), within(1e-12));
        assertThat(m.getReciprocity()).isCloseTo(loops.reciprocity(), within(1e-12));
        assertThat(m.getWeakComponents()).isEqualTo(loops.weakComponents());
        assertThat(m.getStrongComponents()).isEqualTo(loops.strongComponents());
        assertThat(m.getAverageClustering()).isCloseTo(loops.averageClustering(), within(1e-12));
        assertThat(m.getCrossRegionEdgeShare()).isEqualTo(1.0);
    }

    private static void publish(List<TradeEvent> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        EventCodec codec = EventCodec.standard();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TradeEvent e : events) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.TRADE_EVENTS,
                                e.getSubjectId().getBytes(StandardCharsets.UTF_8),
                                codec.encode(e)));
            }
        }
    }
}
