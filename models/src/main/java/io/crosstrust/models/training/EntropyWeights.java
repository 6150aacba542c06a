package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.Dimension;
import io.crosstrust.models.scoring.Scorecard;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entropy-weight method, for regions where no outcomes (labels) exist: a criterion whose values
 * differ more across entities carries more information and gets more weight.
 *
 * <pre>
 * x'_ij = (x_ij - min_j) / (max_j - min_j)      (benefit; cost criteria use max_j - x_ij)
 * p_ij  = x'_ij / sum_i x'_ij
 * e_j   = -(1 / ln n) * sum_i p_ij ln p_ij       (0 ln 0 = 0; e_j = 1 if the column is constant)
 * w_j   = (1 - e_j) / sum_k (1 - e_k)            (equal weights if every e_j = 1)
 * </pre>
 *
 * {@link #reweight} applies it to a labelled model: the eight dimension sub-scores of the region's
 * entities are the criteria, each dimension's feature weights are multiplied by {@code D * w_d} (D
 * = dimensions present, so equal information leaves the model unchanged), and the intercept is
 * shifted so the region's mean log-odds stays the same.
 */
public final class EntropyWeights {
    private EntropyWeights() {}

    /**
     * @param x rows = entities, columns = criteria
     * @param benefit per criterion: true if larger is better
     */
    public static double[] weights(double[][] x, boolean[] benefit) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("the entropy-weight method needs at least 2 rows");
        }
        int m = benefit.length;
        double[] divergence = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            double range = max - min;
            double e = 1.0;
            if (range > 0) {
                double sum = 0;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = benefit[j] ? (x[i][j] - min) / range : (max - x[i][j]) / range;
                    sum += v[i];
                }
                double h = 0;
                for (int i = 0; i < n; i++) {
                    double p = v[i] / sum;
                    if (p > 0) {
                        h -= p * Math.log(p);
                    }
                }
                e = h / Math.log(n);
            }
            divergence[j] = Math.max(0.0, 1.0 - e);
            total += divergence[j];
        }
        double[] w = new double[m];
        for (int j = 0; j < m; j++) {
            w[j] = total > 0 ? divergence[j] / total : 1.0 / m;
        }
        return w;
    }

    /**
     * A regional variant of a streaming model: dimension weights from the entropy of the region's
     * dimension sub-scores, intercept re-centred on the region.
     *
     * @param regionFeatures one row per entity of the region, values aligned to the artifact's
     *     features (all numeric)
     */
    public static ModelArtifact reweight(
            ModelArtifact base,
            double[][] regionFeatures,
            String newId,
            String newVersion,
            Instant createdAt) {
        Scorecard sc = Scorecard.compile(base);
        int f = sc.featureCount();
        for (int j = 0; j < f; j++) {
            if (!sc.isNumeric(j)) {
                throw new IllegalArgumentException(
                        "reweighting needs numeric features; '" + sc.featureName(j) + "' is not");
            }
        }
        List<Dimension> dims = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            if (sc.hasDimension(d)) {
                dims.add(d);
            }
        }
        if (dims.size() < 2) {
            throw new IllegalArgumentException(
                    "reweighting needs a model with at least 2 dimensions");
        }
        int n = regionFeatures.length;
        double[][] sub = new double[n][dims.size()];
        double[] c = new double[f];
        double etaBefore = 0;
        for (int i = 0; i < n; i++) {
            if (regionFeatures[i].length != f) {
                throw new IllegalArgumentException(
                        "region row "
                                + i
                                + " has "
                                + regionFeatures[i].length
                                + " values, model "
                                + f);
            }
            etaBefore += sc.contributions(regionFeatures[i], null, c);
            double[] sums = new double[Dimension.values().length];
            for (int j = 0; j < f; j++) {
                if (sc.dimension(j) != null) {
                    sums[sc.dimension(j).ordinal()] += c[j];
                }
            }
            for (int k = 0; k < dims.size(); k++) {
                sub[i][k] = sc.dimensionScore(dims.get(k), sums[dims.get(k).ordinal()]);
            }
        }
        etaBefore /= n;
        boolean[] benefit = new boolean[dims.size()];
        java.util.Arrays.fill(benefit, true);
        double[] w = weights(sub, benefit);
        double[] multiplier = new double[Dimension.values().length];
        java.util.Arrays.fill(multiplier, 1.0);
        Map<String, Double> metrics = new TreeMap<>(base.metrics());
        for (int k = 0; k < dims.size(); k++) {
            multiplier[dims.get(k).ordinal()] = w[k] * dims.size();
            metrics.put("entropy_weight_" + dims.get(k).key(), w[k]);
        }
        List<ModelArtifact.Feature> features = new ArrayList<>(f);
        for (ModelArtifact.Feature ft : base.features()) {
            double mult =
                    ft.dimension() == null
                            ? 1.0
                            : multiplier[Dimension.fromKey(ft.dimension()).ordinal()];
            features.add(
                    new ModelArtifact.Feature(
                            ft.name(),
                            ft.type(),
                            ft.dimension(),
                            ft.code(),
                            ft.description(),
                            ft.monotone(),
                            ft.edges(),
                            ft.bins(),
                            ft.missing(),
                            ft.unseenWoe(),
                            ft.weight() * mult,
                            ft.referenceWoe()));
        }
        ModelArtifact draft = base.withModel(features, base.intercept(), base.calibration());
        Scorecard re = Scorecard.compile(draft);
        double etaAfter = 0;
        for (double[] row : regionFeatures) {
            etaAfter += re.contributions(row, null, c);
        }
        etaAfter /= n;
        double intercept = base.intercept() + (etaBefore - etaAfter);
        ModelArtifact.Training t = base.training();
        ModelArtifact out =
                new ModelArtifact(
                        base.format(),
                        base.formatVersion(),
                        newId,
                        newVersion,
                        createdAt.truncatedTo(ChronoUnit.SECONDS).toString(),
                        "Entropy-weight regional variant of " + base.id() + " " + base.version(),
                        base.target(),
                        base.featureConfig(),
                        features,
                        intercept,
                        base.calibration(),
                        base.scale(),
                        base.grades(),
                        base.limitRule(),
                        base.maxReasons(),
                        new ModelArtifact.Training(
                                "entropy_weight_reweighting(" + t.method() + ")",
                                t.source(),
                                t.dataSha256(),
                                t.rows(),
                                t.positives(),
                                t.seed(),
                                t.cvFolds(),
                                t.l2(),
                                t.maxBins(),
                                t.minBinFraction()),
                        metrics,
                        null, // the training deciles no longer describe the reweighted score
                        null);
        return ArtifactCodec.sealed(out);
    }
}
