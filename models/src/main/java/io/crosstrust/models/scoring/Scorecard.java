package io.crosstrust.models.scoring;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.Dimension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model artifact compiled into flat arrays for fast, allocation-free scoring. Immutable and
 * thread-safe. Implements exactly the formulas of docs/model-artifact.md:
 *
 * <pre>
 * contribution_j = weight_j * woe_j(x_j)
 * eta            = intercept + sum_j contribution_j        (log-odds of the positive class)
 * z              = a + b * eta                              (Platt calibration)
 * PD             = 1 / (1 + exp(-z))
 * composite      = clamp(base_score + pdo / ln2 * (-z - ln(base_odds)), min, max)
 * points_j       = -pdo / ln2 * b * weight_j * (woe_j(x_j) - reference_woe_j)   (reason, signed)
 * </pre>
 */
public final class Scorecard {
    private static final double LN2 = Math.log(2);

    private final ModelArtifact artifact;
    private final String[] names;
    private final String[] codes;
    private final String[] descriptions;
    private final boolean[] numeric;
    private final double[][] edges;
    private final double[][] woe;
    private final double[] missingWoe;
    private final double[] unseenWoe;
    private final List<Map<String, Integer>> categoryBins;
    private final double[] weight;
    private final double[] referenceWoe;
    private final int[] dimensionOf;
    private final double[] dimensionBest;
    private final double[] dimensionWorst;
    private final boolean[] dimensionPresent;
    private final double intercept;
    private final double calA;
    private final double calB;
    private final double factor;
    private final double baseScore;
    private final double lnBaseOdds;
    private final double scoreMin;
    private final double scoreMax;
    private final String[] gradeNames;
    private final double[] gradeMaxPd;
    private final double referenceEta;

    private Scorecard(ModelArtifact a) {
        this.artifact = a;
        int n = a.features().size();
        names = new String[n];
        codes = new String[n];
        descriptions = new String[n];
        numeric = new boolean[n];
        edges = new double[n][];
        woe = new double[n][];
        missingWoe = new double[n];
        unseenWoe = new double[n];
        categoryBins = new ArrayList<>(n);
        weight = new double[n];
        referenceWoe = new double[n];
        dimensionOf = new int[n];
        int dims = Dimension.values().length;
        dimensionBest = new double[dims];
        dimensionWorst = new double[dims];
        dimensionPresent = new boolean[dims];
        double refEta = a.intercept();
        for (int j = 0; j < n; j++) {
            ModelArtifact.Feature f = a.features().get(j);
            names[j] = f.name();
            codes[j] = f.code();
            descriptions[j] = f.description() == null ? f.name() : f.description();
            numeric[j] = f.isNumeric();
            edges[j] = f.edges().stream().mapToDouble(Double::doubleValue).toArray();
            woe[j] = f.bins().stream().mapToDouble(ModelArtifact.Bin::woe).toArray();
            missingWoe[j] = f.missing().woe();
            unseenWoe[j] = f.isNumeric() ? 0.0 : f.unseenWoe();
            Map<String, Integer> cats = new HashMap<>();
            if (!f.isNumeric()) {
                for (int b = 0; b < f.bins().size(); b++) {
                    for (String c : f.bins().get(b).categories()) {
                        cats.put(c, b);
                    }
                }
            }
            categoryBins.add(Map.copyOf(cats));
            weight[j] = f.weight();
            referenceWoe[j] = f.referenceWoe();
            refEta += weight[j] * referenceWoe[j];
            dimensionOf[j] =
                    f.dimension() == null ? -1 : Dimension.fromKey(f.dimension()).ordinal();
            if (dimensionOf[j] >= 0) {
                double lo = Math.min(missingWoe[j], Arrays.stream(woe[j]).min().orElse(0));
                double hi = Math.max(missingWoe[j], Arrays.stream(woe[j]).max().orElse(0));
                if (!numeric[j]) {
                    lo = Math.min(lo, unseenWoe[j]);
                    hi = Math.max(hi, unseenWoe[j]);
                }
                dimensionBest[dimensionOf[j]] += weight[j] * lo;
                dimensionWorst[dimensionOf[j]] += weight[j] * hi;
                dimensionPresent[dimensionOf[j]] = true;
            }
        }
        referenceEta = refEta;
        intercept = a.intercept();
        calA = a.calibration().a();
        calB = a.calibration().b();
        factor = a.scale().pdo() / LN2;
        baseScore = a.scale().baseScore();
        lnBaseOdds = Math.log(a.scale().baseOdds());
        scoreMin = a.scale().min();
        scoreMax = a.scale().max();
        gradeNames = a.grades().stream().map(ModelArtifact.GradeBand::grade).toArray(String[]::new);
        gradeMaxPd = a.grades().stream().mapToDouble(ModelArtifact.GradeBand::maxPd).toArray();
    }

    /** Compiles a validated artifact (see {@link io.crosstrust.models.artifact.ArtifactCodec}). */
    public static Scorecard compile(ModelArtifact artifact) {
        return new Scorecard(artifact);
    }

    public ModelArtifact artifact() {
        return artifact;
    }

    public int featureCount() {
        return names.length;
    }

    public String featureName(int j) {
        return names[j];
    }

