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
import java.util.regex.Pattern;

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
 * the reader (counterparty, entity) have no users.xml setting in 18.16; they are enforced per
 * {@link Principal} instead ({@link #legacyPrincipalStatements}): the principal's own database
 * holds {@code Distributed} tables over views in a row-scope database that only an internal user
 * may read, and the server runs those views as that user (the cluster's credentials), not as the
 * reader. The query API applies the same row scopes as parameters to the tier users. On current
 * ClickHouse row policies enforce them in the server.
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
            user(x, principalName(tier), password, "crosstrust_sharing", List.of(database(tier)));
        }
        x.append("  </users>\n</yandex>\n");
        return x.toString();
    }

    // ---- ClickHouse 18.16: row scopes per principal --------------------------------------

    /**
     * A reader of the counterparty or entity tier speaking for one entity, with a ClickHouse user
     * of its own on 18.16: {@code name} is lower-case letters, digits and _ (it names the user and
     * the database), {@code entityId} letters, digits and {@code _.:-}.
     */
    public record Principal(String name, SharingTier tier, String entityId) {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
        private static final Pattern ENTITY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

        public Principal {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "principal name '"
                                + name
                                + "': want lower-case letters, digits and _ (max 48), starting"
                                + " with a letter");
            }
            if (!tier.needsPrincipal()) {
                throw new IllegalArgumentException(
                        "principal "
                                + name
                                + ": tier "
                                + tier.key()
                                + " reads every row; its tier user is enough");
            }
            if (entityId == null || !ENTITY.matcher(entityId).matches()) {
                throw new IllegalArgumentException(
                        "principal "
                                + name
                                + ": entity id '"
                                + entityId
                                + "': want letters, digits and _.:- (max 128)");
            }
        }

        /**
         * The entity id as a SQL string literal. Safe because the id matched {@link #ENTITY} (no
         * quote, no backslash); 18.16 views take no parameters.
         */
        String entityLiteral() {
            return "'" + entityId + "'";
        }
    }

    /**
     * The database of the row-scoped views: read only by {@link #rowScopeUser()} (through the
     * cluster {@link #rowScopeCluster()}), never by a reader.
     */
    public String rowScopeDatabase() {
        return base + "_rowscope";
    }

    /** The internal user that the principals' Distributed tables run their views as. */
    public String rowScopeUser() {
        return base + "_rowscope";
    }

    /** The one-replica cluster (this server, as {@link #rowScopeUser()}) in config.d. */
    public String rowScopeCluster() {
        return base + "_rowscope";
    }

    /**
     * A principal's ClickHouse user, and the only database it may read: {@code <base>_p_<name>}.
     */
    public String principalUser(Principal p) {
        return base + "_p_" + p.name();
    }

    public String principalDatabase(Principal p) {
        return principalUser(p);
    }

    private String rowScopeView(Principal p, Relation r) {
        return p.name() + "__" + r.name();
    }

    /** The rows of a tier relation that a principal may read, as a WHERE condition. */
    private String rowScope(Principal p, Relation r) {
        String e = p.entityLiteral();
        if (r.name().equals(TRADE_PAIRS)) {
            return "entity_id = " + e + " OR counterparty_id = " + e;
        }
        if (p.tier().rows() == SharingTier.RowScope.SELF) {
            return "entity_id = " + e;
        }
        String pairs = database(SharingTier.COUNTERPARTY) + "." + TRADE_PAIRS;
        return "entity_id IN (SELECT counterparty_id FROM "
                + pairs
                + " FINAL WHERE entity_id = "
                + e
                + ") OR entity_id IN (SELECT entity_id FROM "
                + pairs
                + " FINAL WHERE counterparty_id = "
                + e
                + ")";
    }

    /**
     * DDL for the principals on 18.16, run as admin after {@link #legacyStatements} and after the
     * server has loaded {@link #legacyRowScopeClusterXml} (a Distributed table needs its cluster).
     * Per principal and relation of its tier: a view in {@link #rowScopeDatabase()} of the tier's
     * copy (FINAL) restricted to the principal's rows, and a {@code Distributed} table of the same
     * name in the principal's database over that view. Reading the Distributed table, the server
     * connects to itself as {@link #rowScopeUser()} (the readers' profile turns the local short-cut
     * off, and turning it back on fails with Access denied), so the view runs with rights the
     * reader does not have. Views and tables are dropped and recreated, so a changed entity takes
     * effect.
     */
    public List<String> legacyPrincipalStatements(List<Principal> principals) {
        List<String> out = new ArrayList<>();
        out.add("CREATE DATABASE IF NOT EXISTS " + rowScopeDatabase());
        for (Principal p : principals) {
            String db = principalDatabase(p);
            out.add("CREATE DATABASE IF NOT EXISTS " + db);
            for (Relation r : relations(p.tier()).values()) {
                String view = rowScopeDatabase() + "." + rowScopeView(p, r);
                out.add("DROP TABLE IF EXISTS " + db + "." + r.name());
                out.add("DROP TABLE IF EXISTS " + view);
                out.add(
                        "CREATE VIEW "
                                + view
                                + " AS SELECT * FROM "
                                + database(p.tier())
                                + "."
                                + r.name()
                                + " FINAL WHERE "
                                + rowScope(p, r));
                out.add(
                        "CREATE TABLE "
                                + db
                                + "."
                                + r.name()
                                + " AS "
                                + view
                                + " ENGINE = Distributed("
                                + rowScopeCluster()
                                + ", "
                                + rowScopeDatabase()
                                + ", "
                                + rowScopeView(p, r)
                                + ")");
            }
        }
        return out;
    }

    /**
     * A config.d fragment declaring {@link #rowScopeCluster()}: this server's native port, as
     * {@link #rowScopeUser()}. ClickHouse keeps cluster passwords in plain text, so the file must
     * be readable by the server's owner only.
     */
    public String legacyRowScopeClusterXml(int nativePort, String rowScopePassword) {
        requireSecret(rowScopePassword, "the row-scope user");
        return "<?xml version=\"1.0\"?>\n"
                + "<!-- Generated by crosstrust SharingSpec: the row-scope cluster. Secret: keep"
                + " owner-only. -->\n"
                + "<yandex>\n  <remote_servers>\n    <"
                + rowScopeCluster()
                + ">\n      <shard>\n        <replica>\n"
                + "          <host>127.0.0.1</host>\n          <port>"
                + nativePort
                + "</port>\n          <user>"
                + rowScopeUser()
                + "</user>\n          <password>"
                + rowScopePassword
                + "</password>\n        </replica>\n      </shard>\n    </"
                + rowScopeCluster()
                + ">\n  </remote_servers>\n</yandex>\n";
    }

    /**
     * A users.d fragment: one read-only user per principal, allowed its own database only, with the
     * local short-cut of Distributed tables off; and the row-scope user, allowed the base database,
     * the counterparty and entity tier databases and the row-scope one. Passwords are stored as
     * SHA-256 only.
     */
    public String legacyPrincipalUsersXml(
            List<Principal> principals, Map<String, String> passwords, String rowScopePassword) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n")
                .append("<!-- Generated by crosstrust SharingSpec: one read-only user per")
                .append(" principal, and the row-scope user. Do not edit; regenerate. -->\n")
                .append("<yandex>\n  <profiles>\n    <crosstrust_principal>\n")
                .append("      <readonly>2</readonly>\n")
                // read the Distributed tables over the network, as the cluster's user; with the
                // short-cut on (a reader may set it) the views fail with Access denied
                .append("      <prefer_localhost_replica>0</prefer_localhost_replica>\n")
                .append("      <max_memory_usage>1000000000</max_memory_usage>\n")
                .append("      <max_execution_time>30</max_execution_time>\n")
                .append("      <max_result_rows>100000</max_result_rows>\n")
                .append("    </crosstrust_principal>\n  </profiles>\n  <users>\n");
        for (Principal p : principals) {
            String password = passwords.get(p.name());
            requireSecret(password, "principal " + p.name());
            user(
                    x,
                    principalUser(p),
                    password,
                    "crosstrust_principal",
                    List.of(principalDatabase(p)));
        }
        requireSecret(rowScopePassword, "the row-scope user");
        user(
                x,
                rowScopeUser(),
                rowScopePassword,
                "crosstrust_principal",
                List.of(
                        base,
                        database(SharingTier.COUNTERPARTY),
                        database(SharingTier.ENTITY),
                        rowScopeDatabase()));
        x.append("  </users>\n</yandex>\n");
        return x.toString();
    }

    private static void user(
            StringBuilder x, String name, String password, String profile, List<String> dbs) {
        x.append("    <")
                .append(name)
                .append(">\n      <password_sha256_hex>")
                .append(sha256Hex(password))
                .append("</password_sha256_hex>\n")
                .append("      <networks>\n        <ip>127.0.0.1</ip>\n")
                .append("        <ip>::1</ip>\n      </networks>\n")
                .append("      <profile>")
                .append(profile)
                .append("</profile>\n")
                .append("      <quota>default</quota>\n")
                .append("      <allow_databases>\n");
        for (String db : dbs) {
            x.append("        <database>").append(db).append("</database>\n");
        }
        x.append("      </allow_databases>\n    </").append(name).append(">\n");
    }

    private static void requireSecret(String secret, String whose) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no password for " + whose);
        }
        if (!secret.chars().allMatch(c -> c > 32 && c < 127 && c != '<' && c != '&')) {
            throw new IllegalArgumentException(
                    "the password for " + whose + " must be printable ASCII without < or &");
        }
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
