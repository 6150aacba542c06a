package io.crosstrust.models.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Discrimination and calibration of predicted probabilities against 0/1 outcomes (1 = positive,
 * e.g. default). Accuracy is at a threshold (0.5 unless told) and always reported beside the
 * majority-class baseline, which a useless model already reaches.
 *
 * @param auc area under the ROC curve (ties count half; Mann-Whitney with mid-ranks)
 * @param ks Kolmogorov-Smirnov statistic: max |TPR - FPR| over thresholds
 * @param gini 2 * auc - 1
 * @param brier mean squared error of the probability
 * @param logLoss mean negative log-likelihood (probabilities clipped to [1e-15, 1 - 1e-15])
 * @param accuracy share of rows classified right at the threshold
 * @param baselineAccuracy share of the majority class
 */
public record BinaryMetrics(
        int rows,
        int positives,
        double auc,
        double ks,
        double gini,
        double brier,
        double logLoss,
        double accuracy,
        double baselineAccuracy,
        double threshold) {

    public static BinaryMetrics of(int[] y, double[] p) {
        return of(y, p, 0.5);
    }

    public static BinaryMetrics of(int[] y, double[] p, double threshold) {
        check(y, p);
        int n = y.length;
        int pos = 0;
        double brier = 0;
        double logLoss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            pos += y[i];
            double d = p[i] - y[i];
            brier += d * d;
            double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
            logLoss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
            if ((p[i] >= threshold ? 1 : 0) == y[i]) {
                correct++;
            }
        }
        double auc = auc(y, p);
        return new BinaryMetrics(
                n,
                pos,
                auc,
                ks(y, p),
                2 * auc - 1,
                brier / n,
                logLoss / n,
                (double) correct / n,
                (double) Math.max(pos, n - pos) / n,
                threshold);
    }

    /** AUC = P(score of a random positive > score of a random negative) + P(tie) / 2. */
    public static double auc(int[] y, double[] score) {
        check(y, score);
        int n = y.length;
        Integer[] order = sortedIndex(score);
        double rankSumPos = 0;
        int pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) {
                    rankSumPos += midRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        int neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** KS = max over thresholds of |TPR - FPR| (tied scores move together). */
    public static double ks(int[] y, double[] score) {
        double best = 0;
        for (RocPoint r : roc(y, score)) {
            best = Math.max(best, Math.abs(r.tpr() - r.fpr()));
        }
        return best;
    }

    /** A point of the ROC curve: flag every row with score >= threshold. */
    public record RocPoint(double threshold, double fpr, double tpr) {}

    /** The ROC curve from (0,0) to (1,1), one point per distinct score, highest first. */
    public static List<RocPoint> roc(int[] y, double[] score) {
        check(y, score);
        int n = y.length;
        Integer[] order = sortedIndex(score);
        int pos = 0;
        for (int v : y) {
            pos += v;
        }
        int neg = n - pos;
        List<RocPoint> out = new ArrayList<>();
        out.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        int tp = 0;
        int fp = 0;
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && score[order[j - 1]] == score[order[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                if (y[order[k]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            out.add(
                    new RocPoint(
                            score[order[i]],
                            neg == 0 ? 0 : (double) fp / neg,
                            pos == 0 ? 0 : (double) tp / pos));
            i = j - 1;
        }
        return out;
    }

    /** Confusion counts and rates when every row with p >= threshold is flagged positive. */
    public record ThresholdRow(
            double threshold,
            int truePositives,
            int falsePositives,
            int falseNegatives,
            int trueNegatives,
            double precision,
            double recall,
            double f1,
            double flaggedShare) {}

    public static List<ThresholdRow> atThresholds(int[] y, double[] p, double... thresholds) {
        check(y, p);
        List<ThresholdRow> out = new ArrayList<>();
        for (double t : thresholds) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int tn = 0;
            for (int i = 0; i < y.length; i++) {
                boolean flag = p[i] >= t;
                if (flag && y[i] == 1) {
                    tp++;
                } else if (flag) {
                    fp++;
                } else if (y[i] == 1) {
                    fn++;
                } else {
                    tn++;
                }
            }
            double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
            double f1 = tp == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            out.add(
                    new ThresholdRow(
                            t,
                            tp,
                            fp,
                            fn,
                            tn,
                            precision,
                            recall,
                            f1,
                            (double) (tp + fp) / y.length));
        }
        return out;
    }

    /** One group of a calibration table: rows sorted by p, split into equal-size groups. */
    public record CalibrationRow(
            int group, int rows, double minP, double maxP, double meanP, double observedRate) {}

    /** Calibration by groups (10 = deciles) of predicted probability, lowest first. */
    public static List<CalibrationRow> calibration(int[] y, double[] p, int groups) {
        check(y, p);
        int n = y.length;
        Integer[] order = sortedIndex(p);
        List<CalibrationRow> out = new ArrayList<>();
        int g = Math.min(groups, n);
        for (int k = 0; k < g; k++) {
            int from = (int) ((long) k * n / g);
            int to = (int) ((long) (k + 1) * n / g);
            double sumP = 0;
            int pos = 0;
            for (int i = from; i < to; i++) {
                sumP += p[order[i]];
                pos += y[order[i]];
            }
            int m = to - from;
            out.add(
                    new CalibrationRow(
                            k + 1,
                            m,
                            p[order[from]],
                            p[order[to - 1]],
                            sumP / m,
                            (double) pos / m));
        }
        return out;
    }

    /**
     * Population stability index of {@code actual} against {@code expected}: bins are the expected
     * sample's quantiles ({@code bins} groups), {@code PSI = sum (a - e) ln(a / e)} over bin
     * shares, each share floored at 1e-4. Below 0.1 stable, 0.1-0.25 drifting, above 0.25 shifted.
     */
    public static double psi(double[] expected, double[] actual, int bins) {
        double[] sorted = expected.clone();
        Arrays.sort(sorted);
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] =
                    sorted[(int) Math.min(sorted.length - 1, (long) k * sorted.length / bins)];
        }
        double[] e = shares(edges, expected);
        double[] a = shares(edges, actual);
        return psi(e, a);
    }

    /** PSI between two share vectors of the same bins (shares floored at 1e-4). */
    public static double psi(double[] expectedShares, double[] actualShares) {
        double s = 0;
        for (int i = 0; i < expectedShares.length; i++) {
            double e = Math.max(1e-4, expectedShares[i]);
            double a = Math.max(1e-4, actualShares[i]);
            s += (a - e) * Math.log(a / e);
        }
        return s;
    }

    /** Share of values per bin, bins as for numeric features (bisect_left on the edges). */
    public static double[] shares(double[] edges, double[] values) {
        double[] out = new double[edges.length + 1];
        for (double v : values) {
            int lo = 0;
            int hi = edges.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (edges[mid] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[lo]++;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= values.length;
        }
        return out;
    }

    private static Integer[] sortedIndex(double[] score) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        return order;
    }

    private static void check(int[] y, double[] p) {
        if (y.length != p.length || y.length == 0) {
            throw new IllegalArgumentException("need as many predictions as labels, at least one");
        }
        for (double v : p) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a prediction is NaN");
            }
        }
    }
}
