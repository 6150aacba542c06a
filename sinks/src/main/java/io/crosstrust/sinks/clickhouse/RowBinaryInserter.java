package io.crosstrust.sinks.clickhouse;

import java.io.InputStream;
import java.util.List;

/** Sends one batch of RowBinary rows to a table: the seam between the sink writer and HTTP. */
interface RowBinaryInserter extends AutoCloseable {
    /**
     * Inserts the rows in {@code rows} into {@code qualifiedTable} ({@code database.table}),
     * columns in the given order. Returns normally only when the server acknowledged the insert.
     */
    void insert(String qualifiedTable, List<String> columns, InputStream rows) throws Exception;

    @Override
    void close();
}
