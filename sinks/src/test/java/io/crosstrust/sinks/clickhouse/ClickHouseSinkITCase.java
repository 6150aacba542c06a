package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.trade.TradeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sink V2 writer against a real ClickHouse 18.16 server: rows appear at flush and not before,
 * replays collapse under FINAL, a server restart is ridden out by retries, a permanent error fails
 * at once, and a Flink job with checkpoints and an injected task failure ends with every record
 * exactly once under FINAL.
 */
class ClickHouseSinkITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final String DB = "sink_it";
    private static ClickHouseConnection connection;
    private static ClickHouseQuery query;

    @BeforeAll
    static void createSchema() throws IOException {
        connection = CLICKHOUSE.createSchema(DB);
        query = new ClickHouseQuery(connection);
        query.execute(
                "CREATE TABLE IF NOT EXISTS numbers (n Int64, subtask UInt8)"
                        + " ENGINE = ReplacingMergeTree() ORDER BY n");
    }

    @Test
    void rowsBecomeVisibleAtFlushAndNotBefore() throws Exception {
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(connection).setBatchSize(1_000).build();
        try (SinkWriter<TradeEvent> writer = sink.createWriter(new TestWriterInitContext())) {
            for (int i = 0; i < 3; i++) {
                writer.write(SinkTestRecords.payment("flush-" + i, "flush-subject"), null);
            }
            assertThat(countFinal("trade_events", "flush-subject")).isZero();
            writer.flush(false);
            assertThat(countFinal("trade_events", "flush-subject")).isEqualTo(3);
        }
    }

    @Test
    void aFullBatchIsInsertedWithoutWaitingForAFlush() throws Exception {
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(connection).setBatchSize(2).build();
        try (SinkWriter<TradeEvent> writer = sink.createWriter(new TestWriterInitContext())) {
            for (int i = 0; i < 3; i++) {
                writer.write(SinkTestRecords.bare("batch-" + i, "batch-subject"), null);
            }
            assertThat(countFinal("trade_events", "batch-subject")).isEqualTo(2);
            writer.flush(true);
            assertThat(countFinal("trade_events", "batch-subject")).isEqualTo(3);
        }
    }

    @Test
    void aReplayOfTheSameRecordsCollapsesUnderFinal() throws Exception {
        ClickHouseSink<TradeEvent> sink = ClickHouseSink.tradeEvents(connection).build();
        for (int attempt = 0; attempt < 2; attempt++) { // the second run is Flink's replay
            try (SinkWriter<TradeEvent> writer = sink.createWriter(new TestWriterInitContext())) {
                for (int i = 0; i < 5; i++) {
                    writer.write(SinkTestRecords.payment("replay-" + i, "replay-subject"), null);
                }
                writer.flush(false);
            }
        }
        String raw = "SELECT count() FROM trade_events WHERE subject_id = {s:String}";
        assertThat(query.select(raw, Map.of("s", "replay-subject")).single()).isEqualTo("10");
        assertThat(countFinal("trade_events", "replay-subject")).isEqualTo(5);

        query.execute("OPTIMIZE TABLE trade_events FINAL");
        assertThat(query.select(raw, Map.of("s", "replay-subject")).single()).isEqualTo("5");
    }

    @Test
    void theWriterRidesOutAServerRestart(@TempDir Path dir) throws Exception {
        LocalClickHouseServer first = LocalClickHouseServer.start(dir, "restart-pw");
        int http = first.httpPort();
        int tcp = first.tcpPort();
        ClickHouseConnection restartConnection = first.connection("restart_it");
        ClickHouseSchema.apply(restartConnection);
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(restartConnection)
                        .setMaxRetries(30)
                        .setRetryBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                        .build();
        LocalClickHouseServer[] second = new LocalClickHouseServer[1];
        try (SinkWriter<TradeEvent> writer = sink.createWriter(new TestWriterInitContext())) {
            for (int i = 0; i < 4; i++) {
                writer.write(SinkTestRecords.chainEvent("restart-" + i, "restart-s", false), null);
            }
            first.close();
            CompletableFuture<Void> restart =
                    CompletableFuture.runAsync(
                            () -> {
                                sleep(1_500);
                                second[0] =
                                        LocalClickHouseServer.builder(dir)
                                                .password("restart-pw")
                                                .httpPort(http)
                                                .tcpPort(tcp)
                                                .start();
                            });
            long start = System.nanoTime();
            writer.flush(false); // fails against the stopped server, retries until it is back
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            restart.get(60, TimeUnit.SECONDS);
            assertThat(tookMillis).isGreaterThanOrEqualTo(1_000);
            ClickHouseQuery afterRestart = new ClickHouseQuery(restartConnection);
            assertThat(afterRestart.select("SELECT count() FROM trade_events FINAL").single())
                    .isEqualTo("4");
        } finally {
            first.close();
            if (second[0] != null) {
                second[0].close();
            }
        }
    }

    @Test
    void aPermanentErrorFailsAtOnceWithoutRetries() throws Exception {
        ClickHouseConnection noTables = CLICKHOUSE.connection("no_such_database");
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(noTables)
                        .setMaxRetries(10)
                        .setRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
                        .build();
        try (SinkWriter<TradeEvent> writer = sink.createWriter(new TestWriterInitContext())) {
            writer.write(SinkTestRecords.bare("never", "never"), null);
            long start = System.nanoTime();
            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no_such_database.trade_events")
                    .hasMessageContaining("permanent");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        }
    }

    @Test
    void aFlinkJobWithATaskFailureEndsWithEveryRecordOnceUnderFinal() throws Exception {
        long records = 3_000;
        FailOnceAfterCheckpoint.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        env.fromSequence(1, records)
                .map(new FailOnceAfterCheckpoint(records / 2))
                .name("slow, fails once")
                .uid("fail-once")
                .sinkTo(
                        ClickHouseSink.<Long>builder()
                                .setConnection(connection)
                                .setEncoder(new NumberEncoder())
                                .setBatchSize(100_000) // only checkpoints and end of input insert
                                .build())
                .name("clickhouse numbers")
                .uid("clickhouse-numbers");
        env.execute("clickhouse-sink-it");

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        Map<String, String> counts =
                query.select(
                                "SELECT count() AS rows, uniqExact(n) AS distinct_n,"
                                        + " min(n) AS lo, max(n) AS hi FROM numbers FINAL")
                        .asMaps()
                        .get(0);
        assertThat(counts)
                .containsEntry("rows", Long.toString(records))
                .containsEntry("distinct_n", Long.toString(records))
                .containsEntry("lo", "1")
                .containsEntry("hi", Long.toString(records));
        long raw = Long.parseLong(query.select("SELECT count() FROM numbers").single());
        assertThat(raw).isGreaterThanOrEqualTo(records); // replayed rows may sit unmerged
    }

    private static long countFinal(String table, String subject) throws IOException {
        return Long.parseLong(
                query.select(
                                "SELECT count() FROM {t:Identifier} FINAL WHERE subject_id = {s:String}",
                                Map.of("t", table, "s", subject))
                        .single());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rows of the test table {@code numbers}: n Int64 (subtask left to its default). */
    static final class NumberEncoder implements ClickHouseRowEncoder<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table() {
            return "numbers";
        }

        @Override
        public List<String> columns() {
            return List.of("n");
        }

        @Override
        public void write(Long n, OutputStream out) throws IOException {
            new RowBinaryOutput(out).int64(n);
        }
    }

    /**
     * Passes numbers through, about 1 ms each so checkpoints happen meanwhile, and throws once
     * after {@code afterRecords} records and a completed checkpoint: the job restarts from it and
     * replays. The trigger is static because the MiniCluster runs in this JVM.
     */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<Long, Long>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private static final AtomicLong SEEN = new AtomicLong();
        private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

        private final long afterRecords;

        FailOnceAfterCheckpoint(long afterRecords) {
            this.afterRecords = afterRecords;
        }

        static void reset() {
            FAILED.set(false);
            SEEN.set(0);
            CHECKPOINTED.set(false);
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(1);
            if (SEEN.incrementAndGet() >= afterRecords
                    && CHECKPOINTED.get()
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected task failure (test)");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
