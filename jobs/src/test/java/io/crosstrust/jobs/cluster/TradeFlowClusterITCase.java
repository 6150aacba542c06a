package io.crosstrust.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.testing.KafkaTopics;
import io.crosstrust.jobs.testing.OrderFeed;
import io.crosstrust.jobs.testing.TradeFlowOutputs;
import io.crosstrust.jobs.tradeflow.TradeFlowJob;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade flow on a real Flink standalone session cluster: a JobManager and two TaskManagers as
 * separate JVMs on Flink's runtime jars only, the shaded job jar submitted over the REST API with
 * the job's own {@code --key value} arguments (as {@code flink run} does), parallelism 2, against
 * the embedded Kafka broker and a ClickHouse server. Half the events are processed, then one
 * TaskManager process is killed (SIGKILL) while the second half is being processed and a
 * replacement starts: the job must restore its filesystem checkpoint and every valid event must
 * come out exactly once on trade.events (read_committed) and in ClickHouse, every malformed one in
 * dead.letters with its reason.
 *
 * <p>One slot per TaskManager, so at parallelism 2 each runs part of the job and the kill always
 * hits it. The credit-risk job is not chained here: its MiniCluster ITCases cover it, and a second
 * job on the cluster would double this test's time on a 2-core CI machine.
 */
class TradeFlowClusterITCase {
    private static final int VALID = 4_000;
    private static final int MALFORMED = 80;
    private static final OrderFeed FEED = new OrderFeed(VALID, MALFORMED);
    private static final String DB = "cluster_it";
    private static final String GROUP = "cluster-it-trade-flow";

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @TempDir static Path work;

    private static EmbeddedKafkaBroker kafka;
    private static ClickHouseConnection clickhouse;
    private static StandaloneFlinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaBroker.start();
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
        }
        clickhouse = CLICKHOUSE.createSchema(DB);
        cluster =
                StandaloneFlinkCluster.builder(Files.createDirectories(work.resolve("flink")))
                        .taskManagers(2)
                        .slotsPerTaskManager(1)
                        .environment(
                                TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV,
                                ClickHouseServerExtension.DEFAULT_PASSWORD)
                        .start();
    }

    @AfterAll
    static void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void countsStayExactWhenATaskManagerIsKilled() throws Exception {
        publish(0, VALID / 2);

        String jobId =
                cluster.submit(
                        StandaloneFlinkCluster.builtJobJar(),
                        TradeFlowJob.class.getName(),
                        List.of(
                                "--" + TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
                                kafka.bootstrapServers(),
                                "--" + TradeFlowOptions.CLICKHOUSE_URL.key(),
                                clickhouse.url(),
                                "--" + TradeFlowOptions.CLICKHOUSE_USER.key(),
                                clickhouse.user(),
                                "--" + TradeFlowOptions.CLICKHOUSE_DATABASE.key(),
                                DB,
                                "--" + TradeFlowOptions.GROUP_ID.key(),
                                GROUP,
                                "--" + TradeFlowOptions.CHECKPOINT_INTERVAL.key(),
                                "1 s"),
                        2);
        try {
            cluster.awaitAllTasksRunning(jobId, Duration.ofMinutes(2));
            assertThat(cluster.runningSubtasksPerTaskManager(jobId))
                    .as("parallelism 2 spread over both TaskManagers")
                    .hasSize(2);

            // the first half through and committed: a checkpoint completed before the kill
            assertThat(
                            KafkaTopics.readCommitted(
                                    kafka.bootstrapServers(),
                                    Topics.TRADE_EVENTS,
                                    v -> v.size() >= VALID / 2,
                                    Duration.ofMinutes(2),
                                    Duration.ZERO))
                    .hasSizeGreaterThanOrEqualTo(VALID / 2);

            publish(VALID / 2, VALID);
            cluster.killTaskManager(0);
            assertThat(cluster.taskManagerProcesses().get(0).isAlive()).isFalse();
            cluster.startTaskManager();

            TradeFlowOutputs outputs =
                    TradeFlowOutputs.readCommitted(
                            kafka.bootstrapServers(), VALID, MALFORMED, Duration.ofMinutes(3));

            assertThat(cluster.failures(jobId))
                    .as("the kill failed the job, which then restarted")
                    .isPositive();
            JsonNode restored = cluster.checkpointStats(jobId).path("latest").path("restored");
            assertThat(restored.path("external_path").asText())
                    .as("restored from a checkpoint in the filesystem checkpoint dir")
                    .startsWith("file:")
                    .contains(cluster.checkpointDir().toString());

            outputs.assertExactlyOnce(FEED.validIds(), MALFORMED);

            assertThat(awaitClickHouseTradeEvents(VALID, Duration.ofMinutes(1)))
                    .as("ClickHouse trade_events FINAL: every valid event once")
                    .isEqualTo(VALID);
            assertThat(cluster.jobState(jobId)).isEqualTo("RUNNING");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logTails(), e);
        } finally {
            cluster.cancel(jobId);
        }
    }

    private static long awaitClickHouseTradeEvents(long expected, Duration timeout)
            throws Exception {
        ClickHouseQuery query = new ClickHouseQuery(clickhouse);
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows;
        do {
            rows = Long.parseLong(query.select("SELECT count() FROM trade_events FINAL").single());
            if (rows >= expected) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return rows;
    }

    /**
     * Publishes orders {@code from}..{@code to}-1 and, interleaved, their share of the MALFORMED
     * damaged records; returns the valid ids.
     */
    /** Publishes orders {@code [from, to)} of the feed, with their damaged copies. */
    private static void publish(int from, int to) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            FEED.send(producer, from, to, null);
        }
    }
}
