package io.crosstrust.models.scoring;

import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.Dimension;

/**
 * Reusable scratch and result space for {@link CreditModel#score(
 * io.crosstrust.models.features.CreditFeatureState, long, ScoreBuffer)}, so that scoring an event
 * allocates nothing. One per thread (e.g. per Flink operator instance); not thread-safe. Turn it
 * into an immutable {@link CreditScore} with {@link CreditModel#toCreditScore(ScoreBuffer)} only
 * when a score is emitted.
 */
public final class ScoreBuffer {
    final double[] features = new double[CreditFeatures.FEATURE_COUNT];
    final double[] dimensionScores = new double[Dimension.values().length];
    final double[] dimensionSums = new double[Dimension.values().length];
    double[] inputs = new double[0];
    double[] contributions = new double[0];
    int[] reasonFeature = new int[0];
    double[] reasonPoints = new double[0];
    int reasonCount;
    double eta;
    double pd;
    double composite;
    String grade;
    long limitUnits;
    double monthlyVolume;
    double exposure;
    long asOfMillis;
    CreditModel model;

    void ensure(int featureCount, int maxReasons) {
        if (contributions.length < featureCount) {
            inputs = new double[featureCount];
            contributions = new double[featureCount];
        }
        if (reasonFeature.length < maxReasons) {
            reasonFeature = new int[maxReasons];
            reasonPoints = new double[maxReasons];
        }
    }

    public double composite() {
        return composite;
    }

    public double pd() {
        return pd;
    }

    public String grade() {
        return grade;
    }

    /** The linear predictor (log-odds before calibration). */
    public double eta() {
        return eta;
    }

    /** Sub-score 0-100 of a dimension, NaN if the model has no feature in it. */
    public double dimension(Dimension d) {
        return dimensionScores[d.ordinal()];
    }

    /** The streaming feature value at {@link CreditFeatures} index i. */
    public double feature(int i) {
        return features[i];
    }

    public int reasonCount() {
        return reasonCount;
    }

    /** Reason code of the i-th strongest reason. */
    public String reasonCode(int i) {
        return model.scorecard().featureCode(reasonFeature[i]);
    }

    /** Signed points of the i-th strongest reason. */
    public double reasonPoints(int i) {
        return reasonPoints[i];
    }

    /** Recommended limit in whole units of the limit currency. */
    public long limitUnits() {
        return limitUnits;
    }

    public double monthlyVolume() {
        return monthlyVolume;
    }

    public double exposure() {
        return exposure;
    }

    public long asOfMillis() {
        return asOfMillis;
    }

    /** The model that filled this buffer last. */
    public CreditModel model() {
        return model;
    }
}
