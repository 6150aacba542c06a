package io.crosstrust.models.training;

/**
 * How features are binned before the logistic fit.
 *
 * @param maxBins most bins for a numeric feature (equal-frequency fine classing)
 * @param minBinFraction smallest bin as a share of the non-missing rows
 * @param smoothing pseudo-count added to positives and negatives of every bin in the woe
 * @param minCategoryFraction categories rarer than this share of rows share one pooled bin
 * @param mergeChiSquare adjacent numeric bins whose positive rates differ by less than this
 *     chi-square statistic (1 degree of freedom; 3.84 = 5% significance) are merged; 0 = never
 */
public record BinningOptions(
        int maxBins,
        double minBinFraction,
        double smoothing,
        double minCategoryFraction,
        double mergeChiSquare) {

    public BinningOptions {
        if (maxBins < 1) {
            throw new IllegalArgumentException("maxBins must be >= 1");
        }
        if (!(minBinFraction > 0 && minBinFraction < 0.5)) {
            throw new IllegalArgumentException("minBinFraction must be in (0, 0.5)");
        }
        if (!(smoothing > 0)) {
            throw new IllegalArgumentException("smoothing must be > 0");
        }
        if (!(minCategoryFraction >= 0 && minCategoryFraction < 0.5)) {
            throw new IllegalArgumentException("minCategoryFraction must be in [0, 0.5)");
        }
        if (!(mergeChiSquare >= 0)) {
            throw new IllegalArgumentException("mergeChiSquare must be >= 0");
        }
    }

    /**
     * Fine classing into up to 20 equal-frequency bins of at least 5% of the rows, woe smoothing
     * 0.5, categories under 2% pooled, no chi-square merging.
     */
    public static BinningOptions defaults() {
        return new BinningOptions(20, 0.05, 0.5, 0.02, 0.0);
    }

    public BinningOptions withMergeChiSquare(double value) {
        return new BinningOptions(maxBins, minBinFraction, smoothing, minCategoryFraction, value);
    }
}
