package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel instance of {@link ClickHouseSink}: encodes each record into a row buffer, and when
 * the buffer holds {@code batchSize} rows or {@code maxBatchBytes} bytes:
 *
 * <ul>
 *   <li>{@link DeliveryGuarantee#EXACTLY_ONCE}: seals it as a {@link ClickHouseBatch} and keeps it;
 *       {@link #prepareCommit} (before each checkpoint barrier, and at end of input) seals the rest
 *       and hands the checkpoint's batches to Flink, which checkpoints them and passes them to
 *       {@link ClickHouseCommitter} once the checkpoint completed. The writer never inserts.
 *   <li>{@link DeliveryGuarantee#AT_LEAST_ONCE}: inserts it at once, and on every flush (before
 *       each checkpoint barrier, at end of input); {@link #prepareCommit} returns nothing.
 * </ul>
 *
 * Either way nothing is left in the writer when a checkpoint is taken: it has no state of its own.
 * Not thread-safe; Flink calls it from the task thread only.
 */
final class ClickHouseSinkWriter<T> implements CommittingSinkWriter<T, ClickHouseBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

    /**
     * ClickHouse error codes worth a retry: the server is busy, short of memory or parts budget, or
     * lost its network. Everything else the server answers is the request's fault.
     */
    private static final Set<Integer> TRANSIENT_SERVER_CODES =
            Set.of(
                    3, // UNEXPECTED_END_OF_FILE
                    159, // TIMEOUT_EXCEEDED
                    164, // READONLY (e.g. replica lost its keeper session)
                    202, // TOO_MANY_SIMULTANEOUS_QUERIES
                    203, // NO_FREE_CONNECTION
                    209, // SOCKET_TIMEOUT
                    210, // NETWORK_ERROR
                    236, // ABORTED
                    241, // MEMORY_LIMIT_EXCEEDED
                    242, // TABLE_IS_READ_ONLY
                    252, // TOO_MANY_PARTS
                    319, // UNKNOWN_STATUS_OF_INSERT
                    425, // SYSTEM_ERROR
                    999, // KEEPER_EXCEPTION
                    1000 // POCO_EXCEPTION
                    );

    private final ClickHouseRowEncoder<T> encoder;
    private final DeliveryGuarantee guarantee;
    private final String qualifiedTable;
    private final List<String> columns;
    private final RowBinaryInserter inserter;
    private final int batchSize;
    private final int maxBatchBytes;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RowBuffer buffer;
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter sendErrors;
    private final List<ClickHouseBatch> sealed = new ArrayList<>();
    private int bufferedRows;
    private volatile long lastSendMillis;

    /** Waits between retries; tests replace it to run without real sleeps. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    ClickHouseSinkWriter(
            ClickHouseRowEncoder<T> encoder,
            DeliveryGuarantee guarantee,
            String database,
            RowBinaryInserter inserter,
            int batchSize,
            int maxBatchBytes,
            Backoff backoff,
            SinkWriterMetricGroup metrics) {
        this(
                encoder,
                guarantee,
                database,
                inserter,
                batchSize,
                maxBatchBytes,
                backoff,
                metrics,
                Thread::sleep);
    }

    ClickHouseSinkWriter(
            ClickHouseRowEncoder<T> encoder,
            DeliveryGuarantee guarantee,
            String database,
            RowBinaryInserter inserter,
            int batchSize,
            int maxBatchBytes,
            Backoff backoff,
            SinkWriterMetricGroup metrics,
            Sleeper sleeper) {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE
                && guarantee != DeliveryGuarantee.AT_LEAST_ONCE) {
            throw new IllegalArgumentException(
                    "the ClickHouse sink offers EXACTLY_ONCE or AT_LEAST_ONCE, not " + guarantee);
        }
        if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE && inserter == null) {
            throw new IllegalArgumentException("an at-least-once writer needs an inserter");
        }
        this.encoder = encoder;
        this.guarantee = guarantee;
        this.qualifiedTable = ClickHouseIdentifier.qualified(database, encoder.table());
        this.columns = List.copyOf(encoder.columns());
        this.inserter = inserter;
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.buffer = new RowBuffer(Math.min(maxBatchBytes, 1 << 20));
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.setCurrentSendTimeGauge(() -> lastSendMillis);
    }

    @Override
    public void write(T record, Context context) throws IOException, InterruptedException {
        int rowStart = buffer.size();
        try {
            encoder.write(record, buffer);
        } catch (IOException | RuntimeException e) {
            buffer.truncate(rowStart); // keep the buffer at a row boundary for the next flush
            throw e;
        }
        bufferedRows++;
        if (bufferedRows >= batchSize || buffer.size() >= maxBatchBytes) {
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                sealBuffered();
            } else {
                insertBuffered();
            }
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (bufferedRows > 0 && guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
            insertBuffered();
        }
    }

    /**
     * The batches of the checkpoint about to be taken (exactly-once), or nothing (at-least-once:
     * flush has inserted everything). Flink calls it after {@link #flush}, before the barrier.
     */
    @Override
    public Collection<ClickHouseBatch> prepareCommit() {
        if (bufferedRows > 0) {
            sealBuffered(); // at-least-once never gets here: flush emptied the buffer
        }
        if (sealed.isEmpty()) {
            return List.of();
        }
        List<ClickHouseBatch> batches = List.copyOf(sealed);
        sealed.clear();
        return batches;
    }

    /** Rows encoded but neither inserted nor sealed into a batch yet. */
    int bufferedRows() {
        return bufferedRows;
    }

    /** Rows sealed into batches that the next {@link #prepareCommit} hands over. */
    int sealedRows() {
        return sealed.stream().mapToInt(ClickHouseBatch::rows).sum();
    }

    /**
     * Releases the HTTP client. Buffered rows are not inserted here: close() also runs on cancel
     * and failure, and rows after the last checkpoint are replayed from the source anyway.
     */
    @Override
    public void close() {
        int pending = bufferedRows + sealedRows();
        if (pending > 0) {
            LOG.warn(
                    "closing the ClickHouse writer for {} with {} rows not inserted "
                            + "(they are replayed from the last checkpoint)",
                    qualifiedTable,
                    pending);
        }
        if (inserter != null) {
            inserter.close();
        }
    }

    private void sealBuffered() {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            throw new IllegalStateException("an at-least-once writer has no batches to seal");
        }
        sealed.add(
                ClickHouseBatch.seal(encoder.table(), columns, bufferedRows, buffer.toByteArray()));
        buffer.clear();
        bufferedRows = 0;
    }

    private void insertBuffered() throws IOException, InterruptedException {
        int rows = bufferedRows;
        int bytes = buffer.size();
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                inserter.insert(qualifiedTable, columns, buffer.contents());
                lastSendMillis = (System.nanoTime() - start) / 1_000_000;
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                sendErrors.inc(rows);
                boolean transientFailure = isTransient(e);
                if (!transientFailure || attempt > backoff.maxRetries()) {
                    throw failure(
                            "insert of " + rows + " rows into " + qualifiedTable,
                            transientFailure,
                            attempt,
                            e);
                }
                long delay = backoff.delayMillis(attempt);
                LOG.warn(
                        "insert of {} rows into {} failed (attempt {} of {}), retrying in {} ms: {}",
                        rows,
                        qualifiedTable,
                        attempt,
                        backoff.maxRetries() + 1,
                        delay,
                        e.toString());
                sleeper.sleep(delay);
            }
        }
        recordsSent.inc(rows);
        bytesSent.inc(bytes);
        buffer.clear();
        bufferedRows = 0;
    }

    /**
     * The error that ends the retries of {@code what} ("insert of 5 rows into db.t"): it failed
     * after {@code attempt} attempts, or at once with a permanent error.
     */
    static IOException failure(
            String what, boolean transientFailure, int attempt, Exception cause) {
        return new IOException(
                what
                        + " failed"
                        + (transientFailure
                                ? " after " + attempt + " attempts"
                                : " with a permanent error")
                        + ": "
                        + cause.getMessage(),
                cause);
    }

    /** Worth retrying: the network or an overloaded server, not the request itself. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException) {
                ServerException server = (ServerException) t;
                return TRANSIENT_SERVER_CODES.contains(server.getCode())
                        || server.getTransportProtocolCode() == 502
                        || server.getTransportProtocolCode() == 503
                        || server.getTransportProtocolCode() == 504;
            }
            if (t instanceof ClientMisconfigurationException
                    || t instanceof IllegalArgumentException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        // client-v2 wraps connection failures (refused, reset, closed) in its own runtime
        // exceptions; anything not recognised as the request's fault is retried, within limits.
        return true;
    }
}
