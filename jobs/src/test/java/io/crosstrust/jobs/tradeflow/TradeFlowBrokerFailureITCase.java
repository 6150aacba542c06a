package io.crosstrust.jobs.tradeflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.KafkaClusterProcesses;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.testing.FailOnceAfterCheckpoint;
import io.crosstrust.jobs.testing.KafkaTopics;
import io.crosstrust.jobs.testing.OrderFeed;
import io.crosstrust.jobs.testing.TradeFlowOutputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trade flow against a three-broker Kafka cluster (three KRaft processes, replication factor 3,
 * min ISR 2) while one broker process is killed mid-run: the one coordinating the trade.events
 * sink's transactions. Nothing may be lost and nothing doubled: every valid event exactly once in
 * trade.events (read_committed), every malformed one exactly once in dead.letters. The producer
 * publishes with acks=all and idempotence, half before the kill and half after it (through a
 * cluster with a broker down); during that half a task failure is injected, so the job also
 * recovers from a checkpoint while the broker is down. The killed broker is then restarted and must
 * rejoin every ISR.
 *
 * <p>The Flink job runs in a MiniCluster in this JVM; the brokers are separate processes ({@link
 * KafkaClusterProcesses}) so the kill is a real crash: no controlled shutdown, no leadership handed
 * over, the controller learns of it from the missed heartbeats.
 */
class TradeFlowBrokerFailureITCase {
    private static final Logger LOG = LoggerFactory.getLogger(TradeFlowBrokerFailureITCase.class);
    private static final int VALID = 6_000;
    private static final int MALFORMED = 120;

    /**
     * A task failure is injected after this many input records: two thirds of the feed, so in the
     * half published after the kill, while the broker is down. The job then recovers from its
     * checkpoint (committing or aborting its transactions through the new coordinators) on the
     * degraded cluster.
     */
    private static final int FAIL_AFTER_RECORDS = (VALID + MALFORMED) * 2 / 3;

    private static final String TRADE_SINK_PREFIX = "it-ha-trade";
    private static final List<String> PIPELINE_TOPICS =
            List.of(Topics.PLATFORM_EVENTS, Topics.TRADE_EVENTS, Topics.DEAD_LETTERS);

