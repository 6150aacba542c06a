package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.data.ClickHouseFormat;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Inserts through client-v2 as {@code INSERT INTO t (cols) FORMAT RowBinary}, which ClickHouse
 * 18.16 and current servers both accept. Failures come out unwrapped (not as ExecutionException) so
 * the writer can tell transient from permanent ones.
 */
final class ClientRowBinaryInserter implements RowBinaryInserter {
    private static final Duration INSERT_TIMEOUT =
            ClickHouseConnection.SOCKET_TIMEOUT.plusSeconds(10);

    private final Client client;

    ClientRowBinaryInserter(Client client) {
        this.client = client;
    }

    @Override
    public void insert(String qualifiedTable, List<String> columns, InputStream rows)
            throws Exception {
        try (InsertResponse ignored =
                client.insert(qualifiedTable, columns, rows, ClickHouseFormat.RowBinary)
                        .get(INSERT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            // acknowledged: the server answered 200 after writing the block
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
