package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink Sink V2 that writes records into one ClickHouse table, encoded by a {@link
 * ClickHouseRowEncoder} and inserted as RowBinary through client-v2. Build it with {@link
 * #builder()} or the presets {@link #tradeEvents}, {@link #entityActivity}, {@link #deadLetters}.
 *
 * <p><b>Delivery guarantee: at-least-once into ClickHouse; effectively-once for readers that
 * deduplicate.</b> Each writer buffers encoded rows and inserts them when the buffer reaches the
 * batch size (or byte limit) and on every {@code flush}, which Flink calls before each checkpoint
 * barrier and at end of input. A checkpoint therefore completes only after every row before it is
 * acknowledged by ClickHouse, and the writer keeps no state. After a failure Flink replays from the
 * last checkpoint and rows inserted since then are inserted again: the target tables are
 * ReplacingMergeTrees keyed on the record's idempotency key (event_id, entity_id + version), so the
 * copies collapse on merge and are invisible to queries that read with {@code FINAL} (or {@code
 * argMax} / {@code LIMIT 1 BY} on the key).
 *
 * <p>Operational caveats:
 *
 * <ul>
 *   <li>Until a background merge runs, duplicates are physically present: queries without FINAL may
 *       count them. ClickHouse merges only within a partition, so the dedup key must determine the
 *       partition (true for every table in {@link ClickHouseSchema}).
 *   <li>Rows become visible at batch boundaries and checkpoints, not per record: with checkpointing
 *       disabled they are only inserted when a batch fills or the input ends.
 *   <li>Transient failures (connection refused or reset, timeouts, server overload, too many parts)
 *       are retried with exponential backoff up to {@code maxRetries}; the task thread blocks
 *       meanwhile, so checkpoints wait too. A failed insert may still have been applied, and its
 *       retry then writes duplicates, which dedup as above. Permanent errors (unknown table or
 *       column, bad credentials, rows the server cannot parse) fail the job at once.
 *   <li>A record the encoder cannot represent exactly (e.g. an instant before 1970) fails the job:
 *       validate upstream and route such records to dead letters.
 *   <li>Each parallel writer opens its own HTTP connection pool; every insert is one INSERT
 *       statement, so keep batches large (thousands of rows) to avoid "too many parts".
 * </ul>
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseConnection connection;
    private final ClickHouseRowEncoder<T> encoder;
    private final int batchSize;
    private final int maxBatchBytes;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    ClickHouseSink(
            ClickHouseConnection connection,
            ClickHouseRowEncoder<T> encoder,
            int batchSize,
            int maxBatchBytes,
            int maxRetries,
            Duration initialBackoff,
            Duration maxBackoff) {
        this.connection = connection;
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public static <T> ClickHouseSinkBuilder<T> builder() {
        return new ClickHouseSinkBuilder<>();
    }

    /** A builder preset for {@code trade_events}; set more options or call build(). */
    public static ClickHouseSinkBuilder<TradeEvent> tradeEvents(ClickHouseConnection connection) {
        return ClickHouseSink.<TradeEvent>builder()
                .setConnection(connection)
                .setEncoder(new TradeEventRowEncoder());
    }

    /** A builder preset for {@code entity_activity}. */
    public static ClickHouseSinkBuilder<EntityActivity> entityActivity(
            ClickHouseConnection connection) {
        return ClickHouseSink.<EntityActivity>builder()
                .setConnection(connection)
                .setEncoder(new EntityActivityRowEncoder());
    }

    /** A builder preset for {@code dead_letters}. */
    public static ClickHouseSinkBuilder<DeadLetter> deadLetters(ClickHouseConnection connection) {
        return ClickHouseSink.<DeadLetter>builder()
                .setConnection(connection)
                .setEncoder(new DeadLetterRowEncoder());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter<>(
                encoder,
                connection.database(),
                new ClientRowBinaryInserter(connection.openClient()),
                batchSize,
                maxBatchBytes,
                new Backoff(maxRetries, initialBackoff, maxBackoff),
                context.metricGroup());
    }

    public ClickHouseConnection connection() {
        return connection;
    }

    public String table() {
        return encoder.table();
    }

    public int batchSize() {
        return batchSize;
    }

    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    public int maxRetries() {
        return maxRetries;
    }

    @Override
    public String toString() {
        return "ClickHouseSink{table="
                + connection.database()
                + "."
                + encoder.table()
                + ", connection="
                + connection
                + ", batchSize="
                + batchSize
                + "}";
    }
}
