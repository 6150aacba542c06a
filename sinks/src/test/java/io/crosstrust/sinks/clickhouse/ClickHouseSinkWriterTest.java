package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * Buffering, batching and retries of the at-least-once writer, and the batches the exactly-once
 * writer hands over at prepareCommit, with a scripted inserter and no server.
 */
class ClickHouseSinkWriterTest {
    /** Records each insert's rows (as strings) and fails as scripted. */
    static final class ScriptedInserter implements RowBinaryInserter {
        final List<List<String>> inserts = new ArrayList<>();
        final Deque<Exception> failures = new ArrayDeque<>();
        int attempts;
        boolean closed;
        String lastTable;
        List<String> lastColumns;

        @Override
        public void insert(String qualifiedTable, List<String> columns, InputStream rows)
                throws Exception {
            attempts++;
            lastTable = qualifiedTable;
            lastColumns = columns;
            byte[] bytes = rows.readAllBytes(); // read fully, as the HTTP client would
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            RowBinaryDecoder decoder = new RowBinaryDecoder(bytes);
            List<String> values = new ArrayList<>();
            while (decoder.hasRemaining()) {
                values.add(RowBinaryDecoder.utf8(decoder.value("String")));
            }
            inserts.add(values);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** One String column; "bad" cannot be encoded and fails half-way through its row. */
    static final class TextEncoder implements ClickHouseRowEncoder<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table() {
            return "texts";
        }

        @Override
        public List<String> columns() {
            return List.of("text");
        }

        @Override
        public void write(String text, OutputStream out) throws IOException {
            if (text.equals("bad")) {
                out.write(new byte[] {9, 9, 9}); // a partial row...
                throw new IllegalArgumentException("text: bad cannot be encoded");
            }
            new RowBinaryOutput(out).string(text, "text");
        }
    }

    private final ScriptedInserter inserter = new ScriptedInserter();
    private final List<Long> sleeps = new ArrayList<>();

    private ClickHouseSinkWriter<String> writer(int batchSize, int maxRetries) {
        return new ClickHouseSinkWriter<>(
                new TextEncoder(),
                DeliveryGuarantee.AT_LEAST_ONCE,
                "db",
                inserter,
                batchSize,
                1 << 20,
                new Backoff(maxRetries, Duration.ofMillis(100), Duration.ofMillis(350)),
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                sleeps::add);
    }

    @Test
    void nothingIsSentBeforeAFlushAndEverythingAtIt() throws Exception {
        ClickHouseSinkWriter<String> writer = writer(100, 3);
        writer.write("a", null);
        writer.write("b", null);
        assertThat(inserter.attempts).isZero();
        assertThat(writer.bufferedRows()).isEqualTo(2);
        writer.flush(false);
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"));
        assertThat(inserter.lastTable).isEqualTo("db.texts");
        assertThat(inserter.lastColumns).containsExactly("text");
        assertThat(writer.bufferedRows()).isZero();
        writer.flush(true); // empty buffer: no empty insert
        assertThat(inserter.attempts).isEqualTo(1);
    }

    @Test
    void aFullBatchIsSentAtOnce() throws Exception {
        ClickHouseSinkWriter<String> writer = writer(2, 3);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            writer.write(s, null);
        }
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"), List.of("c", "d"));
        writer.flush(true);
        assertThat(inserter.inserts).last().isEqualTo(List.of("e"));
    }

    @Test
    void transientFailuresAreRetriedWithGrowingBackoffThenSucceed() throws Exception {
        inserter.failures.add(new ConnectionInitiationException("refused", new ConnectException()));
        inserter.failures.add(new ServerException(252, "Too many parts", 500, "q1"));
        inserter.failures.add(new IOException("connection reset"));
        ClickHouseSinkWriter<String> writer = writer(100, 5);
        writer.write("a", null);
        writer.flush(false);
        assertThat(inserter.attempts).isEqualTo(4);
        assertThat(sleeps).containsExactly(100L, 200L, 350L);
        assertThat(inserter.inserts).containsExactly(List.of("a")); // the same rows each time
    }

    @Test
    void retriesStopAtTheLimitWithTheLastError() throws Exception {
        for (int i = 0; i < 5; i++) {
            inserter.failures.add(new IOException("down " + i));
        }
        ClickHouseSinkWriter<String> writer = writer(100, 2);
        writer.write("a", null);
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("insert of 1 rows into db.texts failed after 3 attempts")
                .hasMessageContaining("down 2");
        assertThat(inserter.attempts).isEqualTo(3);
    }

