package io.crosstrust.sinks.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The committable of an exactly-once {@link ClickHouseSink}: one batch of encoded RowBinary rows
 * for one table, staged by the writer before a checkpoint barrier and inserted by {@link
 * ClickHouseCommitter} only after that checkpoint completed. It names the table and the columns the
 * rows were encoded for, so a batch restored from a checkpoint is inserted as it was written even
 * if the encoder changed since. The id is fixed when the batch is sealed and survives checkpoints
 * and retries: it names the batch in logs and errors.
 */
public final class ClickHouseBatch {
    private final String id;
    private final String table;
    private final List<String> columns;
    private final int rows;
    private final byte[] bytes;

    ClickHouseBatch(String id, String table, List<String> columns, int rows, byte[] bytes) {
        this.id = Objects.requireNonNull(id, "id");
        this.table = ClickHouseIdentifier.check(table, "batch table");
        this.columns = List.copyOf(columns);
        for (String column : this.columns) {
            ClickHouseIdentifier.check(column, "batch column");
        }
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("a batch for " + table + " names no columns");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("a batch holds at least one row, got " + rows);
        }
        this.rows = rows;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    static ClickHouseBatch seal(String table, List<String> columns, int rows, byte[] bytes) {
        return new ClickHouseBatch(UUID.randomUUID().toString(), table, columns, rows, bytes);
    }

    public String id() {
        return id;
    }

    /** The table, unqualified; the committer inserts into its connection's database. */
    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public int sizeInBytes() {
        return bytes.length;
    }

    /** A fresh stream over the rows, for each insert attempt. */
    InputStream contents() {
        return new ByteArrayInputStream(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClickHouseBatch)) {
            return false;
        }
        ClickHouseBatch that = (ClickHouseBatch) o;
        return rows == that.rows
                && id.equals(that.id)
                && table.equals(that.table)
                && columns.equals(that.columns)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, table, rows);
    }

    /** Never the rows themselves: they may hold personal or business data. */
    @Override
    public String toString() {
        return "ClickHouseBatch{id="
                + id
                + ", table="
                + table
                + ", rows="
                + rows
                + ", bytes="
                + bytes.length
                + "}";
    }
}
