package io.crosstrust.sinks.clickhouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link ClickHouseQuery#select}: column names and rows of values exactly as
 * ClickHouse printed them in TabSeparated (unescaped; NULL as Java null). Decimals keep every digit
 * ("12345678901234567890.123456789012345678"), DateTime('UTC') reads "2026-03-02 00:00:00".
 */
public final class ClickHouseRows {
    private final List<String> columns;
    private final List<List<String>> rows;

    ClickHouseRows(List<String> columns, List<List<String>> rows) {
        this.columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        this.rows = Collections.unmodifiableList(copy);
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The value of {@code column} in row {@code row} (0-based); null for NULL. */
    public String get(int row, String column) {
        return rows.get(row).get(indexOf(column));
    }

    /** All values of one column, in row order. */
    public List<String> column(String column) {
        int index = indexOf(column);
        List<String> out = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            out.add(row.get(index));
        }
        return out;
    }

    /** The only value of a one-row, one-column result (e.g. {@code SELECT count() ...}). */
    public String single() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException(
                    "expected 1 row x 1 column, got " + rows.size() + " x " + columns.size());
        }
        return rows.get(0).get(0);
    }

    /** Each row as column name -> value, in column order. */
    public List<Map<String, String>> asMaps() {
        List<Map<String, String>> out = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), row.get(i));
            }
            out.add(Collections.unmodifiableMap(map));
        }
        return out;
    }

    private int indexOf(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return index;
    }

    @Override
    public String toString() {
        return "ClickHouseRows{columns=" + columns + ", rows=" + rows.size() + "}";
    }
}
