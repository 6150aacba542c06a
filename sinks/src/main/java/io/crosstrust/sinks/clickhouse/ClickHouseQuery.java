package io.crosstrust.sinks.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs a query over ClickHouse's HTTP interface and returns its rows: for tests, the CLI and
 * notebooks-style checks, not for the streaming path (that is {@link ClickHouseSink}).
 *
 * <p>Values never enter the SQL text. The SQL names them with ClickHouse's query-parameter syntax,
 * {@code {name:Type}}, e.g. {@code WHERE subject_id = {entity:String}}, and the values travel as a
 * one-row <em>external data</em> table {@code _params} (HTTP multipart, TabSeparated, typed by the
 * placeholders): each placeholder becomes the scalar subquery {@code (SELECT `name` FROM _params)}
 * (a Decimal travels as its exact text and is CAST back, working around an 18.16 bug with Decimal
 * scalar subqueries). This works on ClickHouse 18.16, which has no server-side query parameters,
 * and on current releases, and it keeps SQL files valid for {@code clickhouse-client
 * --param_name=...}. A value placeholder stands where an expression may (WHERE, SELECT, function
 * arguments), not where a literal is required (LIMIT, table engine arguments). {@code
 * {name:Identifier}} is the exception: a table or column name (optionally {@code database.table})
 * that is checked against {@code [A-Za-z_][A-Za-z0-9_]*} and spliced in.
 *
 * <p>Java values map as: String (UTF-8), Integer/Long/Short/Byte/BigInteger, BigDecimal (exact),
 * Boolean (1/0), Instant (DateTime; whole seconds only: pass {@code toEpochMilli()} for the *_ms
 * columns), LocalDate, a Collection of those (Array(T)), and null (Nullable(T)). Types with a comma
 * (Tuple, Map) and Decimals inside Array or Nullable cannot be parameters: 18.16 cannot read them
 * from external data.
 *
 * <p>Why not client-v2: it sends query parameters as {@code param_x} settings, which 18.16 rejects
 * ("Unknown setting param_x"), and it has no external-data API. This class uses the JDK's HTTP
 * client with Basic authentication and {@code wait_end_of_query=1}, so an error mid-query becomes
 * an HTTP error instead of a truncated result.
 */
public final class ClickHouseQuery {
    static final String PARAMS_TABLE = "_params";

