package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ServerException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parallel instance of {@link ClickHouseSink}: encodes each record into a row buffer and
 * inserts the buffer when it holds {@code batchSize} rows or {@code maxBatchBytes} bytes, and on
 * every flush (before each checkpoint barrier, at end of input). It keeps no state across
 * checkpoints: the buffer is empty whenever a checkpoint is taken. Not thread-safe; Flink calls it
 * from the task thread only.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {
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
    private int bufferedRows;
    private volatile long lastSendMillis;

    /** Waits between retries; tests replace it to run without real sleeps. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    ClickHouseSinkWriter(
            ClickHouseRowEncoder<T> encoder,
            String database,
            RowBinaryInserter inserter,
            int batchSize,
            int maxBatchBytes,
            Backoff backoff,
            SinkWriterMetricGroup metrics) {
        this(
                encoder,
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
            String database,
            RowBinaryInserter inserter,
            int batchSize,
            int maxBatchBytes,
            Backoff backoff,
            SinkWriterMetricGroup metrics,
            Sleeper sleeper) {
        this.encoder = encoder;
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
            insertBuffered();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (bufferedRows > 0) {
            insertBuffered();
        }
    }

    /** Rows encoded but not yet acknowledged by ClickHouse. */
    int bufferedRows() {
        return bufferedRows;
    }

    /**
     * Releases the HTTP client. Buffered rows are not inserted here: close() also runs on cancel
     * and failure, and rows after the last checkpoint are replayed from the source anyway.
     */
    @Override
    public void close() {
        if (bufferedRows > 0) {
            LOG.warn(
                    "closing the ClickHouse writer for {} with {} rows not inserted "
                            + "(they are replayed from the last checkpoint)",
                    qualifiedTable,
                    bufferedRows);
        }
        inserter.close();
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
                    throw new IOException(
                            "insert of "
                                    + rows
                                    + " rows into "
                                    + qualifiedTable
                                    + " failed"
                                    + (transientFailure
                                            ? " after " + attempt + " attempts"
                                            : " with a permanent error")
                                    + ": "
                                    + e.getMessage(),
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
