package io.crosstrust.models.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a parsed artifact tree to {@link ModelArtifact} by hand: strict (unknown keys, wrong types
 * and missing fields are errors that name the JSON path, e.g. {@code features[3].edges[2] must be a
 * number}) and fast on a cold JVM (no reflective bean introspection).
 */
final class ArtifactBinder {
    private ArtifactBinder() {}

    static ModelArtifact bind(JsonNode root) throws ArtifactException {
        keys(
                root,
                "",
                Set.of(
                        "format",
                        "format_version",
                        "id",
                        "version",
                        "created_at",
                        "description",
                        "target",
                        "feature_config",
                        "features",
                        "intercept",
                        "calibration",
                        "scale",
                        "grades",
                        "limit_rule",
                        "max_reasons",
                        "training",
                        "metrics",
                        "reference_distribution",
                        "content_hash"));
        JsonNode target = object(root, "target", "");
        keys(target, "target", Set.of("label", "positive", "pd_horizon_days"));
        ModelArtifact.FeatureConfig featureConfig = null;
        JsonNode fc = root.get("feature_config");
        if (fc != null && !fc.isNull()) {
            checkObject(fc, "feature_config");
            keys(
                    fc,
                    "feature_config",
                    Set.of("half_life_days", "short_half_life_days", "reference_currency"));
            featureConfig =
                    new ModelArtifact.FeatureConfig(
                            number(fc, "half_life_days", "feature_config"),
                            number(fc, "short_half_life_days", "feature_config"),
                            text(fc, "reference_currency", "feature_config", false));
        }
        List<ModelArtifact.Feature> features = new ArrayList<>();
        JsonNode fs = array(root, "features", "");
        for (int i = 0; i < fs.size(); i++) {
            features.add(feature(fs.get(i), "features[" + i + "]"));
        }
        JsonNode cal = object(root, "calibration", "");
        keys(cal, "calibration", Set.of("method", "a", "b"));
        JsonNode sc = object(root, "scale", "");
        keys(sc, "scale", Set.of("base_score", "base_odds", "pdo", "min", "max"));
        List<ModelArtifact.GradeBand> grades = new ArrayList<>();
        JsonNode gs = array(root, "grades", "");
        for (int i = 0; i < gs.size(); i++) {
            String p = "grades[" + i + "]";
            JsonNode g = gs.get(i);
            checkObject(g, p);
            keys(g, p, Set.of("grade", "max_pd"));
            grades.add(
                    new ModelArtifact.GradeBand(
                            text(g, "grade", p, false), number(g, "max_pd", p)));
        }
        JsonNode lr = object(root, "limit_rule", "");
        keys(
                lr,
                "limit_rule",
                Set.of("currency", "months_of_volume", "pd_cutoff", "rounding_unit", "max_limit"));
        JsonNode tr = object(root, "training", "");
        keys(
                tr,
                "training",
                Set.of(
                        "method",
                        "source",
                        "data_sha256",
                        "rows",
                        "positives",
                        "seed",
                        "cv_folds",
                        "l2",
                        "max_bins",
                        "min_bin_fraction"));
        JsonNode ms = object(root, "metrics", "");
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw error("metrics." + e.getKey() + " must be a number");
            }
            metrics.put(e.getKey(), e.getValue().doubleValue());
        }
        ModelArtifact.ReferenceDistribution ref = null;
        JsonNode rd = root.get("reference_distribution");
        if (rd != null && !rd.isNull()) {
            checkObject(rd, "reference_distribution");
            keys(rd, "reference_distribution", Set.of("edges", "shares"));
            ref =
                    new ModelArtifact.ReferenceDistribution(
                            numbers(rd, "edges", "reference_distribution"),
                            numbers(rd, "shares", "reference_distribution"));
        }
        JsonNode hash = root.get("content_hash");
        return new ModelArtifact(
                text(root, "format", "", false),
                (int) integer(root, "format_version", ""),
                text(root, "id", "", false),
                text(root, "version", "", false),
                text(root, "created_at", "", false),
                text(root, "description", "", true),
                new ModelArtifact.Target(
                        text(target, "label", "target", false),
                        text(target, "positive", "target", false),
                        (int) integer(target, "pd_horizon_days", "target")),
                featureConfig,
                List.copyOf(features),
                number(root, "intercept", ""),
                new ModelArtifact.Calibration(
                        text(cal, "method", "calibration", false),
                        number(cal, "a", "calibration"),
                        number(cal, "b", "calibration")),
                new ModelArtifact.Scale(
                        number(sc, "base_score", "scale"),
                        number(sc, "base_odds", "scale"),
                        number(sc, "pdo", "scale"),
                        number(sc, "min", "scale"),
                        number(sc, "max", "scale")),
                List.copyOf(grades),
                new ModelArtifact.LimitRule(
                        text(lr, "currency", "limit_rule", false),
                        number(lr, "months_of_volume", "limit_rule"),
                        number(lr, "pd_cutoff", "limit_rule"),
                        integer(lr, "rounding_unit", "limit_rule"),
                        integer(lr, "max_limit", "limit_rule")),
                (int) integer(root, "max_reasons", ""),
                new ModelArtifact.Training(
                        text(tr, "method", "training", false),
                        text(tr, "source", "training", true),
                        text(tr, "data_sha256", "training", true),
                        integer(tr, "rows", "training"),
                        integer(tr, "positives", "training"),
                        integer(tr, "seed", "training"),
                        (int) integer(tr, "cv_folds", "training"),
                        number(tr, "l2", "training"),
                        (int) integer(tr, "max_bins", "training"),
                        number(tr, "min_bin_fraction", "training")),
                metrics,
                ref,
                hash == null || hash.isNull() ? null : hash.asText());
    }

    private static ModelArtifact.Feature feature(JsonNode f, String p) throws ArtifactException {
        checkObject(f, p);
        keys(
                f,
                p,
                Set.of(
                        "name",
                        "type",
                        "dimension",
                        "code",
                        "description",
                        "monotone",
                        "edges",
                        "bins",
                        "missing",
                        "unseen_woe",
                        "weight",
                        "reference_woe"));
        List<ModelArtifact.Bin> bins = new ArrayList<>();
        JsonNode bs = array(f, "bins", p);
        for (int i = 0; i < bs.size(); i++) {
            bins.add(bin(bs.get(i), p + ".bins[" + i + "]"));
        }
        JsonNode missing = object(f, "missing", p);
        return new ModelArtifact.Feature(
                text(f, "name", p, false),
                text(f, "type", p, false),
                text(f, "dimension", p, true),
                text(f, "code", p, false),
                text(f, "description", p, true),
                text(f, "monotone", p, false),
                numbers(f, "edges", p),
                List.copyOf(bins),
                bin(missing, p + ".missing"),
                number(f, "unseen_woe", p),
                number(f, "weight", p),
                number(f, "reference_woe", p));
    }

    private static ModelArtifact.Bin bin(JsonNode b, String p) throws ArtifactException {
        checkObject(b, p);
        keys(b, p, Set.of("categories", "woe", "count", "positives"));
        List<String> categories = null;
        JsonNode cs = b.get("categories");
        if (cs != null && !cs.isNull()) {
            if (!cs.isArray()) {
                throw error(p + ".categories must be an array of strings");
            }
            categories = new ArrayList<>(cs.size());
            for (int i = 0; i < cs.size(); i++) {
                if (!cs.get(i).isTextual()) {
                    throw error(p + ".categories[" + i + "] must be a string");
                }
                categories.add(cs.get(i).textValue());
            }
            categories = List.copyOf(categories);
        }
        return new ModelArtifact.Bin(
                categories,
                number(b, "woe", p),
                integer(b, "count", p),
                integer(b, "positives", p));
    }

    private static void keys(JsonNode n, String p, Set<String> allowed) throws ArtifactException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw error(
                        "unknown field "
                                + where(p, k)
                                + "; this build reads format_version "
                                + ArtifactCodec.FORMAT_VERSION);
            }
        }
    }

    private static JsonNode object(JsonNode n, String key, String p) throws ArtifactException {
        JsonNode v = n.get(key);
        if (v == null || !v.isObject()) {
            throw error(where(p, key) + " must be an object");
        }
        return v;
    }

    private static void checkObject(JsonNode n, String p) throws ArtifactException {
        if (n == null || !n.isObject()) {
            throw error(p + " must be an object");
        }
    }

    private static JsonNode array(JsonNode n, String key, String p) throws ArtifactException {
        JsonNode v = n.get(key);
        if (v == null || !v.isArray()) {
            throw error(where(p, key) + " must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String key, String p, boolean nullable)
            throws ArtifactException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (nullable) {
                return null;
            }
            throw error(where(p, key) + " is required");
        }
        if (!v.isTextual()) {
            throw error(where(p, key) + " must be a string");
        }
        return v.textValue();
    }

    private static double number(JsonNode n, String key, String p) throws ArtifactException {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) {
            throw error(where(p, key) + " must be a number");
        }
        return v.doubleValue();
    }

    private static long integer(JsonNode n, String key, String p) throws ArtifactException {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(where(p, key) + " must be an integer (no decimal point)");
        }
        return v.longValue();
    }

    private static List<Double> numbers(JsonNode n, String key, String p) throws ArtifactException {
        JsonNode a = array(n, key, p);
        List<Double> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isNumber()) {
                throw error(where(p, key) + "[" + i + "] must be a number");
            }
            out.add(a.get(i).doubleValue());
        }
        return List.copyOf(out);
    }

    private static String where(String p, String key) {
        return p.isEmpty() ? key : p + "." + key;
    }

    private static ArtifactException error(String message) {
        return new ArtifactException(
                "model artifact does not match schema version "
                        + ArtifactCodec.FORMAT_VERSION
                        + ": "
                        + message);
    }
}
