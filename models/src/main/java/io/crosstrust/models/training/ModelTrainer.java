package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.evaluation.BinaryMetrics;
import io.crosstrust.models.scoring.Scorecard;
import io.crosstrust.models.scoring.TableScorer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training pipeline behind {@code model train}: optional k-fold cross-validation, the final fit
 * on all rows, Platt calibration on the out-of-fold predictions, training metrics, and a sealed
 * artifact. Works on any labelled feature table, whether read from a CSV, exported from ClickHouse
 * or built from generated events with {@link io.crosstrust.models.features.CreditFeatures}.
 */
public final class ModelTrainer {

    /**
     * @param cvFolds folds for cross-validation; 0 or 1 = none (then calibration is the identity)
     * @param featureConfig streaming feature settings, or null for a tabular model
     */
    public record Config(
            String id,
            String version,
            Instant createdAt,
            String description,
            String label,
            String positive,
            int pdHorizonDays,
            int cvFolds,
            long seed,
            ScorecardTrainer.Options options,
            ModelArtifact.FeatureConfig featureConfig,
            ModelArtifact.Scale scale,
            List<ModelArtifact.GradeBand> grades,
            ModelArtifact.LimitRule limitRule,
            int maxReasons) {

        /** Defaults for a tabular model of a label column. */
        public static Config defaults(String label, String positive) {
            return new Config(
                    "model-" + ScorecardTrainer.codeOf(label).toLowerCase(java.util.Locale.ROOT),
                    "1",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    null,
                    label,
                    positive,
                    ModelDefaults.PD_HORIZON_DAYS,
                    5,
                    42L,
                    ScorecardTrainer.Options.defaults(),
                    null,
                    ModelDefaults.scale(),
                    ModelDefaults.grades(),
                    ModelDefaults.limitRule("USD"),
                    ModelDefaults.MAX_REASONS);
        }

        public Config with(int folds, long newSeed) {
            return new Config(
                    id,
                    version,
                    createdAt,
                    description,
                    label,
                    positive,
                    pdHorizonDays,
                    folds,
                    newSeed,
                    options,
                    featureConfig,
                    scale,
                    grades,
                    limitRule,
                    maxReasons);
        }

        public Config withIdentity(String newId, String newVersion, Instant newCreatedAt) {
            return new Config(
                    newId,
                    newVersion,
                    newCreatedAt,
                    description,
                    label,
                    positive,
                    pdHorizonDays,
                    cvFolds,
                    seed,
                    options,
                    featureConfig,
                    scale,
                    grades,
                    limitRule,
                    maxReasons);
        }

        public Config withOptions(ScorecardTrainer.Options newOptions) {
            return new Config(
                    id,
                    version,
                    createdAt,
                    description,
                    label,
                    positive,
                    pdHorizonDays,
                    cvFolds,
                    seed,
                    newOptions,
                    featureConfig,
                    scale,
                    grades,
                    limitRule,
                    maxReasons);
        }

        public Config withStreaming(
                ModelArtifact.FeatureConfig newFeatureConfig,
                String newDescription,
                int horizonDays) {
            return new Config(
                    id,
                    version,
                    createdAt,
                    newDescription,
                    label,
                    positive,
                    horizonDays,
                    cvFolds,
                    seed,
                    options,
                    newFeatureConfig,
                    scale,
                    grades,
                    ModelDefaults.limitRule(newFeatureConfig.referenceCurrency()),
                    maxReasons);
        }
    }

    /**
     * @param cv cross-validation report, or null when cvFolds < 2
     * @param training metrics of the final (calibrated) model on its own training rows
     */
    public record Result(
            ModelArtifact artifact,
            CrossValidation.Report cv,
            BinaryMetrics training,
            double[] trainingPd) {}

    private ModelTrainer() {}

