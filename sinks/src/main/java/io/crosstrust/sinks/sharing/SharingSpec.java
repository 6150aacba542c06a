package io.crosstrust.sinks.sharing;

import io.crosstrust.sinks.clickhouse.ClickHouseIdentifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one definition of multi-level credit data sharing: for each {@link SharingTier}, which
 * relations (tables) it reads, which of their columns, and which rows. Everything else is generated
 * from it: the ClickHouse 18.16 enforcement ({@link #legacyStatements}, {@link #legacyUsersXml}),
 * the current-ClickHouse roles, grants and row policies ({@link #currentStatements}), the query
 * API's column lists and the table in docs/sharing.md.
 *
 * <p>ClickHouse 18.16 has no GRANT and no row policies; its users.xml can only limit a user to a
 * list of databases ({@code allow_databases}) and make it read-only, and a plain VIEW is checked
 * with the reader's rights on the tables underneath (a view in an allowed database over a forbidden
 * one fails). So on 18.16 each tier but the regulator gets its own database of <em>materialized
 * views</em>: column-projected copies fed by every insert into the base tables (and POPULATEd from
 * what is there at creation). A tier user can read only its database; the columns it must not see
 * are not in it. The regulator reads the base database itself, read-only. Row scopes that depend on
 * the reader (counterparty, entity) cannot be expressed in 18.16's users.xml: there they are
 * applied by the query API (parameters, never concatenation), which is the only holder of those
 * tiers' ClickHouse passwords. On current ClickHouse row policies enforce them in the server.
 */
public final class SharingSpec {

    /** Every column of credit_scores / credit_scores_latest a reader may be shown. */
    static final List<String> FI_SCORE_COLUMNS =
            List.of(
                    "entity_id",
                    "region",
                    "chain_address",
                    "as_of",
                    "as_of_ms",
                    "composite",
                    "pd",
                    "grade",
                    "dim_fulfilment",
                    "dim_payment",
                    "dim_logistics",
                    "dim_compliance",
                    "dim_disputes",
                    "dim_stability",
                    "dim_network",
                    "dim_transparency",
                    "reason_code",
                    "reason_dimension",
                    "reason_points",
                    "reason_description",
                    "recommended_limit",
                    "limit_currency",
                    "model_id",
                    "model_version",
                    "score_version");

    /**
     * A relation a tier reads: its name in the tier's database, where it comes from, what of it.
     */
    public record Relation(
            String name,
            String source,
            List<String> columns,
            String engine,
            String where,
            boolean entityKeyed) {
        /** True when every column of the source is shared ({@code SELECT *}). */
        public boolean allColumns() {
            return columns.equals(List.of("*"));
        }
    }

    public static final String SCORES = "scores";
    public static final String SCORE_HISTORY = "score_history";
    public static final String WARNINGS = "warnings";
    public static final String TRADE_PAIRS = "trade_pairs";
    public static final String EVIDENCE = "trade_events";
    public static final String NETWORK_REGION = "network_region_day";
    public static final String NETWORK_CORRIDOR = "network_corridor_day";
    public static final String KPIS = "kpi_monthly";

    private static final String LATEST_ENGINE =
            "ReplacingMergeTree(score_version) ORDER BY entity_id";
    private static final String HISTORY_ENGINE =
            "ReplacingMergeTree() ORDER BY (entity_id, score_version)";

    private final String base;
    private final Map<SharingTier, Map<String, Relation>> relations;

    private SharingSpec(String base, Map<SharingTier, Map<String, Relation>> relations) {
        this.base = base;
        this.relations = relations;
    }

    /** crosstrust's tiers over the base database {@code base} (e.g. crosstrust). */
    public static SharingSpec standard(String base) {
        ClickHouseIdentifier.check(base, "database");
        Map<SharingTier, Map<String, Relation>> r = new EnumMap<>(SharingTier.class);
        r.put(
                SharingTier.PUBLIC,
                relations(
                        new Relation(
                                SCORES,
                                "credit_scores_latest",
                                List.of(
                                        "entity_id",
                                        "chain_address",
                                        "grade",
                                        "as_of",
                                        "as_of_ms",
                                        "score_version"),
                                LATEST_ENGINE,
                                null,
                                true)));
        r.put(
                SharingTier.COUNTERPARTY,
                relations(
                        new Relation(
                                SCORES,
                                "credit_scores_latest",
                                List.of(
                                        "entity_id",
                                        "chain_address",
                                        "grade",
                                        "recommended_limit",
                                        "limit_currency",
                                        "as_of",
                                        "as_of_ms",
                                        "score_version"),
                                LATEST_ENGINE,
                                null,
                                true),
                        // who traded with whom, both directions, so "my counterparties" is one
                        // lookup; the source of the counterparty row scope
                        new Relation(
                                TRADE_PAIRS,
                                "trade_events",
                                List.of(
                                        "subject_id AS entity_id",
                                        "assumeNotNull(counterparty_id) AS counterparty_id"),
                                "ReplacingMergeTree() ORDER BY (entity_id, counterparty_id)",
                                "counterparty_id IS NOT NULL AND removed = 0",
                                false)));
        r.put(
                SharingTier.FINANCIAL_INSTITUTION,
                relations(
                        new Relation(
                                SCORES,
                                "credit_scores_latest",
                                FI_SCORE_COLUMNS,
                                LATEST_ENGINE,
                                null,
                                true),
                        new Relation(
                                SCORE_HISTORY,
                                "credit_scores",
                                FI_SCORE_COLUMNS,
                                HISTORY_ENGINE,
                                null,
                                true)));
        r.put(
                SharingTier.ENTITY,
                relations(
                        new Relation(
                                SCORES,
                                "credit_scores_latest",
                                List.of("*"),
                                LATEST_ENGINE,
                                null,
                                true),
                        new Relation(
                                SCORE_HISTORY,
                                "credit_scores",
                                List.of("*"),
                                HISTORY_ENGINE,
                                null,
                                true),
                        new Relation(
                                WARNINGS,
                                "risk_warnings",
                                List.of("*"),
                                "ReplacingMergeTree() ORDER BY (entity_id, event_id)",
                                null,
                                true)));
        // the regulator reads the base database as it is: these name what the API serves it
        r.put(
                SharingTier.REGULATOR,
                relations(
                        new Relation(
                                SCORES, "credit_scores_latest", List.of("*"), null, null, true),
                        new Relation(
                                SCORE_HISTORY, "credit_scores", List.of("*"), null, null, true),
                        new Relation(WARNINGS, "risk_warnings", List.of("*"), null, null, true),
                        new Relation(EVIDENCE, "trade_events", List.of("*"), null, null, false),
                        new Relation(
                                NETWORK_REGION,
                                "network_region_day",
                                List.of("*"),
                                null,
                                null,
                                false),
                        new Relation(
                                NETWORK_CORRIDOR,
                                "network_corridor_day",
                                List.of("*"),
                                null,
                                null,
                                false),
                        new Relation(KPIS, "kpi_monthly", List.of("*"), null, null, false)));
        return new SharingSpec(base, r);
    }

    private static Map<String, Relation> relations(Relation... rs) {
        Map<String, Relation> m = new LinkedHashMap<>();
        for (Relation x : rs) {
            m.put(x.name(), x);
        }
        return m;
    }

    public String baseDatabase() {
        return base;
    }

    /** The relations of a tier, by name. */
    public Map<String, Relation> relations(SharingTier tier) {
        return relations.get(tier);
    }

    public Optional<Relation> relation(SharingTier tier, String name) {
        return Optional.ofNullable(relations.get(tier).get(name));
    }

    /** Whether a tier reads its own database (all but the regulator, who reads the base one). */
    public boolean hasOwnDatabase(SharingTier tier) {
        return tier != SharingTier.REGULATOR;
    }

    /** The database a tier's user may read: {@code <base>_<tier>}, or the base one. */
    public String database(SharingTier tier) {
        return hasOwnDatabase(tier) ? base + "_" + tier.key() : base;
    }

    /** The ClickHouse user (18.16) or role (current) of a tier: {@code <base>_<tier>_reader}. */
    public String principalName(SharingTier tier) {
        return base + "_" + tier.key() + "_reader";
    }

    /** Database-qualified name of what a tier reads for a relation, for the query API. */
    public String table(SharingTier tier, String relation) {
        Relation r =
                relation(tier, relation)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "tier " + tier.key() + " has no " + relation));
        return database(tier) + "." + (hasOwnDatabase(tier) ? r.name() : r.source());
    }

    // ---- ClickHouse 18.16 -----------------------------------------------------------------

    /**
     * DDL for 18.16 (runs unchanged on current releases too): one database per tier holding
     * materialized views, each a column-projected copy of a base table. Run as an admin after
     * {@code ClickHouseSchema.apply}. Idempotent; a changed column list needs the view dropped
     * first (as with every view in the schema).
     */
    public List<String> legacyStatements() {
        List<String> out = new ArrayList<>();
        for (SharingTier tier : SharingTier.values()) {
            if (!hasOwnDatabase(tier)) {
                continue;
            }
            String db = database(tier);
            out.add("CREATE DATABASE IF NOT EXISTS " + db);
            for (Relation r : relations(tier).values()) {
                out.add(
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS "
                                + db
                                + "."
                                + r.name()
                                + " ENGINE = "
                                + r.engine()
                                + " POPULATE AS SELECT "
                                + String.join(", ", r.columns())
                                + " FROM "
                                + base
                                + "."
                                + r.source()
                                + (r.where() == null ? "" : " WHERE " + r.where()));
            }
        }
        return out;
    }

    /**
     * A users.xml fragment (for the server's users.d/ directory) with one read-only user per tier,
     * each limited to its tier's database. Passwords are stored as SHA-256 only.
     */
    public String legacyUsersXml(Map<SharingTier, String> passwords) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n")
                .append("<!-- Generated by crosstrust SharingSpec: one read-only user per")
                .append(" sharing tier. Do not edit; regenerate. -->\n")
                .append("<yandex>\n  <profiles>\n    <crosstrust_sharing>\n")
                // 2: no writes, no DDL, but the per-request settings our HTTP client sends
                .append("      <readonly>2</readonly>\n")
                .append("      <max_memory_usage>1000000000</max_memory_usage>\n")
                .append("      <max_execution_time>30</max_execution_time>\n")
                .append("      <max_result_rows>100000</max_result_rows>\n")
                .append("    </crosstrust_sharing>\n  </profiles>\n  <users>\n");
        for (SharingTier tier : SharingTier.values()) {
            String password = passwords.get(tier);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password for tier " + tier.key());
            }
            x.append("    <")
                    .append(principalName(tier))
                    .append(">\n      <password_sha256_hex>")
                    .append(sha256Hex(password))
                    .append("</password_sha256_hex>\n")
                    .append("      <networks>\n        <ip>127.0.0.1</ip>\n")
                    .append("        <ip>::1</ip>\n      </networks>\n")
                    .append("      <profile>crosstrust_sharing</profile>\n")
                    .append("      <quota>default</quota>\n")
                    .append("      <allow_databases>\n        <database>")
                    .append(database(tier))
                    .append("</database>\n      </allow_databases>\n    </")
                    .append(principalName(tier))
                    .append(">\n");
        }
        x.append("  </users>\n</yandex>\n");
        return x.toString();
    }

    // ---- current ClickHouse ---------------------------------------------------------------

    /**
     * Roles, column GRANTs and row policies for current ClickHouse (22.x and later) over the base
     * tables, no copies. Per-principal rows: a reader user is mapped to its entity in {@code
     * <base>.sharing_principals} (user_name, entity_id); policies compare with {@code
     * currentUser()}. Everyone not named in a policy of a table keeps all rows of it (the {@code TO
     * ALL EXCEPT} policies), as ClickHouse otherwise hides every row from them. Users are created
     * by the operator ({@code CREATE USER ... ; GRANT <role> TO user}).
     */
    public List<String> currentStatements() {
        List<String> out = new ArrayList<>();
        String principals = base + ".sharing_principals";
        out.add(
                "CREATE TABLE IF NOT EXISTS "
                        + principals
                        + " (user_name String, entity_id String)"
                        + " ENGINE = ReplacingMergeTree() ORDER BY user_name");
        // a materialized copy, not a view: a current-ClickHouse view is checked with the reader's
        // rights on trade_events, which a counterparty must not read
        out.add(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS "
                        + base
                        + ".sharing_trade_pairs ENGINE = ReplacingMergeTree()"
                        + " ORDER BY (entity_id, counterparty_id) POPULATE AS SELECT"
                        + " subject_id AS entity_id, assumeNotNull(counterparty_id) AS"
                        + " counterparty_id FROM "
                        + base
                        + ".trade_events WHERE counterparty_id IS NOT NULL AND removed = 0");
        String mine = "SELECT entity_id FROM " + principals + " WHERE user_name = currentUser()";
        String self = "entity_id IN (" + mine + ")";
        String pairs = base + ".sharing_trade_pairs";
        String partners =
                "(entity_id IN (SELECT counterparty_id FROM "
                        + pairs
                        + " WHERE entity_id IN ("
                        + mine
                        + ")) OR entity_id IN (SELECT entity_id FROM "
                        + pairs
                        + " WHERE counterparty_id IN ("
                        + mine
                        + ")))";
        Map<String, List<String>> policiesByTable = new LinkedHashMap<>();
        for (SharingTier tier : SharingTier.values()) {
            String role = principalName(tier);
            out.add("CREATE ROLE IF NOT EXISTS " + role);
            if (tier == SharingTier.REGULATOR) {
                out.add("GRANT SELECT ON " + base + ".* TO " + role);
                continue;
            }
            if (tier.needsPrincipal()) {
                out.add("GRANT SELECT ON " + principals + " TO " + role);
            }
            for (Relation r : relations(tier).values()) {
                if (r.name().equals(TRADE_PAIRS)) {
                    out.add("GRANT SELECT ON " + pairs + " TO " + role);
                    out.add(
                            "CREATE ROW POLICY IF NOT EXISTS "
                                    + role
                                    + "_pairs ON "
                                    + pairs
                                    + " USING entity_id IN ("
                                    + mine
                                    + ") OR counterparty_id IN ("
                                    + mine
                                    + ") TO "
                                    + role);
                    policiesByTable.computeIfAbsent(pairs, t -> new ArrayList<>()).add(role);
                    continue;
                }
                String table = base + "." + r.source();
                out.add(
                        "GRANT SELECT"
                                + (r.allColumns() ? "" : "(" + String.join(", ", r.columns()) + ")")
                                + " ON "
                                + table
                                + " TO "
                                + role);
                if (tier.needsPrincipal() && r.entityKeyed()) {
                    String policy = role + "_rows";
                    out.add(
                            "CREATE ROW POLICY IF NOT EXISTS "
                                    + policy
                                    + " ON "
                                    + table
                                    + " USING "
                                    + (tier.rows() == SharingTier.RowScope.SELF ? self : partners)
                                    + " TO "
                                    + role);
                    policiesByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(role);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : policiesByTable.entrySet()) {
            String table = e.getKey();
            out.add(
                    "CREATE ROW POLICY IF NOT EXISTS "
                            + base
                            + "_others_"
                            + table.substring(table.indexOf('.') + 1)
                            + " ON "
                            + table
                            + " USING 1 TO ALL EXCEPT "
                            + String.join(", ", e.getValue()));
        }
        return out;
    }

    static String sha256Hex(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
