package io.crosstrust.models.artifact;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that an artifact is a usable model: required fields present, numbers finite, bins well
 * formed, monotone features really monotone, grades covering every PD. Each failure names the
 * field, e.g. {@code features[3] 'payment.on_time_rate': edges must be strictly increasing}.
 */
public final class ArtifactValidator {
    public static final Set<String> DIMENSIONS =
            Set.of(
                    "fulfilment",
                    "payment",
                    "logistics",
                    "compliance",
                    "disputes",
                    "stability",
                    "network",
                    "transparency");
    public static final Set<String> MONOTONE = Set.of("none", "increasing_risk", "decreasing_risk");

    private ArtifactValidator() {}

    public static void validate(ModelArtifact a) throws ArtifactException {
        require(ArtifactCodec.FORMAT.equals(a.format()), "format must be " + ArtifactCodec.FORMAT);
        require(
                a.formatVersion() == ArtifactCodec.FORMAT_VERSION,
                "format_version must be " + ArtifactCodec.FORMAT_VERSION);
        requireText(a.id(), "id");
        requireText(a.version(), "version");
        requireText(a.createdAt(), "created_at");
        try {
            Instant.parse(a.createdAt());
        } catch (DateTimeParseException e) {
            throw new ArtifactException(
                    "created_at must be an ISO-8601 UTC instant like 2026-01-31T12:00:00Z, got "
                            + a.createdAt());
        }
        require(a.target() != null, "target is required");
        requireText(a.target().label(), "target.label");
        requireText(a.target().positive(), "target.positive");
        require(a.target().pdHorizonDays() > 0, "target.pd_horizon_days must be > 0");
        if (a.featureConfig() != null) {
            ModelArtifact.FeatureConfig fc = a.featureConfig();
            require(
                    finite(fc.halfLifeDays()) && fc.halfLifeDays() > 0,
                    "feature_config.half_life_days must be > 0");
            require(
                    finite(fc.shortHalfLifeDays()) && fc.shortHalfLifeDays() > 0,
                    "feature_config.short_half_life_days must be > 0");
            requireText(fc.referenceCurrency(), "feature_config.reference_currency");
        }
        require(a.features() != null && !a.features().isEmpty(), "features must not be empty");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < a.features().size(); i++) {
            ModelArtifact.Feature f = a.features().get(i);
            require(f != null, "features[" + i + "] is null");
            String where = "features[" + i + "] '" + f.name() + "': ";
            requireText(f.name(), "features[" + i + "].name");
            require(names.add(f.name()), where + "duplicate feature name");
            feature(f, where);
        }
        requireFinite(a.intercept(), "intercept");
        require(a.calibration() != null, "calibration is required");
        require("platt".equals(a.calibration().method()), "calibration.method must be \"platt\"");
        requireFinite(a.calibration().a(), "calibration.a");
        require(
                finite(a.calibration().b()) && a.calibration().b() > 0,
                "calibration.b must be > 0 (otherwise riskier would score better)");
        ModelArtifact.Scale s = a.scale();
        require(s != null, "scale is required");
        require(finite(s.baseScore()), "scale.base_score must be finite");
        require(finite(s.baseOdds()) && s.baseOdds() > 0, "scale.base_odds must be > 0");
        require(finite(s.pdo()) && s.pdo() > 0, "scale.pdo must be > 0");
        require(finite(s.min()) && finite(s.max()) && s.min() < s.max(), "scale.min < scale.max");
        grades(a.grades());
        ModelArtifact.LimitRule l = a.limitRule();
        require(l != null, "limit_rule is required");
        requireText(l.currency(), "limit_rule.currency");
        require(
                finite(l.monthsOfVolume()) && l.monthsOfVolume() >= 0,
                "limit_rule.months_of_volume must be >= 0");
        require(
                finite(l.pdCutoff()) && l.pdCutoff() > 0 && l.pdCutoff() <= 1,
                "limit_rule.pd_cutoff must be in (0, 1]");
        require(l.roundingUnit() > 0, "limit_rule.rounding_unit must be > 0");
        require(l.maxLimit() >= 0, "limit_rule.max_limit must be >= 0");
        require(a.maxReasons() >= 0, "max_reasons must be >= 0");
        require(a.training() != null, "training is required");
        requireText(a.training().method(), "training.method");
        require(a.metrics() != null, "metrics is required (may be empty)");
        for (var e : a.metrics().entrySet()) {
            require(e.getValue() != null, "metrics." + e.getKey() + " is null");
        }
        if (a.referenceDistribution() != null) {
            List<Double> edges = a.referenceDistribution().edges();
            List<Double> shares = a.referenceDistribution().shares();
            require(
                    edges != null && shares != null && shares.size() == edges.size() + 1,
                    "reference_distribution needs edges and one more share than edges");
            increasing(edges, "reference_distribution.edges");
        }
    }

    private static void feature(ModelArtifact.Feature f, String where) throws ArtifactException {
        require(
                ArtifactCodec.NUMERIC.equals(f.type())
                        || ArtifactCodec.CATEGORICAL.equals(f.type()),
                where + "type must be numeric or categorical");
        require(
                f.dimension() == null || DIMENSIONS.contains(f.dimension()),
                where + "dimension must be one of " + DIMENSIONS.stream().sorted().toList());
        requireText(f.code(), where + "code");
        require(
                f.monotone() != null && MONOTONE.contains(f.monotone()),
                where + "monotone must be one of " + MONOTONE);
        require(f.edges() != null, where + "edges is required (empty for categorical)");
        require(f.bins() != null && !f.bins().isEmpty(), where + "bins must not be empty");
        require(f.missing() != null, where + "missing bin is required");
        requireFinite(f.missing().woe(), where + "missing.woe");
        requireFinite(f.unseenWoe(), where + "unseen_woe");
        require(finite(f.weight()) && f.weight() >= 0, where + "weight must be finite and >= 0");
        requireFinite(f.referenceWoe(), where + "reference_woe");
        for (int b = 0; b < f.bins().size(); b++) {
            ModelArtifact.Bin bin = f.bins().get(b);
            require(bin != null, where + "bins[" + b + "] is null");
            requireFinite(bin.woe(), where + "bins[" + b + "].woe");
            require(
                    bin.count() >= 0 && bin.positives() >= 0 && bin.positives() <= bin.count(),
                    where + "bins[" + b + "] needs 0 <= positives <= count");
        }
        if (f.isNumeric()) {
            increasing(f.edges(), where + "edges");
            require(
                    f.bins().size() == f.edges().size() + 1,
                    where + "a numeric feature needs exactly one more bin than edges");
            for (ModelArtifact.Bin bin : f.bins()) {
                require(bin.categories() == null, where + "numeric bins have no categories");
            }
            if (!"none".equals(f.monotone())) {
                double sign = "increasing_risk".equals(f.monotone()) ? 1 : -1;
                for (int b = 1; b < f.bins().size(); b++) {
                    double step = sign * (f.bins().get(b).woe() - f.bins().get(b - 1).woe());
                    require(
                            step >= 0,
                            where
                                    + "declared "
                                    + f.monotone()
                                    + " but woe goes the other way between bins "
                                    + (b - 1)
                                    + " and "
                                    + b);
                }
            }
        } else {
            require(f.edges().isEmpty(), where + "a categorical feature has no edges");
            require("none".equals(f.monotone()), where + "a categorical feature has monotone none");
            Set<String> seen = new HashSet<>();
            for (int b = 0; b < f.bins().size(); b++) {
                List<String> cats = f.bins().get(b).categories();
                require(
                        cats != null && !cats.isEmpty(),
                        where + "bins[" + b + "] needs a non-empty categories list");
                for (String c : cats) {
                    require(c != null, where + "null category in bins[" + b + "]");
                    require(seen.add(c), where + "category '" + c + "' is in two bins");
                }
            }
        }
    }

    private static void grades(List<ModelArtifact.GradeBand> grades) throws ArtifactException {
        require(grades != null && !grades.isEmpty(), "grades must not be empty");
        Set<String> seen = new HashSet<>();
        double prev = 0;
        for (int i = 0; i < grades.size(); i++) {
            ModelArtifact.GradeBand g = grades.get(i);
            require(g != null, "grades[" + i + "] is null");
            requireText(g.grade(), "grades[" + i + "].grade");
            require(seen.add(g.grade()), "grades[" + i + "]: duplicate grade " + g.grade());
            require(
                    finite(g.maxPd()) && g.maxPd() > prev && g.maxPd() <= 1,
                    "grades[" + i + "].max_pd must increase and lie in (0, 1]");
            prev = g.maxPd();
        }
        require(prev == 1.0, "the last grade band must have max_pd 1.0 so every PD gets a grade");
    }

    private static void increasing(List<Double> values, String what) throws ArtifactException {
        for (int i = 0; i < values.size(); i++) {
            require(
                    values.get(i) != null && finite(values.get(i)),
                    what + "[" + i + "] must be a finite number");
            require(
                    i == 0 || values.get(i) > values.get(i - 1),
                    what + " must be strictly increasing (at " + i + ")");
        }
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    private static void requireFinite(double v, String what) throws ArtifactException {
        require(Double.isFinite(v), what + " must be a finite number");
    }

    private static void requireText(String s, String what) throws ArtifactException {
        require(s != null && !s.isBlank(), what + " is required");
    }

    private static void require(boolean ok, String message) throws ArtifactException {
        if (!ok) {
            throw new ArtifactException("invalid model artifact: " + message);
        }
    }
}
