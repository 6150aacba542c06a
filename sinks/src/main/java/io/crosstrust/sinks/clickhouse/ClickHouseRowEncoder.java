package io.crosstrust.sinks.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Turns one record into one RowBinary row of one table. {@link ClickHouseSink} inserts with {@code
 * INSERT INTO <database>.<table()> (<columns()>) FORMAT RowBinary}, so {@link #write} must write
 * exactly the columns of {@link #columns()}, in that order, with their types' encodings ({@link
 * RowBinaryOutput}); columns left out take their DEFAULT (e.g. {@code ingested_at}).
 *
 * <p>Implementations are stateless and serializable (they travel inside the sink to the Flink task
 * managers). A record that cannot be encoded exactly throws IllegalArgumentException.
 */
public interface ClickHouseRowEncoder<T> extends Serializable {
    /** The table, unqualified: a plain identifier. */
    String table();

    /** The columns {@link #write} writes, in order: plain identifiers. */
    List<String> columns();

    void write(T record, OutputStream out) throws IOException;
}