    private static final Pattern TYPE =
            Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\([A-Za-z0-9_ ,'/()+\\-]*\\))?");
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final ClickHouseConnection connection;
    private final HttpClient http;

    public ClickHouseQuery(ClickHouseConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(ClickHouseConnection.CONNECT_TIMEOUT)
                        .build();
    }

    /** A SELECT without parameters; see {@link #select(String, Map)}. */
    public ClickHouseRows select(String sql) throws IOException {
        return select(sql, Map.of());
    }

    /**
     * Runs one SELECT (no FORMAT clause: this adds {@code FORMAT TabSeparatedWithNames}) with the
     * given placeholder values and returns all rows. Unqualified tables resolve in the connection's
     * database.
     */
    public ClickHouseRows select(String sql, Map<String, ?> parameters) throws IOException {
        String body = send(withFormat(sql, "TabSeparatedWithNames"), parameters);
        return parseTabSeparatedWithNames(body);
    }

    /** Runs one SELECT with {@code FORMAT JSONEachRow}; returns one JSON object per row. */
    public List<String> selectJsonEachRow(String sql, Map<String, ?> parameters)
            throws IOException {
        String body = send(withFormat(sql, "JSONEachRow"), parameters);
        List<String> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** Runs one statement that returns no rows (OPTIMIZE, DROP, ...), placeholders allowed. */
    public void execute(String sql, Map<String, ?> parameters) throws IOException {
        send(singleStatement(sql), parameters);
    }

    public void execute(String sql) throws IOException {
        execute(sql, Map.of());
    }

    // ---- request ---------------------------------------------------------------------------

    private String send(String sql, Map<String, ?> parameters) throws IOException {
        Bound bound = bind(sql, parameters);
        Map<String, String> url = new LinkedHashMap<>();
        url.put("database", connection.database());
        url.put("wait_end_of_query", "1");
        HttpRequest.Builder request;
        if (bound.structure.isEmpty()) {
            request =
                    HttpRequest.newBuilder()
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            bound.sql, StandardCharsets.UTF_8))
                            .header("Content-Type", "text/plain; charset=UTF-8");
        } else {
            url.put(PARAMS_TABLE + "_structure", bound.structure);
            url.put(PARAMS_TABLE + "_format", "TabSeparated");
            String boundary = "crosstrust-" + UUID.randomUUID();
            request =
                    HttpRequest.newBuilder()
                            .POST(
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            multipart(boundary, bound.sql, bound.row)))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary);
        }
        request.uri(URI.create(connection.url() + "/?" + query(url)))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", basicAuth());
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            request.build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying ClickHouse", e);
        }
        if (response.statusCode() != 200) {
            String message = response.body().strip();
            throw new IOException(
                    "ClickHouse answered HTTP "
                            + response.statusCode()
                            + ": "
                            + (message.length() > 2000
                                    ? message.substring(0, 2000) + "..."
                                    : message));
        }
        return response.body();
    }

    private String basicAuth() {
        String credentials = connection.user() + ":" + connection.password();
        return "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String query(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static byte[] multipart(String boundary, String sql, String row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"query\"\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(sql.getBytes(StandardCharsets.UTF_8));
        String file =
                "\r\n--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + PARAMS_TABLE
                        + "\"; filename=\""
                        + PARAMS_TABLE
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(file.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(row.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\n\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // ---- binding ---------------------------------------------------------------------------

    /** The SQL with placeholders replaced, and the external table that carries the values. */
    static final class Bound {
        final String sql;
        final String structure;
        final String row;

        Bound(String sql, String structure, String row) {
            this.sql = sql;
            this.structure = structure;
            this.row = row;
        }
    }

    static Bound bind(String sql, Map<String, ?> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        String rewritten =
                SqlText.replacePlaceholders(
                        sql,
                        (name, type) -> {
                            ClickHouseIdentifier.check(name, "parameter name");
                            used.add(name);
                            if (!parameters.containsKey(name)) {
                                throw new IllegalArgumentException(
                                        "no value for parameter {" + name + ":" + type + "}");
                            }
                            if (type.equals("Identifier")) {
                                return identifier(name, parameters.get(name));
                            }
                            if (!TYPE.matcher(type).matches()) {
                                throw new IllegalArgumentException(
                                        "parameter " + name + ": unsupported type '" + type + "'");
                            }
                            String previous = types.putIfAbsent(name, type);
                            if (previous != null && !previous.equals(type)) {
                                throw new IllegalArgumentException(
                                        "parameter "
                                                + name
                                                + " used as both "
                                                + previous
                                                + " and "
                                                + type);
                            }
                            // fail early on types that cannot travel
                            if (structureType(name, type).equals("String")
                                    && isDecimal(type.replace(" ", ""))
                                    && parameters.get(name) == null) {
                                throw new IllegalArgumentException(
                                        "parameter "
                                                + name
                                                + ": a Decimal parameter cannot be null");
                            }
                            return placeholder(name, type);
                        });
        for (String name : parameters.keySet()) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("parameter " + name + " is not used in the SQL");
            }
        }
        StringBuilder structure = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (Map.Entry<String, String> e : types.entrySet()) {
            if (structure.length() > 0) {
                structure.append(", ");
                row.append('\t');
            }
            structure
                    .append(e.getKey())
                    .append(' ')
                    .append(structureType(e.getKey(), e.getValue()));
            row.append(tsvField(e.getKey(), parameters.get(e.getKey())));
        }
        return new Bound(rewritten, structure.toString(), row.toString());
    }

    /**
     * The type as the external-data structure spells it. ClickHouse 18.16 splits the structure on
     * spaces and commas, so no type with a comma can travel (Tuple, Map); and it cannot turn a
     * Decimal scalar subquery into a constant ("Type mismatch in IN or VALUES section"), so a
     * Decimal travels as its exact text (String) and {@link #placeholder} casts it back.
     */
    static String structureType(String name, String type) {
        String compact = type.replace(" ", "");
        if (isDecimal(compact)) {
            return "String";
        }
        if (compact.contains("Decimal")) {
            throw new IllegalArgumentException(
                    "parameter "
                            + name
                            + ": "
                            + type
                            + " is not supported (ClickHouse 18.16 cannot take a Decimal inside"
                            + " another type from external data); pass plain Decimal values");
        }
        if (compact.contains(",")) {
            throw new IllegalArgumentException(
                    "parameter "
                            + name
                            + ": type "
                            + type
                            + " cannot be passed (ClickHouse 18.16 external data allows no comma"
                            + " in a type)");
        }
        return compact;
    }

    /** What a value placeholder becomes in the SQL text: a scalar subquery on the params table. */
    static String placeholder(String name, String type) {
        String subquery = "(SELECT `" + name + "` FROM " + PARAMS_TABLE + ")";
        return isDecimal(type.replace(" ", ""))
                ? "CAST(" + subquery + " AS " + type + ")"
                : subquery;
    }

    private static boolean isDecimal(String compactType) {
        return compactType.matches("Decimal(32|64|128|256)?\\([0-9,]+\\)");
    }

    private static String identifier(String name, Object value) {
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(
                    "parameter " + name + " is an Identifier: pass a String");
        }
        String text = (String) value;
        int dot = text.indexOf('.');
        if (dot < 0) {
            return ClickHouseIdentifier.check(text, "parameter " + name);
        }
        return ClickHouseIdentifier.check(text.substring(0, dot), "parameter " + name)
                + "."
                + ClickHouseIdentifier.check(text.substring(dot + 1), "parameter " + name);
    }

    /** One value as a TabSeparated field. */
    static String tsvField(String name, Object value) {
        if (value == null) {
            return "\\N";
        }
        if (value instanceof Collection) {
            // An array field is written as an array literal whose strings are quoted and escaped
            // once; TabSeparated does not escape it a second time.
            return literal(name, value, false);
        }
        return escapeTsv(literal(name, value, false));
    }

    /**
     * The value's text form: as TabSeparated reads it at top level, or as a quoted literal inside
     * an array.
     */
    private static String literal(String name, Object value, boolean inArray) {
        if (value == null) {
            if (inArray) {
                return "NULL";
            }
            return "\\N";
        }
        if (value instanceof String) {
            return inArray ? quote((String) value) : (String) value;
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? "1" : "0";
        }
        if (value instanceof Instant) {
            Instant instant = (Instant) value;
            if (instant.getNano() != 0) {
                throw new IllegalArgumentException(
                        "parameter "
                                + name
                                + ": "
                                + instant
                                + " has a fraction of a second; DateTime holds whole seconds "
                                + "(pass toEpochMilli() for a *_ms column)");
            }
            String text = DATE_TIME.format(instant);
            return inArray ? quote(text) : text;
        }
        if (value instanceof LocalDate) {
            String text = value.toString();
            return inArray ? quote(text) : text;
        }
        if (value instanceof Collection) {
            if (inArray) {
                throw new IllegalArgumentException(
                        "parameter " + name + ": nested collections are not supported");
            }
            StringBuilder out = new StringBuilder("[");
            for (Object element : (Collection<?>) value) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(literal(name, element, true));
            }
            return out.append(']').toString();
        }
        throw new IllegalArgumentException(
                "parameter "
                        + name
                        + ": unsupported value type "
                        + value.getClass().getName()
                        + " (Double and Float are refused on purpose: use BigDecimal)");
    }

    private static String quote(String text) {
        return "'" + escapeTsv(text).replace("'", "\\'") + "'";
    }

    private static String escapeTsv(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\0':
                    out.append("\\0");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    // ---- response --------------------------------------------------------------------------

    private static String withFormat(String sql, String format) {
        return singleStatement(sql) + "\nFORMAT " + format;
    }

    private static String singleStatement(String sql) {
        List<String> statements = SqlText.statements(Objects.requireNonNull(sql, "sql"));
        if (statements.size() != 1) {
            throw new IllegalArgumentException(
                    "expected exactly one statement, got " + statements.size());
        }
        return statements.get(0);
    }

    static ClickHouseRows parseTabSeparatedWithNames(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            return new ClickHouseRows(List.of(), List.of());
        }
        List<String> columns = splitTsv(lines.get(0));
        List<List<String>> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = splitTsv(line);
            if (row.size() != columns.size()) {
                throw new IllegalStateException(
                        "row has "
                                + row.size()
                                + " fields, header "
                                + columns.size()
                                + ": "
                                + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
            }
            rows.add(row);
        }
        return new ClickHouseRows(columns, rows);
    }

    private static List<String> splitTsv(String line) {
        List<String> fields = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            fields.add(raw.equals("\\N") ? null : unescapeTsv(raw));
        }
        return fields;
    }

    static String unescapeTsv(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 == raw.length()) {
                out.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 't':
                    out.append('\t');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case '0':
                    out.append('\0');
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                default:
                    out.append(next); // \\ \' and any other escaped character stand for themselves
            }
        }
        return out.toString();
    }
}
