package io.crosstrust.deploy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.crosstrust.deploy.api.ApiKeys.Principal;
import io.crosstrust.deploy.api.Validation.BadRequest;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credit data query API: a small HTTP service over ClickHouse that answers each caller with
 * what its sharing tier may see (docs/sharing.md). A request carries an API key ({@code X-Api-Key}
 * or {@code Authorization: Bearer}); the key's tier picks the ClickHouse user the query runs as, so
 * a tier's columns are enforced by ClickHouse itself; the counterparty and entity row scopes are
 * added here as parameters. Every value travels as a query parameter, never in the SQL text; limit
 * and offset are validated integers. Errors: 400 bad input (with a message), 401 no or unknown key,
 * 403 the tier may not read this, 404 nothing there, 429 over the key's rate limit, 502 ClickHouse
 * failed (no detail leaves the service). The OpenAPI description is at {@code /openapi.json}; the
 * live warning page at {@code /live}. Keys are never logged.
 */
public final class CreditApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CreditApi.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_LIMIT = 50;

    private final SharingSpec spec;
    private final Map<SharingTier, ClickHouseQuery> queries = new HashMap<>();
    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final WarningStream warnings;
    private final HttpServer server;
    private final ExecutorService executor;

    private CreditApi(
            SharingSpec spec,
            Map<SharingTier, ClickHouseConnection> tiers,
            ApiKeys keys,
            RateLimiter limiter,
            WarningStream warnings,
            InetSocketAddress address)
            throws IOException {
        this.spec = spec;
        for (SharingTier t : SharingTier.values()) {
            ClickHouseConnection c = tiers.get(t);
            if (c == null) {
                throw new IllegalArgumentException("no ClickHouse connection for tier " + t.key());
            }
            queries.put(t, new ClickHouseQuery(c));
        }
        this.keys = keys;
        this.limiter = limiter;
        this.warnings = warnings;
        this.server = HttpServer.create(address, 64);
        this.executor =
                Executors.newFixedThreadPool(
                        16,
                        r -> {
                            Thread t = new Thread(r, "crosstrust-api");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts the service on {@code 127.0.0.1:port} (0: a free port).
     *
     * @param warnings the live warning feed for /v1/warnings/stream, or null for none
     */
    public static CreditApi start(
            SharingSpec spec,
            Map<SharingTier, ClickHouseConnection> tiers,
            ApiKeys keys,
            double requestsPerSecond,
            WarningStream warnings,
            int port)
            throws IOException {
        return new CreditApi(
                spec,
                tiers,
                keys,
                new RateLimiter(requestsPerSecond, Math.max(1, requestsPerSecond * 2)),
                warnings,
                new InetSocketAddress("127.0.0.1", port));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        if (warnings != null) {
            warnings.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch -------------------------------------------------------------------------

    private record Reply(int status, String contentType, byte[] body) {}

    private void handle(HttpExchange x) {
        try {
            String path = x.getRequestURI().getRawPath();
            if (!x.getRequestMethod().equals("GET")) {
                send(x, error(405, "only GET"));
                return;
            }
            if (path.equals("/openapi.json")) {
                send(x, resource("/api/openapi.json", "application/json"));
                return;
            }
            if (path.equals("/live") || path.equals("/")) {
                send(x, resource("/api/live.html", "text/html; charset=utf-8"));
                return;
            }
            Map<String, String> params = queryParams(x.getRequestURI().getRawQuery());
            boolean stream = path.equals("/v1/warnings/stream");
            String key = apiKey(x, stream ? params.get("key") : null);
            Optional<Principal> who = keys.authenticate(key);
            if (who.isEmpty()) {
                send(x, error(401, "missing or unknown API key"));
                return;
            }
            Principal p = who.get();
            if (!limiter.tryAcquire(p.name())) {
                x.getResponseHeaders().set("Retry-After", "1");
                send(x, error(429, "rate limit exceeded for this key"));
                return;
            }
            if (stream) {
                stream(x, p, params);
                return;
            }
            send(x, route(p, segments(path), params));
        } catch (BadRequest e) {
            send(x, error(400, e.getMessage()));
        } catch (Forbidden e) {
            send(x, error(403, e.getMessage()));
        } catch (IOException e) {
            LOG.warn("query API: ClickHouse failed: {}", e.getMessage());
            send(x, error(502, "storage unavailable"));
        } catch (RuntimeException e) {
            LOG.error("query API: unexpected failure", e);
            send(x, error(500, "internal error"));
        }
    }

    private Reply route(Principal p, List<String> s, Map<String, String> q) throws IOException {
        int n = s.size();
        if (n >= 2 && s.get(0).equals("v1")) {
            String head = s.get(1);
            if (head.equals("scores") && n == 2) {
                return scoreByAddress(p, Validation.address(q.get("address")));
            }
            if (head.equals("scores") && n == 3) {
                return score(p, Validation.entityId(s.get(2)));
            }
            if (head.equals("scores") && n == 4 && s.get(3).equals("history")) {
                return history(p, Validation.entityId(s.get(2)), q);
            }
            if (head.equals("warnings") && n == 2) {
                return warnings(p, q);
            }
            if (head.equals("warnings") && n == 4 && s.get(3).equals("evidence")) {
                return evidence(p, Validation.warningId(s.get(2)));
            }
            if (head.equals("network") && n == 4 && s.get(2).equals("regions")) {
                return network(
                        p, SharingSpec.NETWORK_REGION, "region", Validation.region(s.get(3)), q);
            }
            if (head.equals("network") && n == 5 && s.get(2).equals("corridors")) {
                String corridor = Validation.region(s.get(3)) + ">" + Validation.region(s.get(4));
                return network(p, SharingSpec.NETWORK_CORRIDOR, "corridor", corridor, q);
            }
            if (head.equals("kpis") && n == 2) {
                return kpis(p, q);
            }
        }
        return error(404, "no such endpoint; see /openapi.json");
    }

    // ---- endpoints ------------------------------------------------------------------------

    private Reply score(Principal p, String entity) throws IOException {
        String table = tableOrForbid(p, SharingSpec.SCORES);
        Reply denied = rowScope(p, entity);
        if (denied != null) {
            return denied;
        }
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM " + table + " FINAL WHERE entity_id = {id:String}",
                                Map.of("id", entity));
        if (rows.isEmpty()) {
            return error(404, "no score for this entity");
        }
        return ok(p, rows, Validation.MAX_LIMIT, 0);
    }

    private Reply scoreByAddress(Principal p, String address) throws IOException {
        String table = tableOrForbid(p, SharingSpec.SCORES);
        Map<String, Object> args = new HashMap<>();
        args.put("a", address);
        String scope = scopeClause(p, args);
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + table
                                        + " FINAL WHERE lower(ifNull(chain_address, '')) ="
                                        + " {a:String}"
                                        + scope
                                        + " LIMIT 10",
                                args);
        if (rows.isEmpty()) {
            return error(404, "no score visible to this key for this address");
        }
        return ok(p, rows, Validation.MAX_LIMIT, 0);
    }

    private Reply history(Principal p, String entity, Map<String, String> q) throws IOException {
        String table = tableOrForbid(p, SharingSpec.SCORE_HISTORY);
        Reply denied = rowScope(p, entity);
        if (denied != null) {
            return denied;
        }
        Instant to = Validation.instant(q.get("to"), "to", Instant.now().plusSeconds(1));
        Instant from = Validation.instant(q.get("from"), "from", to.minus(Duration.ofDays(365)));
        Validation.range(from, to);
        int limit = limit(q);
        int offset = offset(q);
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + table
                                        + " FINAL WHERE entity_id = {id:String}"
                                        + " AND as_of_ms >= {from:Int64} AND as_of_ms < {to:Int64}"
                                        + " ORDER BY score_version DESC LIMIT "
                                        + offset
                                        + ", "
                                        + limit,
                                Map.of(
                                        "id",
                                        entity,
                                        "from",
                                        from.toEpochMilli(),
                                        "to",
                                        to.toEpochMilli()));
        return ok(p, rows, limit, offset);
    }

    private Reply warnings(Principal p, Map<String, String> q) throws IOException {
        String table = tableOrForbid(p, SharingSpec.WARNINGS);
        Map<String, Object> args = new HashMap<>();
        StringBuilder where = new StringBuilder(" WHERE status = {status:String}");
        String status = q.getOrDefault("status", "RAISED");
        if (!status.equals("RAISED") && !status.equals("CLEARED")) {
            throw new BadRequest("status must be RAISED or CLEARED");
        }
        args.put("status", status);
        if (q.containsKey("entity")) {
            String entity = Validation.entityId(q.get("entity"));
            Reply denied = rowScope(p, entity);
            if (denied != null) {
                return denied;
            }
            where.append(" AND entity_id = {entity:String}");
            args.put("entity", entity);
        }
        if (q.containsKey("severity")) {
            where.append(" AND severity = {severity:String}");
            args.put("severity", Validation.severity(q.get("severity")));
        }
        if (q.containsKey("region")) {
            where.append(" AND region = {region:String}");
            args.put("region", Validation.region(q.get("region")));
        }
        where.append(scopeClause(p, args));
        int limit = limit(q);
        int offset = offset(q);
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + table
                                        + " FINAL"
                                        + where
                                        + " ORDER BY raised_at_ms DESC, event_id LIMIT "
                                        + offset
                                        + ", "
                                        + limit,
                                args);
        return ok(p, rows, limit, offset);
    }

    private Reply evidence(Principal p, String warningId) throws IOException {
        String events = tableOrForbid(p, SharingSpec.EVIDENCE);
        String warnings = tableOrForbid(p, SharingSpec.WARNINGS);
        List<String> warning =
                query(p).selectJsonEachRow(
                                "SELECT * FROM " + warnings + " FINAL WHERE event_id = {id:String}",
                                Map.of("id", warningId));
        if (warning.isEmpty()) {
            return error(404, "no such warning");
        }
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + events
                                        + " FINAL WHERE event_id IN (SELECT arrayJoin("
                                        + "evidence_event_ids) FROM "
                                        + warnings
                                        + " FINAL WHERE event_id = {id:String})"
                                        + " ORDER BY event_time_ms LIMIT 500",
                                Map.of("id", warningId));
        ObjectNode body = envelope(p, rows, Validation.MAX_LIMIT, 0);
        body.set("warning", parse(warning.get(0)));
        return json(200, body);
    }

    private Reply network(
            Principal p, String relation, String column, String value, Map<String, String> q)
            throws IOException {
        String table = tableOrForbid(p, relation);
        Instant to = Validation.instant(q.get("to"), "to", Instant.now().plusSeconds(1));
        Instant from = Validation.instant(q.get("from"), "from", to.minus(Duration.ofDays(31)));
        Validation.range(from, to);
        int limit = limit(q);
        int offset = offset(q);
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + table
                                        + " WHERE "
                                        + column
                                        + " = {v:String} AND toInt64(window_start) >= {from:Int64}"
                                        + " AND toInt64(window_start) < {to:Int64}"
                                        + " ORDER BY window_start LIMIT "
                                        + offset
                                        + ", "
                                        + limit,
                                Map.of(
                                        "v",
                                        value,
                                        "from",
                                        from.getEpochSecond(),
                                        "to",
                                        to.getEpochSecond()));
        return ok(p, rows, limit, offset);
    }

    private Reply kpis(Principal p, Map<String, String> q) throws IOException {
        String table = tableOrForbid(p, SharingSpec.KPIS);
        Instant to = Validation.instant(q.get("to"), "to", Instant.now().plusSeconds(1));
        Instant from = Validation.instant(q.get("from"), "from", to.minus(Duration.ofDays(365)));
        Validation.range(from, to);
        List<String> rows =
                query(p).selectJsonEachRow(
                                "SELECT * FROM "
                                        + table
                                        + " WHERE toInt64(toDateTime(month)) >= {from:Int64}"
                                        + " AND toInt64(toDateTime(month)) < {to:Int64}"
                                        + " ORDER BY month",
                                Map.of("from", from.getEpochSecond(), "to", to.getEpochSecond()));
        return ok(p, rows, rows.size(), 0);
    }

    // ---- tiers and rows -------------------------------------------------------------------

    private static final class Forbidden extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message) {
            super(message, null, false, false);
        }
    }

    private String tableOrForbid(Principal p, String relation) {
        if (spec.relation(p.tier(), relation).isEmpty()) {
            throw new Forbidden("tier " + p.tier().key() + " may not read " + relation);
        }
        return spec.table(p.tier(), relation);
    }

    /** 403 when the principal's row scope excludes {@code entity}; null when it may read it. */
    private Reply rowScope(Principal p, String entity) throws IOException {
        switch (p.tier().rows()) {
            case ALL:
                return null;
            case SELF:
                return entity.equals(p.entity())
                        ? null
                        : error(403, "an entity key reads its own records only");
            case COUNTERPARTIES:
                String pairs = spec.table(p.tier(), SharingSpec.TRADE_PAIRS);
                String n =
                        query(p).select(
                                        "SELECT count() FROM "
                                                + pairs
                                                + " WHERE (entity_id = {me:String} AND"
                                                + " counterparty_id = {other:String}) OR"
                                                + " (entity_id = {other:String} AND"
                                                + " counterparty_id = {me:String})",
                                        Map.of("me", p.entity(), "other", entity))
                                .single();
                return Long.parseLong(n) > 0
                        ? null
                        : error(403, "a counterparty key reads entities it has traded with only");
            default:
                throw new IllegalStateException("row scope " + p.tier().rows());
        }
    }

    /** The principal's row scope as an extra WHERE term (empty for tiers that read every row). */
    private String scopeClause(Principal p, Map<String, Object> args) {
        switch (p.tier().rows()) {
            case ALL:
                return "";
            case SELF:
                args.put("me", p.entity());
                return " AND entity_id = {me:String}";
            case COUNTERPARTIES:
                args.put("me", p.entity());
                String pairs = spec.table(p.tier(), SharingSpec.TRADE_PAIRS);
                return " AND (entity_id IN (SELECT counterparty_id FROM "
                        + pairs
                        + " WHERE entity_id = {me:String}) OR entity_id IN (SELECT entity_id FROM "
                        + pairs
                        + " WHERE counterparty_id = {me:String}))";
            default:
                throw new IllegalStateException("row scope " + p.tier().rows());
        }
    }

    private Reads query(Principal p) {
        return new Reads(queries.get(p.tier()));
    }

    /**
     * The reads of one request. A SELECT is idempotent, so a request that failed below HTTP (a
     * pooled keep-alive connection the server closed just then: "header parser received no bytes",
     * a reset) is sent once more; an error ClickHouse answered is not retried.
     */
    private record Reads(ClickHouseQuery query) {
        interface Read<T> {
            T run() throws IOException;
        }

        private static <T> T once(Read<T> read) throws IOException {
            try {
                return read.run();
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (m.startsWith("ClickHouse answered HTTP")) {
                    throw e;
                }
                return read.run();
            }
        }

        List<String> selectJsonEachRow(String sql, Map<String, ?> args) throws IOException {
            return once(() -> query.selectJsonEachRow(sql, args));
        }

        io.crosstrust.sinks.clickhouse.ClickHouseRows select(String sql, Map<String, ?> args)
                throws IOException {
            return once(() -> query.select(sql, args));
        }
    }

    // ---- live warnings --------------------------------------------------------------------

    private void stream(HttpExchange x, Principal p, Map<String, String> q) throws IOException {
        if (warnings == null) {
            send(x, error(404, "no live warning feed in this service"));
            return;
        }
        tableOrForbid(p, SharingSpec.WARNINGS);
        String severity = q.containsKey("severity") ? Validation.severity(q.get("severity")) : null;
        String region = q.containsKey("region") ? Validation.region(q.get("region")) : null;
        String entity = p.tier().rows() == SharingTier.RowScope.SELF ? p.entity() : null;
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        warnings.subscribe(new WarningStream.Subscriber(out, severity, region, entity));
    }

    // ---- HTTP plumbing --------------------------------------------------------------------

    private static String apiKey(HttpExchange x, String fromQuery) {
        String k = x.getRequestHeaders().getFirst("X-Api-Key");
        if (k == null) {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                k = auth.substring(7).strip();
            }
        }
        return k != null ? k : fromQuery;
    }

    private static List<String> segments(String rawPath) {
        try {
            return java.util.Arrays.stream(rawPath.split("/"))
                    .filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                    .toList();
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed path");
        }
    }

    static Map<String, String> queryParams(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        if (raw.length() > 4096) {
            throw new BadRequest("query string too long");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                k = URLDecoder.decode(k, StandardCharsets.UTF_8);
                v = URLDecoder.decode(v, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("malformed query string");
            }
            if (out.put(k, v) != null) {
                throw new BadRequest("parameter " + k.replaceAll("[^A-Za-z0-9_]", "?") + " twice");
            }
        }
        return out;
    }

    private static int limit(Map<String, String> q) {
        return Validation.integer(q.get("limit"), "limit", DEFAULT_LIMIT, 1, Validation.MAX_LIMIT);
    }

    private static int offset(Map<String, String> q) {
        return Validation.integer(q.get("offset"), "offset", 0, 0, Validation.MAX_OFFSET);
    }

    private static JsonNode parse(String row) {
        try {
            return JSON.readTree(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode envelope(Principal p, List<String> rows, int limit, int offset) {
        ObjectNode body = JSON.createObjectNode();
        body.put("tier", p.tier().key());
        ArrayNode items = body.putArray("items");
        rows.forEach(r -> items.add(parse(r)));
        body.put("limit", limit);
        body.put("offset", offset);
        if (rows.size() == limit) {
            body.put("next_offset", offset + limit);
        }
        return body;
    }

    private static Reply ok(Principal p, List<String> rows, int limit, int offset) {
        return json(200, envelope(p, rows, limit, offset));
    }

    private static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("error", message);
        return json(status, body);
    }

    private static Reply resource(String name, String type) throws IOException {
        try (InputStream in = CreditApi.class.getResourceAsStream(name)) {
            if (in == null) {
                return error(404, "not packaged: " + name);
            }
            return new Reply(200, type, in.readAllBytes());
        }
    }

    private void send(HttpExchange x, Reply r) {
        try (x) {
            x.getResponseHeaders().set("Content-Type", r.contentType());
            x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            x.sendResponseHeaders(r.status(), r.body().length);
            x.getResponseBody().write(r.body());
        } catch (IOException e) {
            LOG.debug("query API: client went away: {}", e.getMessage());
        }
    }
}
