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
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sink V2 sink against a real ClickHouse 18.16 server. At-least-once writer: rows appear at
 * flush and not before, replays collapse under FINAL, a server restart is ridden out by retries, a
 * permanent error fails at once. A Flink job whose records differ between attempts (tagged with the
 * attempt number) and a task failure injected after a checkpoint: exactly-once leaves only the rows
 * of committed attempts, at-least-once leaves the failed attempt's rows too.
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
    }

    @Test
    void rowsBecomeVisibleAtFlushAndNotBefore() throws Exception {
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(connection)
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setBatchSize(1_000)
                        .build();
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
                ClickHouseSink.tradeEvents(connection)
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setBatchSize(2)
                        .build();
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
        ClickHouseSink<TradeEvent> sink =
                ClickHouseSink.tradeEvents(connection)
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();
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
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
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
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
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
    void exactlyOnceKeepsOnlyTheRowsOfCommittedAttempts() throws Exception {
        long records = 3_000;
        runWithAFailureAfterACheckpoint("attempts_eo", DeliveryGuarantee.EXACTLY_ONCE, records);

        // without FINAL: each n carries exactly one attempt tag, so no row of the failed attempt
        // is left (a batch re-committed on restore is an identical copy: same n, same tag)
        Map<String, String> raw = attemptCounts("attempts_eo", "");
        assertThat(raw)
                .containsEntry("distinct_n", Long.toString(records))
                .containsEntry("distinct_n_attempt", Long.toString(records))
                .containsEntry("lo", "1")
                .containsEntry("hi", Long.toString(records));
        assertThat(Long.parseLong(raw.get("first_attempt")))
                .as("rows of checkpoints the first attempt completed")
                .isPositive();
        assertThat(Long.parseLong(raw.get("later_attempts")))
                .as("rows the restarted attempt computed anew")
                .isPositive();
        assertThat(attemptCounts("attempts_eo", "FINAL"))
                .containsEntry("rows", Long.toString(records));
    }

    /**
     * The same job and check against the old mode: the failed attempt inserted rows after its last
     * completed checkpoint, and they stay beside the replay's differently tagged rows. This is why
     * exactly-once is the default, and proof that the check above can fail.
     */
    @Test
    void atLeastOnceLeavesRowsOfTheFailedAttempt() throws Exception {
        long records = 3_000;
        runWithAFailureAfterACheckpoint("attempts_alo", DeliveryGuarantee.AT_LEAST_ONCE, records);

        Map<String, String> raw = attemptCounts("attempts_alo", "");
        assertThat(raw).containsEntry("distinct_n", Long.toString(records)); // nothing missing
        assertThat(Long.parseLong(raw.get("distinct_n_attempt")))
                .as(
                        "(n, attempt) pairs: the failed attempt's rows after its last checkpoint remain")
                .isGreaterThanOrEqualTo(records + TagAttemptAndFailOnce.ROWS_AFTER_CHECKPOINT);
        assertThat(Long.parseLong(attemptCounts("attempts_alo", "FINAL").get("rows")))
                .isGreaterThan(records);
    }

    /**
     * fromSequence(1, records) -> tag each number with the task's attempt number -> ClickHouse
     * {@code table} (key (n, attempt)), parallelism 2, checkpoints every 200 ms with 300 ms between
     * them, batches of 20 rows. One subtask fails once, right after it passed {@link
     * TagAttemptAndFailOnce#ROWS_AFTER_CHECKPOINT} records since a checkpoint that has completed
     * and before the next: the at-least-once writer has inserted them by then, the exactly-once
     * writer has staged them. The restarted attempt tags its replay differently.
     */
    private void runWithAFailureAfterACheckpoint(
            String table, DeliveryGuarantee guarantee, long records) throws Exception {
        query.execute(
                "CREATE TABLE IF NOT EXISTS {t:Identifier} (n Int64, attempt UInt8)"
                        + " ENGINE = ReplacingMergeTree() ORDER BY (n, attempt)",
                Map.of("t", table));
        TagAttemptAndFailOnce.reset();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(300);
        env.fromSequence(1, records)
                .map(new TagAttemptAndFailOnce(records / 4))
                .returns(Types.TUPLE(Types.LONG, Types.INT))
                .name("tag attempt, fail once")
                .uid("tag-attempt")
                .sinkTo(
                        ClickHouseSink.<Tuple2<Long, Integer>>builder()
                                .setConnection(connection)
                                .setEncoder(new TaggedNumberEncoder(table))
                                .setDeliveryGuarantee(guarantee)
                                .setBatchSize(20)
                                .build())
                .name("clickhouse " + table)
                .uid("clickhouse-" + table);
        env.execute("clickhouse-sink-it-" + table);
        assertThat(TagAttemptAndFailOnce.FAILED).as("the failure was injected").isTrue();
    }

    private static Map<String, String> attemptCounts(String table, String finalOrNot)
            throws IOException {
        String sql =
                "SELECT count() AS rows, uniqExact(n) AS distinct_n,"
                        + " uniqExact(n, attempt) AS distinct_n_attempt,"
                        + " countIf(attempt = 0) AS first_attempt,"
                        + " countIf(attempt > 0) AS later_attempts,"
                        + " min(n) AS lo, max(n) AS hi FROM {t:Identifier} "
                        + ("FINAL".equals(finalOrNot) ? "FINAL" : "");
        return query.select(sql, Map.of("t", table)).asMaps().get(0);
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

    /** Rows of a test table {@code (n Int64, attempt UInt8)}. */
    static final class TaggedNumberEncoder implements ClickHouseRowEncoder<Tuple2<Long, Integer>> {
        private static final long serialVersionUID = 1L;
        private final String table;

        TaggedNumberEncoder(String table) {
            this.table = table;
        }

        @Override
        public String table() {
            return table;
        }

        @Override
        public List<String> columns() {
            return List.of("n", "attempt");
        }

        @Override
        public void write(Tuple2<Long, Integer> row, OutputStream out) throws IOException {
            new RowBinaryOutput(out).int64(row.f0).uint8(row.f1, "attempt");
        }
    }

    /**
     * Tags each number with the task's attempt number (0, then 1 after the restart), about 1 ms per
     * record so checkpoints happen meanwhile. Throws once, in whichever subtask first gets there:
     * after {@code afterRecords} records in all, and after {@link #ROWS_AFTER_CHECKPOINT} records
     * since this subtask's last checkpoint snapshot, provided that checkpoint has completed and no
     * later one has begun. The map runs chained with the sink writer, in the same thread, and a
     * snapshot is taken only after the writer's pre-barrier flush: so the records counted here are
     * exactly the rows no completed checkpoint covers. The trigger is static because the
     * MiniCluster runs in this JVM and the restarted task must not fail again.
     */
    static final class TagAttemptAndFailOnce extends RichMapFunction<Long, Tuple2<Long, Integer>>
            implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final int ROWS_AFTER_CHECKPOINT = 60;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private static final AtomicLong SEEN = new AtomicLong();

        private final long afterRecords;
        private transient long lastSnapshot;
        private transient long lastCompleted;
        private transient long sinceSnapshot;

        TagAttemptAndFailOnce(long afterRecords) {
            this.afterRecords = afterRecords;
        }

        static void reset() {
            FAILED.set(false);
            SEEN.set(0);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            lastSnapshot = -1;
            lastCompleted = -2;
            sinceSnapshot = 0;
        }

        @Override
        public Tuple2<Long, Integer> map(Long n) throws Exception {
            Thread.sleep(1);
            sinceSnapshot++;
            if (SEEN.incrementAndGet() >= afterRecords
                    && lastSnapshot == lastCompleted
                    && sinceSnapshot > ROWS_AFTER_CHECKPOINT
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected task failure (test)");
            }
            return Tuple2.of(n, getRuntimeContext().getTaskInfo().getAttemptNumber());
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            lastSnapshot = context.getCheckpointId();
            sinceSnapshot = 0;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            lastCompleted = Math.max(lastCompleted, checkpointId);
        }
    }
}