    public static Result train(TabularData data, Config c) {
        CrossValidation.Report cv =
                c.cvFolds() >= 2
                        ? CrossValidation.run(data, c.options(), c.cvFolds(), c.seed())
                        : null;
        ScorecardTrainer.Fitted fitted = ScorecardTrainer.fit(data, c.options());
        ModelArtifact.Calibration calibration = new ModelArtifact.Calibration("platt", 0.0, 1.0);
        if (cv != null) {
            double[][] x = new double[data.rows()][1];
            for (int i = 0; i < x.length; i++) {
                x[i][0] = cv.outOfFoldEta()[i];
            }
            LogisticRegression.Fit platt = LogisticRegression.fit(x, data.labels(), 0.0, null);
            if (platt.coefficients()[0] > 0.05) {
                calibration =
                        new ModelArtifact.Calibration(
                                "platt", platt.intercept(), platt.coefficients()[0]);
            }
        }
        ModelArtifact draft =
                new ModelArtifact(
                        ArtifactCodec.FORMAT,
                        ArtifactCodec.FORMAT_VERSION,
                        c.id(),
                        c.version(),
                        c.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                        c.description(),
                        new ModelArtifact.Target(c.label(), c.positive(), c.pdHorizonDays()),
                        c.featureConfig(),
                        fitted.features(),
                        fitted.intercept(),
                        calibration,
                        c.scale(),
                        c.grades(),
                        c.limitRule(),
                        c.maxReasons(),
                        new ModelArtifact.Training(
                                "woe_logistic_l2_nonneg",
                                data.source(),
                                data.fingerprint(),
                                data.rows(),
                                data.positives(),
                                c.seed(),
                                Math.max(c.cvFolds(), 0),
                                c.options().l2(),
                                c.options().binning().maxBins(),
                                c.options().binning().minBinFraction()),
                        Map.of(),
                        null,
                        null);
        Scorecard sc = Scorecard.compile(draft);
        double[] eta = new TableScorer(sc).eta(data);
        double[] pd = new double[eta.length];
        for (int i = 0; i < eta.length; i++) {
            pd[i] = sc.pd(eta[i]);
        }
        BinaryMetrics training = BinaryMetrics.of(data.labels(), pd);
        Map<String, Double> metrics = new TreeMap<>();
        if (cv != null) {
            metrics.put("cv_auc", cv.aucMean());
            metrics.put("cv_auc_std", cv.aucStd());
            metrics.put("cv_auc_pooled", cv.pooled().auc());
            metrics.put("cv_ks", cv.ksMean());
            metrics.put("cv_gini", cv.giniMean());
            metrics.put("cv_brier", cv.brierMean());
            metrics.put("cv_log_loss", cv.logLossMean());
            metrics.put("cv_accuracy", cv.accuracyMean());
            metrics.put("cv_baseline_accuracy", cv.baselineAccuracyMean());
        }
        metrics.put("train_auc", training.auc());
        metrics.put("train_ks", training.ks());
        metrics.put("train_brier", training.brier());
        metrics.put("train_log_loss", training.logLoss());
        metrics.put("train_accuracy", training.accuracy());
        metrics.put("train_baseline_accuracy", training.baselineAccuracy());
        ModelArtifact artifact =
                new ModelArtifact(
                        draft.format(),
                        draft.formatVersion(),
                        draft.id(),
                        draft.version(),
                        draft.createdAt(),
                        draft.description(),
                        draft.target(),
                        draft.featureConfig(),
                        draft.features(),
                        draft.intercept(),
                        draft.calibration(),
                        draft.scale(),
                        draft.grades(),
                        draft.limitRule(),
                        draft.maxReasons(),
                        draft.training(),
                        metrics,
                        referenceDistribution(eta),
                        null);
        return new Result(ArtifactCodec.sealed(artifact), cv, training, pd);
    }

    /** Deciles of eta (duplicate cut points dropped) and the share of rows in each bin. */
    public static ModelArtifact.ReferenceDistribution referenceDistribution(double[] eta) {
        double[] sorted = eta.clone();
        Arrays.sort(sorted);
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < 10; k++) {
            double e = sorted[(int) Math.min(sorted.length - 1, (long) k * sorted.length / 10)];
            if (edges.isEmpty() || e > edges.get(edges.size() - 1)) {
                edges.add(e);
            }
        }
        double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
        double[] shares = BinaryMetrics.shares(e, eta);
        List<Double> s = new ArrayList<>();
        for (double v : shares) {
            s.add(v);
        }
        return new ModelArtifact.ReferenceDistribution(edges, s);
    }
}
