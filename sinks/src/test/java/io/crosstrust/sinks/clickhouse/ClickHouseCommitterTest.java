package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.ServerException;
import io.crosstrust.sinks.clickhouse.ClickHouseSinkWriterTest.ScriptedInserter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClickHouseCommitter} inside Flink's own committer operator (its test harness): batches are
 * inserted only when their checkpoint completes, re-committed whole after a restore, transient
 * failures retried with the sink's backoff through {@code retryLater}, and a permanent failure or
 * exhausted retries fail the job with a message naming the table. A scripted inserter stands in for
 * the server (the real server: ClickHouseSinkITCase).
 */
class ClickHouseCommitterTest {
    // static: the harness may copy the sink, the committer must still reach the test's inserter
    private static ScriptedInserter inserter;
    private static List<Long> sleeps;
    private static int maxRetries;

    private final List<OneInputStreamOperatorTestHarness<?, ?>> harnesses = new ArrayList<>();

    /** The committer half of a ClickHouse sink, with the scripted inserter and recorded sleeps. */
    static final class ScriptedCommitterSink
            implements Sink<String>, SupportsCommitter<ClickHouseBatch> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            throw new UnsupportedOperationException("only the committer is tested here");
        }

        @Override
        public Committer<ClickHouseBatch> createCommitter(CommitterInitContext context) {
            return new ClickHouseCommitter(
                    "db",
                    () -> inserter,
                    new Backoff(maxRetries, Duration.ofMillis(100), Duration.ofMillis(350)),
                    sleeps::add);
        }

        @Override
        public SimpleVersionedSerializer<ClickHouseBatch> getCommittableSerializer() {
            return new ClickHouseBatchSerializer();
        }
    }

    private OneInputStreamOperatorTestHarness<
                    CommittableMessage<ClickHouseBatch>, CommittableMessage<ClickHouseBatch>>
            harness(OperatorSubtaskState restored) throws Exception { // restored: of checkpoint 1
        OneInputStreamOperatorTestHarness<
                        CommittableMessage<ClickHouseBatch>, CommittableMessage<ClickHouseBatch>>
                harness =
                        new OneInputStreamOperatorTestHarness<>(
                                new CommitterOperatorFactory<>(
                                        new ScriptedCommitterSink(), false, true));
        harnesses.add(harness);
        if (restored != null) {
            harness.setRestoredCheckpointId(1);
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private OneInputStreamOperatorTestHarness<
                    CommittableMessage<ClickHouseBatch>, CommittableMessage<ClickHouseBatch>>
            freshHarness(int retries) throws Exception {
        inserter = new ScriptedInserter();
        sleeps = new ArrayList<>();
        maxRetries = retries;
        return harness(null);
    }

    @AfterEach
    void closeHarnesses() throws Exception {
        for (OneInputStreamOperatorTestHarness<?, ?> harness : harnesses) {
            harness.close();
        }
    }

    /** A batch of String rows for table {@code texts}, as the writer seals them. */
    private static ClickHouseBatch batch(String... texts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RowBinaryOutput out = new RowBinaryOutput(bytes);
        for (String text : texts) {
            out.string(text, "text");
        }
        return ClickHouseBatch.seal("texts", List.of("text"), texts.length, bytes.toByteArray());
    }

    /** What the writer operator sends for one checkpoint: the summary, then each batch. */
    private static void send(
            OneInputStreamOperatorTestHarness<CommittableMessage<ClickHouseBatch>, ?> harness,
            long checkpoint,
            ClickHouseBatch... batches)
            throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        new CommittableSummary<ClickHouseBatch>(
                                0, 1, checkpoint, batches.length, 0)));
        for (ClickHouseBatch batch : batches) {
            harness.processElement(
                    new StreamRecord<>(new CommittableWithLineage<>(batch, checkpoint, 0)));
        }
    }

    @Test
    void batchesAreInsertedOnlyWhenTheirCheckpointCompletes() throws Exception {
        var harness = freshHarness(3);
        send(harness, 1, batch("a", "b"), batch("c"));
        harness.snapshot(1, 1);
        send(harness, 2, batch("d"));
        harness.snapshot(2, 2);
        assertThat(inserter.attempts).as("nothing before checkpoint 1 completes").isZero();

        harness.notifyOfCompletedCheckpoint(1);
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(inserter.lastTable).isEqualTo("db.texts");
        assertThat(inserter.lastColumns).containsExactly("text");

        harness.notifyOfCompletedCheckpoint(2);
        assertThat(inserter.inserts).last().isEqualTo(List.of("d"));
        harness.notifyOfCompletedCheckpoint(2); // a repeated notification commits nothing twice
        assertThat(inserter.attempts).isEqualTo(3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRestoreCommitsTheRestoredCheckpointsBatchesAgainWhole() throws Exception {
        var harness = freshHarness(3);
        send(harness, 1, batch("a", "b"));
        OperatorSubtaskState state = harness.snapshot(1, 1);
        harness.notifyOfCompletedCheckpoint(1);
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"));

        // the job fails after checkpoint 1 completed, maybe before or after its commit: the
        // restore commits its batches again, identical rows that the ReplacingMergeTree collapses
        harness(state);
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"), List.of("a", "b"));
    }

    @Test
    void transientFailuresAreRetriedWithTheSinksBackoffThenCommitted() throws Exception {
        var harness = freshHarness(5);
        inserter.failures.add(new IOException("connection reset"));
        inserter.failures.add(new ServerException(252, "Too many parts", 500, "q1"));
        send(harness, 1, batch("a"));
        harness.snapshot(1, 1);
        harness.notifyOfCompletedCheckpoint(1);
        assertThat(inserter.attempts).isEqualTo(3);
        assertThat(sleeps).containsExactly(100L, 200L);
        assertThat(inserter.inserts).containsExactly(List.of("a"));
    }

    @Test
    void exhaustedRetriesFailTheJobNamingTheTable() throws Exception {
        var harness = freshHarness(2);
        for (int i = 0; i < 10; i++) {
            inserter.failures.add(new IOException("down " + i));
        }
        send(harness, 1, batch("a"));
        harness.snapshot(1, 1);
        assertThatThrownBy(() -> harness.notifyOfCompletedCheckpoint(1))
                .hasStackTraceContaining("commit of 1 rows into db.texts (batch ")
                .hasStackTraceContaining("failed after 3 attempts")
                .hasStackTraceContaining("down 2");
        assertThat(inserter.attempts).isEqualTo(3);
        assertThat(sleeps).containsExactly(100L, 200L);
        assertThat(inserter.inserts).isEmpty();
    }

    @Test
    void aPermanentFailureFailsTheJobAtOnce() throws Exception {
        var harness = freshHarness(5);
        inserter.failures.add(new ServerException(60, "Table db.texts doesn't exist", 404, "q"));
        send(harness, 1, batch("a"), batch("b"));
        harness.snapshot(1, 1);
        assertThatThrownBy(() -> harness.notifyOfCompletedCheckpoint(1))
                .hasStackTraceContaining("into db.texts")
                .hasStackTraceContaining("with a permanent error")
                .hasStackTraceContaining("doesn't exist");
        assertThat(inserter.attempts).as("no retry, and the next batch is not tried").isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }
}
