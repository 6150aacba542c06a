package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.TabularData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits a logistic scorecard: bins every feature column ({@link BinnedFeature}), replaces values by
 * their woe, and fits an L2-regularised logistic regression on the woe columns with every weight
 * constrained to be >= 0. Since woe is risk-oriented and monotone features have monotone woe, a
 * non-negative weight keeps the domain's direction in the final score (more late payments never
 * raise a score).
 */
public final class ScorecardTrainer {

    /** Labels for a feature in the artifact; any may be null (then derived from the name). */
    public record FeatureMeta(String dimension, String code, String description) {}

    /**
     * @param defaultNumericMonotone direction for numeric features not in {@code monotone}
     * @param monotone per-feature direction (numeric features only)
     * @param meta per-feature dimension, reason code and description
     */
    public record Options(
            BinningOptions binning,
            double l2,
            Monotone defaultNumericMonotone,
            Map<String, Monotone> monotone,
            Map<String, FeatureMeta> meta) {

        public Options {
            if (!(l2 >= 0)) {
                throw new IllegalArgumentException("l2 must be >= 0");
            }
            monotone = Map.copyOf(monotone);
            meta = Map.copyOf(meta);
        }

        public static Options defaults() {
            return new Options(BinningOptions.defaults(), 1.0, Monotone.AUTO, Map.of(), Map.of());
        }

        public Options withL2(double value) {
            return new Options(binning, value, defaultNumericMonotone, monotone, meta);
        }

        public Options withBinning(BinningOptions value) {
            return new Options(value, l2, defaultNumericMonotone, monotone, meta);
        }
    }

    /** The fitted scorecard: artifact features (with weights) and intercept. */
    public record Fitted(List<ModelArtifact.Feature> features, double intercept, int iterations) {}

    private ScorecardTrainer() {}

    public static Fitted fit(TabularData data, Options o) {
        int[] y = data.labels();
        List<BinnedFeature> binned = new ArrayList<>();
        for (TabularData.Column c : data.columns()) {
            if (c instanceof TabularData.NumericColumn n) {
                Monotone m = o.monotone().getOrDefault(n.name(), o.defaultNumericMonotone());
                binned.add(BinnedFeature.numeric(n.name(), n.values(), y, m, o.binning()));
            } else {
                TabularData.CategoricalColumn k = (TabularData.CategoricalColumn) c;
                binned.add(BinnedFeature.categorical(k.name(), k.values(), y, o.binning()));
            }
        }
        int n = data.rows();
        int p = binned.size();
        double[][] x = new double[n][p];
        for (int j = 0; j < p; j++) {
            double[] col = binned.get(j).transform(data.columns().get(j));
            for (int i = 0; i < n; i++) {
                x[i][j] = col[i];
            }
        }
        boolean[] nonNegative = new boolean[p];
        java.util.Arrays.fill(nonNegative, true);
        LogisticRegression.Fit fit = LogisticRegression.fit(x, y, o.l2(), nonNegative);
        List<ModelArtifact.Feature> features = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            BinnedFeature b = binned.get(j);
            FeatureMeta meta = o.meta().get(b.name());
            String dimension = meta == null ? null : meta.dimension();
            String code = meta != null && meta.code() != null ? meta.code() : codeOf(b.name());
            String description =
                    meta != null && meta.description() != null ? meta.description() : b.name();
            // a weight of exactly 0 (the constraint was active) is stored as 0.0, never -0.0
            double w = fit.coefficients()[j] + 0.0;
            features.add(b.toArtifact(w, dimension, code, description));
        }
        return new Fitted(features, fit.intercept(), fit.iterations());
    }

    /** A reason code from a column name: upper snake case, e.g. credit_amount -> CREDIT_AMOUNT. */
    public static String codeOf(String name) {
        String s = name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "FEATURE" : s.toUpperCase(Locale.ROOT);
    }
}
