package io.crosstrust.jobs.warnings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.events.output.WarningType;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The warning rules in force: per warning type a switch, a cool-down and numeric thresholds, under
 * one rule-set version. Rules are data: risk teams publish a JSON rule set to risk.rules and the
 * jobs apply it without restart (docs/warnings.md):
 *
 * <pre>
 * {"version": 4,
 *  "rules": {"DISPUTE_SPIKE": {"min_disputes": 4, "cooldown_days": 10},
 *            "LIMIT_BREACH": {"enabled": false}}}
 * </pre>
 *
 * A set is the {@link #defaults()} overridden by what it lists: a type it does not name keeps its
 * default rule, a rule keeps the default of every parameter it does not set. Parsing validates
 * everything and names the first problem: unknown types and parameters (with the known ones),
 * values out of range, a version that is not a positive integer. Immutable and serializable.
 */
public final class RiskRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parameter: its default, its allowed range, what it means. */
    public record Param(String name, double defaultValue, double min, double max, String meaning)
            implements Serializable {}

    /**
     * One type's rule.
     *
     * @param cooldownMillis no repeat of the same warning for an entity within this, unless its
     *     severity rises
     */
    public record Rule(
            WarningType type, boolean enabled, long cooldownMillis, Map<String, Double> values)
            implements Serializable {
        public Rule {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** A parameter's value (its default unless the set overrides it). */
        public double get(String param) {
            Double v = values.get(param);
            if (v == null) {
                throw new IllegalArgumentException(type + " has no parameter " + param);
            }
            return v;
        }

        public long days(String param) {
            return (long) (get(param) * 86_400_000.0);
        }

        /** The rule id warnings name: the type's name. */
        public String id() {
            return type.name();
        }
    }

    private static final double DAY = 1.0;

    /** Every parameter of every type, with defaults (the shipped rule set, version 1). */
    public static final Map<WarningType, List<Param>> PARAMS = params();

    private final long version;
    private final Map<WarningType, Rule> rules;

    private RiskRules(long version, Map<WarningType, Rule> rules) {
        this.version = version;
        this.rules = Collections.unmodifiableMap(new EnumMap<>(rules));
    }

    /** The shipped rules, version 1. */
    public static RiskRules defaults() {
        Map<WarningType, Rule> rules = new EnumMap<>(WarningType.class);
        for (Map.Entry<WarningType, List<Param>> e : PARAMS.entrySet()) {
            rules.put(e.getKey(), defaultRule(e.getKey()));
        }
        return new RiskRules(1, rules);
    }

    private static Rule defaultRule(WarningType type) {
        Map<String, Double> values = new LinkedHashMap<>();
        double cooldown = 14;
        for (Param p : PARAMS.get(type)) {
            if (p.name().equals("cooldown_days")) {
                cooldown = p.defaultValue();
            } else {
                values.put(p.name(), p.defaultValue());
            }
        }
        return new Rule(type, true, (long) (cooldown * 86_400_000.0), values);
    }

    public long version() {
        return version;
    }

    public Rule rule(WarningType type) {
        return rules.get(type);
    }

    public boolean enabled(WarningType type) {
        Rule r = rules.get(type);
        return r != null && r.enabled();
    }

    /**
     * Parses and validates a rule set.
     *
     * @throws InvalidRulesException naming the first problem
     */
    public static RiskRules parse(byte[] json) throws InvalidRulesException {
        if (json == null || json.length == 0) {
            throw new InvalidRulesException("empty rule set");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidRulesException("rule set is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRulesException("rule set must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("version") && !f.equals("rules") && !f.equals("description")) {
                throw new InvalidRulesException(
                        "unknown field '" + f + "'; a rule set has version, rules, description");
            }
        }
        JsonNode v = root.get("version");
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
            throw new InvalidRulesException("version must be a positive integer, got " + v);
        }
        Map<WarningType, Rule> rules = new EnumMap<>(WarningType.class);
        for (WarningType t : PARAMS.keySet()) {
            rules.put(t, defaultRule(t));
        }
        JsonNode list = root.get("rules");
        if (list != null && !list.isNull()) {
            if (!list.isObject()) {
                throw new InvalidRulesException("rules must be an object of warning type -> rule");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                WarningType type = type(e.getKey());
                rules.put(type, rule(type, e.getValue()));
            }
        }
        return new RiskRules(v.asLong(), rules);
    }

    private static WarningType type(String name) throws InvalidRulesException {
        for (WarningType t : PARAMS.keySet()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new InvalidRulesException(
                "unknown warning type '" + name + "'; known: " + PARAMS.keySet());
    }

    private static Rule rule(WarningType type, JsonNode node) throws InvalidRulesException {
        if (!node.isObject()) {
            throw new InvalidRulesException(type + ": a rule must be an object of parameters");
        }
        Rule base = defaultRule(type);
        boolean enabled = true;
        long cooldown = base.cooldownMillis();
        Map<String, Double> values = new LinkedHashMap<>(base.values());
        List<Param> known = PARAMS.get(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (name.equals("enabled")) {
                if (!value.isBoolean()) {
                    throw new InvalidRulesException(
                            type + ".enabled must be true or false, got " + value);
                }
                enabled = value.asBoolean();
                continue;
            }
            Param p = null;
            for (Param k : known) {
                if (k.name().equals(name)) {
                    p = k;
                }
            }
            if (p == null) {
                List<String> names = new ArrayList<>();
                names.add("enabled");
                known.forEach(k -> names.add(k.name()));
                throw new InvalidRulesException(
                        type + ": unknown parameter '" + name + "'; known: " + names);
            }
            if (!value.isNumber()) {
                throw new InvalidRulesException(
                        type + "." + name + " must be a number, got " + value);
            }
            double d = value.asDouble();
            if (!(d >= p.min() && d <= p.max())) {
                throw new InvalidRulesException(
                        type
                                + "."
                                + name
                                + " must be in ["
                                + trim(p.min())
                                + ", "
                                + trim(p.max())
                                + "], got "
                                + value);
            }
            if (name.equals("cooldown_days")) {
                cooldown = (long) (d * 86_400_000.0);
            } else {
                values.put(name, d);
            }
        }
        return new Rule(type, enabled, cooldown, values);
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }

    /** The rule set as JSON (every type, every parameter), e.g. to start from when editing. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", version);
        Map<String, Object> all = new LinkedHashMap<>();
        for (Rule r : rules.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", r.enabled());
            m.put("cooldown_days", r.cooldownMillis() / 86_400_000.0);
            m.putAll(r.values());
            all.put(r.type().name(), m);
        }
        root.put("rules", all);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RiskRules r && version == r.version && rules.equals(r.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, rules);
    }

    @Override
    public String toString() {
        return "RiskRules v" + version;
    }

    private static Map<WarningType, List<Param>> params() {
        Map<WarningType, List<Param>> m = new EnumMap<>(WarningType.class);
        m.put(
                WarningType.PAYMENT_OVERDUE,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "grace_days",
                                7,
                                0,
                                365,
                                "days past due after which an unpaid instalment is overdue"),
                        p(
                                "min_overdue",
                                3,
                                1,
                                100,
                                "overdue instalments within the window that raise the warning"),
                        p("window_days", 180, 1, 730, "look-back window for overdue instalments"),
                        p("high_count", 4, 1, 1000, "overdue instalments in the window for HIGH"),
                        p(
                                "critical_days",
                                45,
                                1,
                                3650,
                                "days past due of the oldest unpaid instalment for CRITICAL"),
                        p(
                                "min_late_share",
                                0.3,
                                0,
                                1,
                                "... or a single overdue instalment when at least this share of the payments in the window were late (habitually late payer)"),
                        p(
                                "min_paid",
                                3,
                                1,
                                1000,
                                "payments in the window needed to judge the late share")));
        m.put(
                WarningType.SCORE_DROP,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_drop",
                                80,
                                1,
                                550,
                                "points the recent best composite lies below the best before it"),
                        p(
                                "window_days",
                                30,
                                1,
                                365,
                                "look-back window for the best composite before the drop"),
                        p(
                                "confirm_days",
                                5,
                                1,
                                30,
                                "the drop must hold for this many days: the best composite of these days counts"),
                        p(
                                "max_composite",
                                500,
                                300,
                                850,
                                "only drops to this composite or lower (560 ~ PD 9%)"),
                        p(
                                "min_tenure_days",
                                75,
                                0,
                                3650,
                                "entities younger than this are not judged (their score is still settling)"),
                        p("high_drop", 120, 1, 550, "drop in points for HIGH"),
                        p("critical_drop", 180, 1, 550, "drop in points for CRITICAL")));
        m.put(
                WarningType.GRADE_DOWNGRADE,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_notches",
                                3,
                                1,
                                9,
                                "notches the recent best grade lies below the best grade before it"),
                        p(
                                "window_days",
                                30,
                                1,
                                365,
                                "look-back window for the best grade before the downgrade"),
                        p(
                                "confirm_days",
                                5,
                                1,
                                30,
                                "the downgrade must hold for this many days: the best grade of these days counts"),
                        p(
                                "min_tenure_days",
                                75,
                                0,
                                3650,
                                "entities younger than this are not judged"),
                        p(
                                "worst_grade_index",
                                8,
                                0,
                                9,
                                "only downgrades to this grade or worse (0 = AAA ... 6 = CCC ... 9 = D)")));
        m.put(
                WarningType.DISPUTE_SPIKE,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_disputes",
                                5,
                                1,
                                1000,
                                "disputes against the entity within the window"),
                        p(
                                "min_share",
                                0.25,
                                0,
                                1,
                                "disputes per order (as buyer or seller) within the window"),
                        p("window_days", 30, 1, 365, "look-back window")));
        m.put(
                WarningType.LATE_DELIVERY_CLUSTER,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_late",
                                5,
                                1,
                                1000,
                                "deliveries later than promised (+1 day) within the window"),
                        p(
                                "min_share",
                                0.35,
                                0,
                                1,
                                "late deliveries per delivery within the window"),
                        p("window_days", 30, 1, 365, "look-back window")));
        m.put(
                WarningType.CUSTOMS_HOLD,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_holds",
                                3,
                                1,
                                1000,
                                "orders held or rejected at customs within the window"),
                        p(
                                "min_share",
                                0.2,
                                0,
                                1,
                                "holds or rejections per declaration within the window"),
                        p("window_days", 60, 1, 365, "look-back window")));
        m.put(
                WarningType.VALUE_MISMATCH,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "min_mismatches",
                                3,
                                1,
                                1000,
                                "decisions assessing more than declared within the window"),
                        p("window_days", 90, 1, 730, "look-back window"),
                        p(
                                "high_undervaluation",
                                0.3,
                                0,
                                100,
                                "mean undervaluation (share of the declared value) for HIGH"),
                        p(
                                "min_share",
                                0.05,
                                0,
                                1,
                                "mismatched orders per declaration within the window")));
        m.put(
                WarningType.BUST_OUT,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p("short_days", 14, 1, 90, "recent window whose order volume is compared"),
                        p(
                                "baseline_days",
                                60,
                                7,
                                120,
                                "preceding window the recent volume is compared against"),
                        p(
                                "min_ratio",
                                5,
                                1,
                                1000,
                                "recent daily volume over baseline daily volume"),
                        p("min_history_days", 45, 1, 120, "days of baseline history needed"),
                        p("min_orders", 6, 1, 10000, "orders in the recent window"),
                        p("high_ratio", 8, 1, 1000, "ratio for HIGH"),
                        p(
                                "min_new_share",
                                0.5,
                                0,
                                1,
                                "share of the recent orders placed with sellers the buyer had not bought from in the 60 days before (a bust-out spreads its orders)")));
        m.put(
                WarningType.CIRCULAR_TRADING,
                List.of(
                        p(
                                "cooldown_days",
                                30,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "window_days",
                                4,
                                0.1,
                                60,
                                "days within which the orders of one cycle must fall"),
                        p(
                                "amount_tolerance",
                                0.07,
                                0,
                                1,
                                "largest relative difference between the amounts of a cycle"),
                        p("max_length", 6, 2, 10, "longest cycle searched"),
                        p(
                                "min_amount",
                                100,
                                0,
                                1e12,
                                "orders below this amount are not considered"),
                        p(
                                "high_cycles",
                                2,
                                1,
                                1000,
                                "cycles of the same ring within 60 days for HIGH")));
        m.put(
                WarningType.COUNTERPARTY_CONTAGION,
                List.of(
                        p(
                                "cooldown_days",
                                30,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "trigger_overdue_days",
                                30,
                                1,
                                3650,
                                "a payer turns high-risk when an instalment is this many days past due"),
                        p(
                                "trigger_open_overdue",
                                3000,
                                0,
                                1e12,
                                "... and it owes at least this much overdue in total"),
                        p(
                                "min_exposure",
                                3000,
                                0,
                                1e12,
                                "open amount the payer owes a counterparty for it to be warned"),
                        p("high_exposure", 10000, 0, 1e12, "exposure for HIGH")));
        m.put(
                WarningType.LIMIT_BREACH,
                List.of(
                        p(
                                "cooldown_days",
                                14,
                                0,
                                365,
                                "no repeat within this many days unless severity rises"),
                        p(
                                "window_days",
                                14,
                                1,
                                90,
                                "orders placed within this window are added up"),
                        p(
                                "factor",
                                1.0,
                                0.1,
                                100,
                                "breach when the window's orders exceed the recommended limit times this"),
                        p(
                                "min_amount",
                                2000,
                                0,
                                1e12,
                                "window order amount below which nothing is raised"),
                        p(
                                "min_tenure_days",
                                75,
                                0,
                                3650,
                                "entities younger than this are not judged (their limit is still settling)"),
                        p("high_factor", 3.0, 0.1, 1000, "multiple of the limit for HIGH"),
                        p(
                                "min_surge",
                                8,
                                0,
                                1000,
                                "the window's orders must also be this multiple of the entity's usual volume for such a window (its own baseline, as for BUST_OUT): a breach that is business as usual is a limit-setting matter"),
                        p(
                                "min_orders",
                                6,
                                1,
                                10000,
                                "orders in the window needed (a couple of large orders are no breach pattern)")));
        return m;
    }

    private static Param p(String name, double def, double min, double max, String meaning) {
        return new Param(name, def * DAY, min, max, meaning);
    }
}