    /** Created as `run --kafka` creates topics on an external cluster: with its defaults. */
    private static final String DEFAULTS_TOPIC = "it.broker-defaults";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    private static KafkaClusterProcesses kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaClusterProcesses.start(dir.resolve("kafka"));
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(
                    Topics.all(3),
                    KafkaClusterProcesses.REPLICATION_FACTOR,
                    KafkaClusterProcesses.MIN_IN_SYNC_REPLICAS);
            admin.ensureWithBrokerDefaults(
                    List.of(new Topics.Spec(DEFAULTS_TOPIC, 1, Topics.APPEND_TIME)));
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void nothingLostNorDoubledWhenABrokerDiesMidRun(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (TopicAdmin topics = new TopicAdmin(bootstrap)) {
            Admin admin = topics.admin();
            List<String> created = new ArrayList<>(PIPELINE_TOPICS);
            created.add(DEFAULTS_TOPIC);
            assertReplicated(admin, created);

            OrderFeed feed = new OrderFeed(VALID, MALFORMED);
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            int victim;
            FailOnceAfterCheckpoint.reset();
            JobClient job = startTradeFlow(bootstrap);
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                try {
                    feed.send(
                            producer,
                            0,
                            VALID / 2,
                            (meta, e) -> {
                                if (e != null) {
                                    sendFailure.compareAndSet(null, e);
                                }
                            });
                    producer.flush();

                    // Some output committed before the crash, so transactions are under way.
                    List<byte[]> before =
                            KafkaTopics.readCommitted(
                                    bootstrap,
                                    Topics.TRADE_EVENTS,
                                    v -> v.size() >= VALID / 6,
                                    Duration.ofSeconds(120),
                                    Duration.ZERO);
                    assertThat(before)
                            .as("trade.events output committed before the broker is killed")
                            .hasSizeGreaterThanOrEqualTo(VALID / 6);

                    victim = transactionCoordinator(admin);
                    Set<Integer> survivors = new TreeSet<>(kafka.nodeIds());
                    survivors.remove(victim);
                    int quorumLeader = kafka.quorumLeader();
                    kafka.kill(victim);
                    long killedAt = System.nanoTime();
                    assertThat(kafka.isRunning(victim)).isFalse();
                    LOG.info(
                            "killed Kafka node {} (the trade.events sink's transaction"
                                    + " coordinator; quorum leader was node {}) after {}"
                                    + " committed trade events",
                            victim,
                            quorumLeader,
                            before.size());

                    // The second half goes through a cluster with one broker down: the producer
                    // still names the dead one's partitions' old leader until it refreshes.
                    feed.send(
                            producer,
                            VALID / 2,
                            VALID,
                            (meta, e) -> {
                                if (e != null) {
                                    sendFailure.compareAndSet(null, e);
                                }
                            });
                    producer.flush();
                    assertThat(sendFailure.get())
                            .as("acks=all sends with one of three brokers down")
                            .isNull();
                    awaitLeadersOn(admin, survivors, victim);
                    LOG.info(
                            "second half published and nodes {} lead every partition {} ms"
                                    + " after the kill",
                            survivors,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                } catch (Throwable t) {
                    throw new AssertionError(t.getMessage() + "\n" + kafka.logTails(30), t);
                }
            } catch (Throwable t) {
                job.cancel().get();
                throw t;
            }

            try {
                TradeFlowOutputs.readCommitted(bootstrap, VALID, MALFORMED, Duration.ofSeconds(150))
                        .assertExactlyOnce(feed.validIds(), MALFORMED);
                assertThat(FailOnceAfterCheckpoint.FAILED)
                        .as("a task failure was injected while the broker was down")
                        .isTrue();
                assertThat(awaitRunning(job))
                        .as("the job runs on (restarted or not) after the broker died")
                        .isEqualTo(JobStatus.RUNNING);
                // one restart is the injected failure; more would be the crash's
                int attempts = 0;
                for (AccessExecutionVertex vertex :
                        flink.getExecutionGraph(job.getJobID())
                                .get(30, TimeUnit.SECONDS)
                                .getAllExecutionVertices()) {
                    attempts =
                            Math.max(
                                    attempts,
                                    vertex.getCurrentExecutionAttempt().getAttemptNumber());
                }
                LOG.info("job tasks restarted {} time(s) (one injected failure)", attempts);
            } finally {
                job.cancel().get();
            }

            // The killed broker comes back on its own data and catches up as a follower.
            long restartedAt = System.nanoTime();
            kafka.restart(victim);
            awaitFullIsr(admin, PIPELINE_TOPICS, Duration.ofSeconds(120));
            LOG.info(
                    "node {} restarted and back in every ISR after {} ms",
                    victim,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt));
        }
    }

    private static JobClient startTradeFlow(String bootstrap) throws Exception {
        Configuration conf = new Configuration();
        // Failures the broker crash may cause (a commit to the dead coordinator, a fetch from a
        // dead leader) restart the job from its last checkpoint.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        DataStream<RawRecord> raw =
                env.fromSource(
                                KafkaConnectors.rawSource(
                                        bootstrap, List.of(Topics.PLATFORM_EVENTS), "it-ha-flow"),
                                WatermarkStrategy.noWatermarks(),
                                "platform events")
                        .map(
                                new FailOnceAfterCheckpoint<>(FAIL_AFTER_RECORDS),
                                TypeInformation.of(RawRecord.class));
        TradeFlowJob.Outputs outputs = TradeFlowJob.build(raw, Duration.ofMillis(200));
        TradeFlowJob.sinkTo(
                outputs,
                new TradeFlowJob.Sinks(
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.TRADE_EVENTS,
                                        TRADE_SINK_PREFIX,
                                        TradeEvent::getSubjectId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.ENTITY_ACTIVITY,
                                        "it-ha-activity",
                                        EntityActivity::getEntityId)),
                        List.of(
                                KafkaConnectors.exactlyOnceSink(
                                        bootstrap,
                                        Topics.DEAD_LETTERS,
                                        "it-ha-dlq",
                                        DeadLetter::getEventId))));
        return env.executeAsync("trade-flow-broker-failure-it");
    }

    /** The job's status once it is no longer restarting (RUNNING, or a terminal state). */
    private static JobStatus awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        while (status != JobStatus.RUNNING
                && !status.isGloballyTerminalState()
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        }
        return status;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // long enough to outlast the broker's session timeout and the leader elections after it
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Every partition of the topics has three replicas, all in sync, and min ISR 2. A new topic
     * reaches each broker's metadata a moment after it is created: until then the broker that
     * answers says it does not know it.
     */
    private static void assertReplicated(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                checkReplicated(admin, topics);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void checkReplicated(Admin admin, List<String> topics) throws Exception {
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        assertThat(described).hasSize(topics.size());
        for (TopicDescription topic : described.values()) {
            assertThat(topic.partitions())
                    .as(topic.name() + " partitions")
                    .allSatisfy(
                            p -> {
                                assertThat(p.replicas()).hasSize(3);
                                assertThat(p.isr()).hasSize(3);
                            });
        }
        List<ConfigResource> resources =
                topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        assertThat(configs.values())
                .allSatisfy(c -> assertThat(c.get("min.insync.replicas").value()).isEqualTo("2"));
    }

    /**
     * The broker coordinating most of the trade.events sink's transactions (the leader of their
     * __transaction_state partitions): killing it interrupts the commits in flight.
     */
    private static int transactionCoordinator(Admin admin) throws Exception {
        Collection<TransactionListing> listings =
                admin.listTransactions().all().get(30, TimeUnit.SECONDS);
        List<String> ids =
                listings.stream()
                        .map(TransactionListing::transactionalId)
                        .filter(id -> id.startsWith(TRADE_SINK_PREFIX))
                        .toList();
        assertThat(ids).as("transactional ids of the trade.events sink").isNotEmpty();
        Map<Integer, Long> perCoordinator =
                admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).values().stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.coordinatorId(), Collectors.counting()));
        return perCoordinator.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** Waits until no pipeline partition is led by the dead broker: the survivors took over. */
    private static void awaitLeadersOn(Admin admin, Set<Integer> survivors, int dead)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> wrong = List.of("not described yet");
        while (System.nanoTime() < deadline) {
            wrong =
                    admin
                            .describeTopics(PIPELINE_TOPICS)
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .flatMap(
                                    t ->
                                            t.partitions().stream()
                                                    .filter(
                                                            p ->
                                                                    p.leader() == null
                                                                            || !survivors.contains(
                                                                                    p.leader()
                                                                                            .id()))
                                                    .map(p -> t.name() + "-" + p.partition()))
                            .toList();
            if (wrong.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "partitions still without a leader among "
                        + survivors
                        + " after broker "
                        + dead
                        + " died: "
                        + wrong);
    }

    /** Waits until every partition of the topics has all three replicas in sync again. */
    private static void awaitFullIsr(Admin admin, List<String> topics, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<Integer>> lagging = Map.of();
        while (System.nanoTime() < deadline) {
            lagging =
                    admin
                            .describeTopics(topics)
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .flatMap(
                                    t ->
                                            t.partitions().stream()
                                                    .filter(p -> p.isr().size() < 3)
                                                    .map(
                                                            p ->
                                                                    Map.entry(
                                                                            t.name()
                                                                                    + "-"
                                                                                    + p.partition(),
                                                                            isrIds(p))))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            if (lagging.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "the restarted broker did not rejoin the ISRs within "
                        + timeout
                        + ": "
                        + lagging
                        + "\n"
                        + kafka.logTails(30));
    }

    private static List<Integer> isrIds(TopicPartitionInfo p) {
        return p.isr().stream().map(n -> n.id()).toList();
    }
}
