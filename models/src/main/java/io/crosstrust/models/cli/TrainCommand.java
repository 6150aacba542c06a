package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.evaluation.BinaryMetrics;
import io.crosstrust.models.evaluation.EvaluationReport;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.FeatureDefinition;
import io.crosstrust.models.training.BinningOptions;
import io.crosstrust.models.training.CrossValidation;
import io.crosstrust.models.training.ModelTrainer;
import io.crosstrust.models.training.Monotone;
import io.crosstrust.models.training.ScorecardTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model train}: fit a scorecard to a labelled CSV, cross-validate, write the artifact. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Fit a woe logistic scorecard to a labelled table and cross-validate it.",
            "Numeric columns are binned (monotone by default), text columns are categories.",
            "With --json the last line of output is one JSON object (auc, ks, accuracy,"
                    + " baseline_accuracy, rows, ...)."
        })
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "CSV",
            description =
                    "CSV with a header: a file, - for stdin, or an http(s) URL (e.g. ClickHouse"
                            + " ... FORMAT CSVWithNames).")
    String data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "Label column.")
    String label;

    @Option(
            names = "--positive",
            required = true,
            paramLabel = "VALUE",
            description = "Label value of the positive class (e.g. default).")
    String positive;

    @Option(
            names = "--cv",
            defaultValue = "5",
            paramLabel = "K",
            description = "Cross-validation folds, 0 for none (default ${DEFAULT-VALUE}).")
    int cv;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Fold seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the model artifact here.")
    Path out;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write an evaluation report here.")
    Path report;

    @Option(names = "--json", description = "End the output with one JSON line of results.")
    boolean json;

    @Option(
            names = "--categorical",
            split = ",",
            paramLabel = "COL",
            description = "Treat these columns as categories even if numeric.")
    List<String> categorical = new ArrayList<>();

    @Option(
            names = "--exclude",
            split = ",",
            paramLabel = "COL",
            description = "Ignore these columns.")
    List<String> exclude = new ArrayList<>();

    @Option(
            names = "--monotone",
            paramLabel = "COL=DIR",
            description =
                    "Risk direction of a numeric column: increasing_risk (+), decreasing_risk"
                            + " (-), none or auto. Repeatable.")
    Map<String, String> monotone = new LinkedHashMap<>();

    @Option(
            names = "--monotone-default",
            defaultValue = "auto",
            paramLabel = "DIR",
            description = "Direction of other numeric columns (default ${DEFAULT-VALUE}).")
    String monotoneDefault;

    @Option(
            names = "--l2",
            defaultValue = "1.0",
            description = "Ridge penalty (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(
            names = "--max-bins",
            defaultValue = "20",
            description = "Fine bins per numeric column (default ${DEFAULT-VALUE}).")
    int maxBins;

    @Option(
            names = "--min-bin-fraction",
            defaultValue = "0.05",
            description = "Smallest bin share (default ${DEFAULT-VALUE}).")
    double minBinFraction;

    @Option(
            names = "--merge-chi2",
            defaultValue = "0",
            description =
                    "Merge neighbouring bins below this chi-square (0 = off, 3.84 = 5%% level).")
    double mergeChi2;

    @Option(names = "--id", description = "Model id (default model-<label>).")
    String id;

    @Option(
            names = "--model-version",
            defaultValue = "1",
            description = "Model version (default ${DEFAULT-VALUE}).")
    String modelVersion;

    @Option(
            names = "--created-at",
            paramLabel = "INSTANT",
            description = "Creation time, ISO-8601 (default now).")
    String createdAt;

    @Option(
            names = "--horizon-days",
            defaultValue = "365",
            description = "PD horizon the label means (default ${DEFAULT-VALUE}).")
    int horizonDays;

    @Option(
            names = "--streaming",
            description =
                    "The columns are streaming credit features (see docs/model.md): attach their"
                            + " dimensions, codes and directions and a feature config, so the artifact can"
                            + " be loaded by the scoring job.")
    boolean streaming;

    @Option(
            names = "--half-life-days",
            defaultValue = "90",
            description = "With --streaming: feature half-life (default ${DEFAULT-VALUE}).")
    double halfLifeDays;

    @Option(
            names = "--short-half-life-days",
            defaultValue = "14",
            description = "With --streaming: volume-trend half-life (default ${DEFAULT-VALUE}).")
    double shortHalfLifeDays;

    @Option(
            names = "--currency",
            defaultValue = "USD",
            description = "With --streaming: reference currency (default ${DEFAULT-VALUE}).")
    String currency;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (cv == 1 || cv < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--cv must be 0 (no cross-validation) or at least 2, got " + cv);
        }
        if (!(l2 >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--l2 must be >= 0");
        }
        if (horizonDays <= 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--horizon-days must be > 0");
        }
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (createdAt != null) {
            try {
                created = Instant.parse(createdAt);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--created-at must look like 2026-01-31T12:00:00Z, got " + createdAt);
            }
        }
        Map<String, Monotone> directions = new HashMap<>();
        Monotone fallback;
        try {
            fallback = Monotone.parse(monotoneDefault);
            for (var e : monotone.entrySet()) {
                directions.put(e.getKey(), Monotone.parse(e.getValue()));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BinningOptions binning;
        try {
            binning = new BinningOptions(maxBins, minBinFraction, 0.5, 0.02, mergeChi2);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        DataTable table = CliSupport.readData(data, System.in);
        TabularData td = TabularData.fromTable(table, label, positive, categorical, exclude);
        for (String col : directions.keySet()) {
            if (!(td.column(col) instanceof TabularData.NumericColumn)) {
                throw new IllegalArgumentException("--monotone " + col + ": not a numeric column");
            }
        }
        Map<String, ScorecardTrainer.FeatureMeta> meta = new HashMap<>();
        ModelArtifact.FeatureConfig featureConfig = null;
        if (streaming) {
            for (TabularData.Column c : td.columns()) {
                int i = CreditFeatures.indexOf(c.name());
                if (i < 0 || !(c instanceof TabularData.NumericColumn)) {
                    throw new IllegalArgumentException(
                            "--streaming: column '"
                                    + c.name()
                                    + "' is not a numeric credit feature; --exclude it or drop"
                                    + " --streaming");
                }
                FeatureDefinition d = CreditFeatures.DEFINITIONS.get(i);
                meta.put(
                        d.name(),
                        new ScorecardTrainer.FeatureMeta(
                                d.dimension().key(), d.code(), d.description()));
                directions.putIfAbsent(d.name(), Monotone.parse(d.monotone()));
            }
            featureConfig =
                    new ModelArtifact.FeatureConfig(halfLifeDays, shortHalfLifeDays, currency);
        }
        ScorecardTrainer.Options options =
                new ScorecardTrainer.Options(binning, l2, fallback, directions, meta);
        ModelTrainer.Config config =
                ModelTrainer.Config.defaults(label, positive)
                        .withIdentity(
                                id != null
                                        ? id
                                        : ModelTrainer.Config.defaults(label, positive).id(),
                                modelVersion,
                                created)
                        .withOptions(options)
                        .with(cv, seed);
        if (featureConfig != null) {
            config = config.withStreaming(featureConfig, null, horizonDays);
        } else if (horizonDays != config.pdHorizonDays()) {
            config =
                    new ModelTrainer.Config(
                            config.id(),
                            config.version(),
                            config.createdAt(),
                            config.description(),
                            config.label(),
                            config.positive(),
                            horizonDays,
                            config.cvFolds(),
                            config.seed(),
                            config.options(),
                            null,
                            config.scale(),
                            config.grades(),
                            config.limitRule(),
                            config.maxReasons());
        }
        o.printf(
                Locale.ROOT,
                "data %s: %d rows, %d positives (%s = %s), %d features%n",
                table.source(),
                td.rows(),
                td.positives(),
                label,
                positive,
                td.columns().size());
        o.flush();
        ModelTrainer.Result result = ModelTrainer.train(td, config);
        ModelArtifact artifact = result.artifact();
        Map<String, Object> js = new LinkedHashMap<>();
        js.put("rows", td.rows());
        js.put("positives", td.positives());
        js.put("features", td.columns().size());
        js.put("cv_folds", cv);
        js.put("seed", seed);
        CrossValidation.Report r = result.cv();
        if (r != null) {
            o.printf(Locale.ROOT, "%d-fold cross-validation (seed %d, stratified):%n", cv, seed);
            for (CrossValidation.Fold f : r.folds()) {
                o.printf(
                        Locale.ROOT,
                        "  fold %d: train %d, test %d, AUC %.4f, accuracy %.4f%n",
                        f.fold() + 1,
                        f.trainRows(),
                        f.testRows(),
                        f.metrics().auc(),
                        f.metrics().accuracy());
            }
            o.printf(
                    Locale.ROOT,
                    "CV AUC %.4f (+/- %.4f; pooled out-of-fold %.4f)  KS %.4f  Gini %.4f%n",
                    r.aucMean(),
                    r.aucStd(),
                    r.pooled().auc(),
                    r.ksMean(),
                    r.giniMean());
            o.printf(Locale.ROOT, "CV Brier %.4f  log loss %.4f%n", r.brierMean(), r.logLossMean());
            o.printf(
                    Locale.ROOT,
                    "CV accuracy %.4f beside the majority-class baseline %.4f%n",
                    r.accuracyMean(),
                    r.baselineAccuracyMean());
            js.put("auc_source", "cv");
            js.put("auc", r.aucMean());
            js.put("auc_std", r.aucStd());
            js.put("auc_pooled", r.pooled().auc());
            js.put("ks", r.ksMean());
            js.put("gini", r.giniMean());
            js.put("brier", r.brierMean());
            js.put("log_loss", r.logLossMean());
            js.put("accuracy", r.accuracyMean());
            js.put("baseline_accuracy", r.baselineAccuracyMean());
        } else {
            BinaryMetrics m = result.training();
            o.println("no cross-validation (--cv 0): metrics below are on the training rows");
            js.put("auc_source", "train");
            js.put("auc", m.auc());
            js.put("ks", m.ks());
            js.put("gini", m.gini());
            js.put("brier", m.brier());
            js.put("log_loss", m.logLoss());
            js.put("accuracy", m.accuracy());
            js.put("baseline_accuracy", m.baselineAccuracy());
        }
        BinaryMetrics t = result.training();
        o.printf(
                Locale.ROOT,
                "final model on all rows: training AUC %.4f, accuracy %.4f (baseline %.4f)%n",
                t.auc(),
                t.accuracy(),
                t.baselineAccuracy());
        js.put("train_auc", t.auc());
        long nonzero = artifact.features().stream().filter(f -> f.weight() > 0).count();
        o.printf(
                Locale.ROOT,
                "%d of %d features carry weight; calibration a=%.4f b=%.4f%n",
                nonzero,
                artifact.features().size(),
                artifact.calibration().a(),
                artifact.calibration().b());
        js.put("model_id", artifact.id());
        js.put("model_version", artifact.version());
        js.put("content_hash", artifact.contentHash());
        js.put("data_sha256", td.fingerprint());
        if (out != null) {
            ArtifactCodec.write(artifact, out);
            o.println("wrote model artifact " + out);
            js.put("artifact", out.toString());
        }
        if (report != null) {
            int[] y = td.labels();
            double[] p = result.trainingPd();
            String title = "model " + artifact.id() + " on " + table.source();
            if (r != null) {
                p = new double[y.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-r.outOfFoldEta()[i]));
                }
                title += " (out-of-fold predictions of " + cv + "-fold cross-validation)";
            }
            EvaluationReport rep = new EvaluationReport(title, y, p);
            if (r != null) {
                rep.note(
                        String.format(
                                Locale.ROOT,
                                "mean fold AUC %.4f +/- %.4f",
                                r.aucMean(),
                                r.aucStd()));
            }
            rep.write(report);
            o.println("wrote report to " + report);
            js.put("report", report.toString());
        }
        if (json) {
            o.println(CliSupport.json(js));
        }
        o.flush();
        return 0;
    }
}
