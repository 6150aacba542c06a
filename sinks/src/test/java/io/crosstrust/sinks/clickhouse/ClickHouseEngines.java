package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The two ClickHouse engines every statement must run on, behind one small interface so a test body
 * runs unchanged against both: the 18.16 server of the embedded stack ({@link
 * LocalClickHouseServer}, over HTTP) and a current release (in-process {@link ChDb}).
 */
public final class ClickHouseEngines {
    private ClickHouseEngines() {}

    /** What a cross-version test needs from an engine. */
    public interface Engine {
        /** "ClickHouse 18.16.1" or "chDB 26.5.1.1". */
        String name();

        /** Runs a statement that returns nothing (DDL, OPTIMIZE). */
        void execute(String sql);

        /** Runs a SELECT (no FORMAT clause) and returns the rows as TabSeparated text values. */
        ClickHouseRows select(String sql);

        /** Inserts RowBinary rows as the sink does. */
        void insertRowBinary(String qualifiedTable, List<String> columns, byte[] rows);
    }

    /** The 18.16 server (or whatever server the connection points at), through client-v2. */
    public static Engine server(ClickHouseConnection connection) {
        ClickHouseQuery query = new ClickHouseQuery(connection);
        return new Engine() {
            @Override
            public String name() {
                return "ClickHouse " + select("SELECT version()").single();
            }

            @Override
            public void execute(String sql) {
                try {
                    query.execute(sql);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public ClickHouseRows select(String sql) {
                try {
                    return query.select(sql);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void insertRowBinary(String qualifiedTable, List<String> columns, byte[] rows) {
                try (Client client = connection.openClient();
                        ClientRowBinaryInserter inserter = new ClientRowBinaryInserter(client)) {
                    inserter.insert(qualifiedTable, columns, new ByteArrayInputStream(rows));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String toString() {
                return "ClickHouse server at " + connection.url();
            }
        };
    }

    /** The process-wide chDB session: current ClickHouse. */
    public static Engine chDb() {
        ChDb chDb = ChDb.shared();
        return new Engine() {
            @Override
            public String name() {
                return "chDB " + chDb.version();
            }

            @Override
            public void execute(String sql) {
                chDb.query(sql);
            }

            @Override
            public ClickHouseRows select(String sql) {
                return ClickHouseQuery.parseTabSeparatedWithNames(
                        chDb.query(sql, "TabSeparatedWithNames"));
            }

            @Override
            public void insertRowBinary(String qualifiedTable, List<String> columns, byte[] rows) {
                chDb.insertRowBinary(qualifiedTable, columns, rows);
            }

            @Override
            public String toString() {
                return "chDB";
            }
        };
    }
}
