package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.evaluation.BinaryMetrics;
import io.crosstrust.models.scoring.Scorecard;
import io.crosstrust.models.scoring.TableScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stratified k-fold cross-validation of the whole training pipeline (binning included, so no
 * information leaks from a test fold into its woe). Seeded: the same data, options and seed give
 * identical folds and identical results.
 */
public final class CrossValidation {

    /** One fold: trained on the other folds, measured on this one (PD = sigmoid(eta)). */
    public record Fold(int fold, int trainRows, int testRows, BinaryMetrics metrics) {}

    /**
     * @param aucMean mean of the fold AUCs (what scikit-learn's cross_val_score reports)
     * @param pooled metrics over all out-of-fold predictions together
     * @param outOfFoldEta every row's eta from the model that did not see it
     */
    public record Report(
            int k,
            long seed,
            List<Fold> folds,
            double aucMean,
            double aucStd,
            double ksMean,
            double giniMean,
            double brierMean,
            double logLossMean,
            double accuracyMean,
            double baselineAccuracyMean,
            BinaryMetrics pooled,
            double[] outOfFoldEta) {}

    private CrossValidation() {}

    /**
     * Fold number (0..k-1) of every row: rows of each class are shuffled with {@code new
     * Random(seed)} (positives first, then negatives) and dealt to folds in turn.
     */
    public static int[] stratifiedFolds(int[] y, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs k >= 2, got " + k);
        }
        Random random = new Random(seed);
        int[] fold = new int[y.length];
        for (int cls = 1; cls >= 0; cls--) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == cls) {
                    rows.add(i);
                }
            }
            if (rows.size() < k) {
                throw new IllegalArgumentException(
                        "class "
                                + cls
                                + " has "
                                + rows.size()
                                + " rows, fewer than the "
                                + k
                                + " folds; use a smaller --cv");
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, t);
            }
            for (int i = 0; i < rows.size(); i++) {
                fold[rows.get(i)] = i % k;
            }
        }
        return fold;
    }

    public static Report run(TabularData data, ScorecardTrainer.Options options, int k, long seed) {
        int[] y = data.labels();
        int[] fold = stratifiedFolds(y, k, seed);
        double[] oof = new double[y.length];
        List<Fold> folds = new ArrayList<>();
        double[] aucs = new double[k];
        double ks = 0;
        double gini = 0;
        double brier = 0;
        double logLoss = 0;
        double accuracy = 0;
        double baseline = 0;
        for (int f = 0; f < k; f++) {
            int[] train = rowsWhere(fold, f, false);
            int[] test = rowsWhere(fold, f, true);
            TabularData trainData = data.subset(train);
            TabularData testData = data.subset(test);
            ScorecardTrainer.Fitted fitted = ScorecardTrainer.fit(trainData, options);
            Scorecard sc = Scorecard.compile(foldArtifact(fitted));
            double[] eta = new TableScorer(sc).eta(testData);
            double[] p = new double[eta.length];
            for (int i = 0; i < eta.length; i++) {
                p[i] = LogisticRegression.sigmoid(eta[i]);
                oof[test[i]] = eta[i];
            }
            int[] yt = testData.labels();
            BinaryMetrics m = BinaryMetrics.of(yt, p);
            // the majority class is learned from the training folds, as a model would be
            int trainPos = trainData.positives();
            int majority = trainPos * 2 > train.length ? 1 : 0;
            int right = 0;
            for (int v : yt) {
                right += v == majority ? 1 : 0;
            }
            double base = (double) right / yt.length;
            folds.add(new Fold(f, train.length, test.length, m));
            aucs[f] = m.auc();
            ks += m.ks();
            gini += m.gini();
            brier += m.brier();
            logLoss += m.logLoss();
            accuracy += m.accuracy();
            baseline += base;
        }
        double mean = 0;
        for (double a : aucs) {
            mean += a;
        }
        mean /= k;
        double var = 0;
        for (double a : aucs) {
            var += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(var / k);
        double[] pooledP = new double[oof.length];
        for (int i = 0; i < oof.length; i++) {
            pooledP[i] = LogisticRegression.sigmoid(oof[i]);
        }
        return new Report(
                k,
                seed,
                List.copyOf(folds),
                mean,
                std,
                ks / k,
                gini / k,
                brier / k,
                logLoss / k,
                accuracy / k,
                baseline / k,
                BinaryMetrics.of(y, pooledP),
                oof);
    }

    private static int[] rowsWhere(int[] fold, int f, boolean equal) {
        int n = 0;
        for (int v : fold) {
            n += (v == f) == equal ? 1 : 0;
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == equal) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** A throwaway artifact around a fold's fit, so folds are scored by the production scorer. */
    private static ModelArtifact foldArtifact(ScorecardTrainer.Fitted fitted) {
        return new ModelArtifact(
                ArtifactCodec.FORMAT,
                ArtifactCodec.FORMAT_VERSION,
                "cv-fold",
                "0",
                "1970-01-01T00:00:00Z",
                null,
                new ModelArtifact.Target("label", "1", 365),
                null,
                fitted.features(),
                fitted.intercept(),
                new ModelArtifact.Calibration("platt", 0.0, 1.0),
                ModelDefaults.scale(),
                ModelDefaults.grades(),
                ModelDefaults.limitRule("USD"),
                0,
                new ModelArtifact.Training("cv", null, null, 0, 0, 0, 0, 0, 0, 0),
                java.util.Map.of(),
                null,
                null);
    }
}
