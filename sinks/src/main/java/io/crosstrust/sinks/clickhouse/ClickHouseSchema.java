package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ClickHouse schema of crosstrust: the SQL files under {@code clickhouse/ddl/} on the class
 * path, applied in file-name order ({@code NN_name.sql}). Each file says in its header what its
 * table is for, its engine and its dedup key. Every statement is idempotent (CREATE ... IF NOT
 * EXISTS) and runs unchanged on ClickHouse 18.16 and on current releases (checked by
 * ClickHouseDdlITCase against both).
 *
 * <p>The only thing substituted into the files is {@code ${database}}, and only after it passed
 * {@link ClickHouseIdentifier#check}. Adding a table: add the next {@code NN_name.sql} and list it
 * in {@link #FILES}.
 */
public final class ClickHouseSchema {
    public static final String DEFAULT_DATABASE = "crosstrust";

    public static final String TRADE_EVENTS = "trade_events";
    public static final String ENTITY_ACTIVITY = "entity_activity";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String NETWORK_METRICS = "network_metrics";
    public static final String CREDIT_SCORES = "credit_scores";
    public static final String CREDIT_SCORES_LATEST = "credit_scores_latest";
    public static final String RISK_WARNINGS = "risk_warnings";

    /** The DDL files, in the order they must run. */
    static final List<String> FILES =
            List.of(
                    "00_database.sql",
                    "01_trade_events.sql",
                    "02_entity_activity.sql",
                    "03_dead_letters.sql",
                    "04_network_metrics.sql",
                    "05_network_views.sql",
                    "06_kpi_views.sql",
                    "10_credit_scores.sql",
                    "11_credit_scores_latest.sql",
                    "12_risk_warnings.sql",
                    "13_kpi_risk_views.sql");

    private static final String DDL_FOLDER = "/clickhouse/ddl/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private ClickHouseSchema() {}

    /** Every statement, in order, for {@code database} (a plain identifier). */
    public static List<String> statements(String database) {
        ClickHouseIdentifier.check(database, "database");
        List<String> out = new ArrayList<>();
        for (String file : FILES) {
            for (String statement : SqlText.statements(resource(file))) {
                out.add(substitute(statement, database, file));
            }
        }
        return out;
    }

    /**
     * Runs every statement against the connection's server, for the connection's database. The
     * client's current database is {@code default} while it runs: the target database may not exist
     * yet, and current servers refuse a request whose current database is missing (every statement
     * names its database anyway).
     */
    public static void apply(ClickHouseConnection connection) {
        try (Client client = connection.withDatabase("default").openClient()) {
            apply(client, connection.database());
        }
    }

    /**
     * Runs every statement through a client-v2 client. Statements go through {@code query} and are
     * read to the end, which works on 18.16 as well as current servers.
     */
    public static void apply(Client client, String database) {
        for (String statement : statements(database)) {
            try (QueryResponse response = client.query(statement).get(60, TimeUnit.SECONDS);
                    InputStream body = response.getInputStream()) {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException(
                        "ClickHouse rejected schema statement:\n" + statement + "\n" + e, e);
            }
        }
    }

    private static String substitute(String statement, String database, String file) {
        Matcher m = PLACEHOLDER.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!m.group(1).equals("database")) {
                throw new IllegalStateException(
                        file + ": unknown placeholder ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(database));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String resource(String file) {
        try (InputStream in = ClickHouseSchema.class.getResourceAsStream(DDL_FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DDL_FOLDER + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DDL_FOLDER + file, e);
        }
    }
}
