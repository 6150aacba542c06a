package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.deploy.stack.DemoFeed;
import io.crosstrust.deploy.stack.EmbeddedFlow;
import io.crosstrust.deploy.stack.LocalStack;
import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.deploy.stack.TopicCounter;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sustained throughput of the trade flow (decode, validate, normalise, per-entity aggregate, Kafka
 * exactly-once + ClickHouse sinks) on the embedded stack, beside the limit: the rate at which one
 * plain Kafka consumer reads and Avro-decodes the same topic, measured in the same run on the same
 * backlog. Both figures are wall-clock over a pre-loaded backlog of N generated events.
 */
@Command(
        name = "trade-flow",
        mixinStandardHelpOptions = true,
        description =
                "Throughput of the first flow beside a plain consumer's read+decode rate of the same topic.")
public final class TradeFlowBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--events",
            defaultValue = "300000",
            description = "Backlog size (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (events < 10_000) {
            throw new IllegalArgumentException(
                    "--events must be >= 10000 for a meaningful rate, got " + events);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ProjectRoot.find().resolve(".crosstrust/bench-trade-flow");
        TradeWorldConfig world = TradeWorldConfig.builder().seed(1).maxEvents(events).build();
        try (LocalStack stack =
                LocalStack.start(
                        StackSettings.resolve(Map.of(), Map.of(), null), dir, out::println)) {
            loadBacklog(stack, world, events, out);

            double rawRate =
                    rawConsumeDecodeRate(stack.bootstrapServers(), Topics.PLATFORM_EVENTS, events);
            out.printf("limit: plain consumer read + Avro decode   %,12.0f events/s%n", rawRate);

            double flowRate;
            try (TopicCounter counter =
                            new TopicCounter(
                                    stack.bootstrapServers(), List.of(Topics.TRADE_EVENTS));
                    EmbeddedFlow flow =
                            EmbeddedFlow.start(stack, parallelism, Duration.ofSeconds(1))) {
                flowRate =
                        committedRate(
                                counter, Topics.TRADE_EVENTS, 0, events, Duration.ofMinutes(15));
            }
            out.printf(
                    "trade flow (parallelism %d)                 %,12.0f events/s%n",
                    parallelism, flowRate);
            out.printf("ratio flow / limit                          %12.2f%n", flowRate / rawRate);
            if (json) {
                out.println(
                        new JsonSummary()
                                .put("events", events)
                                .put("parallelism", parallelism)
                                .put("flow_events_per_s", Math.round(flowRate))
                                .put("raw_consume_decode_events_per_s", Math.round(rawRate))
                                .put("ratio", Math.round(flowRate / rawRate * 1000) / 1000.0)
                                .toJson());
            }
        }
        return 0;
    }

    /**
     * Events/s a job commits to {@code topic}: from the first committed record above {@code before}
     * (records already there) to {@code before + events}, so job start-up is not counted.
     *
     * @throws IllegalStateException if fewer arrive within {@code timeout}
     */
    static double committedRate(
            TopicCounter counter, String topic, long before, long events, Duration timeout)
            throws InterruptedException {
        long first = 0;
        long firstCount = 0;
        long target = before + events;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.count(topic) < target && System.nanoTime() < deadline) {
            long n = counter.count(topic);
            if (first == 0 && n > before) {
                first = System.nanoTime();
                firstCount = n;
            }
            Thread.sleep(50);
        }
        long done = counter.count(topic);
        if (first == 0) {
            throw new IllegalStateException(
                    "all " + events + " events were committed between two polls: raise --events");
        }
        if (done < target) {
            throw new IllegalStateException(
                    "the flow produced "
                            + (done - before)
                            + " of "
                            + events
                            + " within "
                            + timeout);
        }
        return (done - firstCount) / ((System.nanoTime() - first) / 1e9);
    }

    /**
     * One plain consumer (read_committed) reading a topic's first {@code events} records from the
     * start and Avro-decoding every value: events/s over the wall clock.
     */
    /** Publishes the first {@code events} events of {@code world} to platform.events, at once. */
    static void loadBacklog(LocalStack stack, TradeWorldConfig world, long events, PrintWriter out)
            throws InterruptedException {
        out.printf(
                "loading a backlog of %,d generated events into %s ...%n",
                events, Topics.PLATFORM_EVENTS);
        try (DemoFeed feed =
                new DemoFeed(
                                stack.bootstrapServers(),
                                Topics.PLATFORM_EVENTS,
                                new TradeWorld(world),
                                0,
                                0,
                                1)
                        .start()) {
            if (!feed.awaitCompletion(Duration.ofMinutes(10)) || feed.validSent() != events) {
                throw new IllegalStateException(
                        "backlog not loaded: " + feed.validSent() + " of " + events);
            }
        }
    }

    static double rawConsumeDecodeRate(String bootstrap, String topic, long events)
            throws WireFormatException {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        EventCodec codec = EventCodec.standard();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long read = 0;
            long checksum = 0;
            while (read < events) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    checksum += codec.decode(r.value()).getSchema().getName().length();
                    read++;
                }
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException(
                            "raw consumer read only " + read + " of " + events);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (checksum == 0) {
                throw new IllegalStateException("nothing decoded");
            }
            return read / seconds;
        }
    }
}