    public String featureCode(int j) {
        return codes[j];
    }

    public String featureDescription(int j) {
        return descriptions[j];
    }

    public boolean isNumeric(int j) {
        return numeric[j];
    }

    /** The feature's dimension, or null. */
    public Dimension dimension(int j) {
        return dimensionOf[j] < 0 ? null : Dimension.ofOrdinal(dimensionOf[j]);
    }

    /** Position of a feature by name, or -1. */
    public int indexOf(String name) {
        for (int j = 0; j < names.length; j++) {
            if (names[j].equals(name)) {
                return j;
            }
        }
        return -1;
    }

    /** Numeric bin of x: the number of edges strictly below x (Python: bisect_left); -1 if NaN. */
    public int bin(int j, double x) {
        if (Double.isNaN(x)) {
            return -1;
        }
        double[] e = edges[j];
        int lo = 0;
        int hi = e.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Categorical bin of a category: its bin, -1 if missing (null), -2 if unseen. */
    public int bin(int j, String category) {
        if (category == null) {
            return -1;
        }
        Integer b = categoryBins.get(j).get(category);
        return b == null ? -2 : b;
    }

    /** woe of a numeric value (missing woe for NaN). */
    public double woe(int j, double x) {
        int b = bin(j, x);
        return b < 0 ? missingWoe[j] : woe[j][b];
    }

    /** woe of a category (missing woe for null, unseen woe for an unknown category). */
    public double woe(int j, String category) {
        int b = bin(j, category);
        return b == -1 ? missingWoe[j] : b == -2 ? unseenWoe[j] : woe[j][b];
    }

    public double weight(int j) {
        return weight[j];
    }

    public double referenceWoe(int j) {
        return referenceWoe[j];
    }

    public double intercept() {
        return intercept;
    }

    /**
     * Fills {@code contributions[j] = weight_j * woe_j} for every feature and returns eta. For a
     * numeric feature {@code numbers[j]} is used (NaN = missing); for a categorical one {@code
     * categories[j]} (null = missing). {@code categories} may be null when every feature is
     * numeric.
     */
    public double contributions(double[] numbers, String[] categories, double[] contributions) {
        double eta = intercept;
        for (int j = 0; j < names.length; j++) {
            double wj = weight[j];
            if (wj == 0.0) {
                contributions[j] = 0.0; // no bin lookup for a feature the fit switched off
                continue;
            }
            double c = wj * (numeric[j] ? woe(j, numbers[j]) : woe(j, categories[j]));
            contributions[j] = c;
            eta += c;
        }
        return eta;
    }

    /** Calibrated log-odds z = a + b * eta. */
    public double calibrated(double eta) {
        return calA + calB * eta;
    }

    /** PD = 1 / (1 + exp(-(a + b * eta))). */
    public double pd(double eta) {
        return 1.0 / (1.0 + Math.exp(-calibrated(eta)));
    }

    /** The composite before clamping to [min, max]. */
    public double rawComposite(double eta) {
        return baseScore + factor * (-calibrated(eta) - lnBaseOdds);
    }

    public double composite(double eta) {
        return Math.min(scoreMax, Math.max(scoreMin, rawComposite(eta)));
    }

    /** The grade of the first band whose max_pd is at least pd. */
    public String grade(double pd) {
        for (int g = 0; g < gradeMaxPd.length; g++) {
            if (pd <= gradeMaxPd[g]) {
                return gradeNames[g];
            }
        }
        return gradeNames[gradeNames.length - 1];
    }

    /**
     * Signed effect of feature j on the (unclamped) composite relative to the training population's
     * mean (reference_woe), in score points: positive raised the score.
     */
    public double reasonPoints(int j, double contribution) {
        return -factor * calB * (contribution - weight[j] * referenceWoe[j]);
    }

    /** eta at every feature's reference woe: the score the reasons are measured from. */
    public double referenceEta() {
        return referenceEta;
    }

    /** Whether any feature belongs to the dimension. */
    public boolean hasDimension(Dimension d) {
        return dimensionPresent[d.ordinal()];
    }

    /** Whether any feature belongs to the dimension with this ordinal. */
    public boolean hasDimension(int ordinal) {
        return dimensionPresent[ordinal];
    }

    /** {@link #dimensionScore(Dimension, double)} by dimension ordinal. */
    public double dimensionScore(int ordinal, double contributionSum) {
        double best = dimensionBest[ordinal];
        double worst = dimensionWorst[ordinal];
        double range = worst - best;
        if (!(range > 1e-12)) {
            return 50.0;
        }
        double s = 100.0 * (worst - contributionSum) / range;
        return Math.min(100.0, Math.max(0.0, s));
    }

    /**
     * Dimension sub-score 0-100 (higher = more creditworthy) from the sum of the dimension's
     * contributions: 100 * (worst - sum) / (worst - best), where best and worst are the smallest
     * and largest achievable sums; 50 when the dimension cannot move (no features or zero weights).
     */
    public double dimensionScore(Dimension d, double contributionSum) {
        return dimensionScore(d.ordinal(), contributionSum);
    }

    /** Dimension ordinal of feature j, -1 for none. */
    public int dimensionIndex(int j) {
        return dimensionOf[j];
    }
}