    @Test
    void aPermanentServerErrorIsNotRetried() throws Exception {
        inserter.failures.add(new ServerException(60, "Table db.texts doesn't exist", 404, "q"));
        ClickHouseSinkWriter<String> writer = writer(100, 5);
        writer.write("a", null);
        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("permanent error")
                .hasMessageContaining("doesn't exist");
        assertThat(inserter.attempts).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRecordThatCannotBeEncodedLeavesTheBufferAtARowBoundary() throws Exception {
        ClickHouseSinkWriter<String> writer = writer(100, 0);
        writer.write("a", null);
        assertThatThrownBy(() -> writer.write("bad", null))
                .isInstanceOf(IllegalArgumentException.class);
        writer.write("b", null);
        writer.flush(false);
        assertThat(inserter.inserts).containsExactly(List.of("a", "b"));
    }

    @Test
    void closeReleasesTheClientWithoutInserting() throws Exception {
        ClickHouseSinkWriter<String> writer = writer(100, 0);
        writer.write("a", null);
        writer.close();
        assertThat(inserter.closed).isTrue();
        assertThat(inserter.attempts).isZero();
    }

    private ClickHouseSinkWriter<String> exactlyOnceWriter(int batchSize, int maxBatchBytes) {
        return new ClickHouseSinkWriter<>(
                new TextEncoder(),
                DeliveryGuarantee.EXACTLY_ONCE,
                "db",
                null, // exactly-once: the committer inserts, the writer never does
                batchSize,
                maxBatchBytes,
                new Backoff(3, Duration.ofMillis(100), Duration.ofMillis(350)),
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                sleeps::add);
    }

    private static List<String> decode(ClickHouseBatch batch) throws IOException {
        RowBinaryDecoder decoder = new RowBinaryDecoder(batch.contents().readAllBytes());
        List<String> values = new ArrayList<>();
        while (decoder.hasRemaining()) {
            values.add(RowBinaryDecoder.utf8(decoder.value("String")));
        }
        return values;
    }

    @Test
    void exactlyOnceHandsTheCheckpointsRowsOverInBatchesAndNeverInserts() throws Exception {
        ClickHouseSinkWriter<String> writer = exactlyOnceWriter(2, 1 << 20);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            writer.write(s, null);
        }
        writer.flush(false); // the barrier's flush inserts nothing in this mode
        assertThat(writer.sealedRows()).isEqualTo(4);
        assertThat(writer.bufferedRows()).isEqualTo(1);
        List<ClickHouseBatch> batches = List.copyOf(writer.prepareCommit());
        assertThat(batches).hasSize(3);
        assertThat(batches).extracting(ClickHouseBatch::rows).containsExactly(2, 2, 1);
        assertThat(batches).extracting(ClickHouseBatch::table).containsOnly("texts");
        assertThat(batches.get(0).columns()).containsExactly("text");
        assertThat(batches).extracting(ClickHouseBatch::id).doesNotHaveDuplicates();
        List<List<String>> rows = new ArrayList<>();
        for (ClickHouseBatch batch : batches) {
            rows.add(decode(batch));
        }
        assertThat(rows).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        // the next checkpoint starts empty: nothing is handed over twice
        assertThat(writer.prepareCommit()).isEmpty();
        writer.write("f", null);
        assertThat(writer.prepareCommit())
                .singleElement()
                .extracting(ClickHouseBatch::rows)
                .isEqualTo(1);
        assertThat(writer.bufferedRows()).isZero();
        assertThat(writer.sealedRows()).isZero();
        assertThat(inserter.attempts).isZero();
    }

    @Test
    void exactlyOnceCutsBatchesAtTheByteLimitToo() throws Exception {
        ClickHouseSinkWriter<String> writer = exactlyOnceWriter(1_000, 1024);
        String big = "x".repeat(600); // two rows pass 1 KiB
        for (int i = 0; i < 5; i++) {
            writer.write(big, null);
        }
        List<ClickHouseBatch> batches = List.copyOf(writer.prepareCommit());
        assertThat(batches).extracting(ClickHouseBatch::rows).containsExactly(2, 2, 1);
        assertThat(batches).allSatisfy(b -> assertThat(b.sizeInBytes()).isLessThan(2 * 1024));
    }

    @Test
    void exactlyOnceKeepsTheBufferAtARowBoundaryWhenARecordCannotBeEncoded() throws Exception {
        ClickHouseSinkWriter<String> writer = exactlyOnceWriter(100, 1 << 20);
        writer.write("a", null);
        assertThatThrownBy(() -> writer.write("bad", null))
                .isInstanceOf(IllegalArgumentException.class);
        writer.write("b", null);
        assertThat(decode(writer.prepareCommit().iterator().next())).containsExactly("a", "b");
    }

    @Test
    void atLeastOnceHandsNothingOverAtPrepareCommit() throws Exception {
        ClickHouseSinkWriter<String> writer = writer(100, 0);
        writer.write("a", null);
        writer.flush(false);
        assertThat(writer.prepareCommit()).isEmpty();
        assertThat(inserter.inserts).containsExactly(List.of("a"));
    }

    @Test
    void transientAndPermanentFailuresAreToldApart() {
        assertThat(ClickHouseSinkWriter.isTransient(new IOException("reset"))).isTrue();
        assertThat(ClickHouseSinkWriter.isTransient(new ServerException(241, "memory", 500, "q")))
                .isTrue();
        assertThat(
                        ClickHouseSinkWriter.isTransient(
                                new ServerException(0, "bad gateway", 503, "q")))
                .isTrue();
        assertThat(ClickHouseSinkWriter.isTransient(new ServerException(62, "syntax", 400, "q")))
                .isFalse();
        assertThat(ClickHouseSinkWriter.isTransient(new ServerException(516, "auth", 403, "q")))
                .isFalse();
        assertThat(ClickHouseSinkWriter.isTransient(new IllegalArgumentException("bad"))).isFalse();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(List.of(1, 2, 3, 4, 5, 9))
                .map(backoff::delayMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }
}
