package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Flink Sink V2 that writes records into one ClickHouse table, encoded by a {@link
 * ClickHouseRowEncoder} and inserted as RowBinary through client-v2. Build it with {@link
 * #builder()} or the presets {@link #tradeEvents}, {@link #entityActivity}, {@link #deadLetters}.
 *
 * <p><b>Delivery guarantee {@link DeliveryGuarantee#EXACTLY_ONCE} (the default): ClickHouse holds
 * the rows of committed checkpoints and nothing else, each once for readers that deduplicate.</b>
 * The writer encodes rows into batches of up to {@code batchSize} rows / {@code maxBatchBytes}
 * bytes; before each checkpoint barrier it hands the checkpoint's batches ({@link ClickHouseBatch})
 * to Flink, which stores them in the checkpoint, and {@link ClickHouseCommitter} inserts them only
 * after the checkpoint completed. Rows of an attempt that failed before its checkpoint completed
 * never reach ClickHouse, even when the replay computes different records. A commit that is retried
 * (after an unacknowledged insert, or on restore) inserts the same rows again: the target tables
 * are ReplacingMergeTrees keyed on the record's idempotency key (event_id, entity_id + version), so
 * the copies collapse on merge and are invisible to queries that read with {@code FINAL} (or {@code
 * argMax} / {@code LIMIT 1 BY} on the key).
 *
 * <p><b>{@link DeliveryGuarantee#AT_LEAST_ONCE}: rows one checkpoint sooner, but a failed attempt
 * may leave rows behind.</b> The writer inserts when a batch fills and on every {@code flush}
 * (before each checkpoint barrier, at end of input), so a checkpoint completes only after every row
 * before it is acknowledged. After a failure Flink replays from the last checkpoint: identical
 * replays collapse as above, but rows the failed attempt inserted after that checkpoint stay even
 * when the replay computes something else.
 *
 * <p>Operational caveats:
 *
 * <ul>
 *   <li>Exactly-once: rows appear in ClickHouse when their checkpoint completes, one checkpoint
 *       interval (plus the commit) after the records reached the sink; with checkpointing disabled
 *       they are inserted only at the end of a bounded input. Each writer holds the rows of one
 *       checkpoint interval in memory, and the committer holds them again in its state until they
 *       are inserted: size checkpoint intervals and checkpoint storage for that (the default
 *       JobManager storage refuses operator state over 5 MB; use a file system one).
 *   <li>Until a background merge runs, duplicates of retried inserts are physically present:
 *       queries without FINAL may count them. ClickHouse merges only within a partition, so the
 *       dedup key must determine the partition (true for every table in {@link ClickHouseSchema}).
 *   <li>Transient failures (connection refused or reset, timeouts, server overload, too many parts)
 *       are retried with exponential backoff up to {@code maxRetries}; the task thread blocks
 *       meanwhile. A failed insert may still have been applied, and its retry then writes
 *       duplicates, which dedup as above. Permanent errors (unknown table or column, bad
 *       credentials, rows the server cannot parse) fail the job at once.
 *   <li>A record the encoder cannot represent exactly (e.g. an instant before 1970) fails the job:
 *       validate upstream and route such records to dead letters.
 *   <li>Each parallel writer (at-least-once) or committer (exactly-once) opens its own HTTP
 *       connection pool; every batch is one INSERT statement, so keep batches large (thousands of
 *       rows) to avoid "too many parts".
 * </ul>
 */
public final class ClickHouseSink<T> implements Sink<T>, SupportsCommitter<ClickHouseBatch> {
    private static final long serialVersionUID = 1L;

    private final ClickHouseConnection connection;
    private final ClickHouseRowEncoder<T> encoder;
    private final DeliveryGuarantee deliveryGuarantee;
    private final int batchSize;
    private final int maxBatchBytes;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    ClickHouseSink(
            ClickHouseConnection connection,
            ClickHouseRowEncoder<T> encoder,
            DeliveryGuarantee deliveryGuarantee,
            int batchSize,
            int maxBatchBytes,
            int maxRetries,
            Duration initialBackoff,
            Duration maxBackoff) {
        this.connection = connection;
        this.encoder = encoder;
        this.deliveryGuarantee = deliveryGuarantee;
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
    public CommittingSinkWriter<T, ClickHouseBatch> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter<>(
                encoder,
                deliveryGuarantee,
                connection.database(),
                deliveryGuarantee == DeliveryGuarantee.AT_LEAST_ONCE
                        ? new ClientRowBinaryInserter(connection.openClient())
                        : null, // exactly-once: only the committer inserts
                batchSize,
                maxBatchBytes,
                backoff(),
                context.metricGroup());
    }

    /** Inserts the batches of completed checkpoints (exactly-once; idle in at-least-once). */
    @Override
    public Committer<ClickHouseBatch> createCommitter(CommitterInitContext context) {
        return new ClickHouseCommitter(
                connection.database(),
                () -> new ClientRowBinaryInserter(connection.openClient()),
                backoff(),
                Thread::sleep);
    }

    @Override
    public SimpleVersionedSerializer<ClickHouseBatch> getCommittableSerializer() {
        return new ClickHouseBatchSerializer();
    }

    private Backoff backoff() {
        return new Backoff(maxRetries, initialBackoff, maxBackoff);
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
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
                + ", deliveryGuarantee="
                + deliveryGuarantee
                + ", batchSize="
                + batchSize
                + "}";
    }
}
