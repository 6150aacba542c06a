package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.evaluation.BinaryMetrics;
import io.crosstrust.models.evaluation.EvaluationReport;
import io.crosstrust.models.scoring.Scorecard;
import io.crosstrust.models.scoring.TableScorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model evaluate}: measure a model artifact on labelled rows. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Score labelled rows with a model and report AUC, KS, Gini, Brier, log loss, accuracy"
                    + " beside the baseline, precision/recall at thresholds, calibration by decile,"
                    + " and PSI against the training distribution."
        })
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Artifact, or 'default'.")
    String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "CSV",
            description = "CSV file, - or URL.")
    String data;

    @Option(names = "--label", required = true, paramLabel = "COL")
    String label;

    @Option(names = "--positive", required = true, paramLabel = "VALUE")
    String positive;

    @Option(
            names = "--thresholds",
            split = ",",
            paramLabel = "P",
            description = "PD thresholds for precision/recall (default 0.1..0.7).")
    List<Double> thresholds;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write report.txt, CSVs and PNG plots here.")
    Path report;

    @Option(names = "--json", description = "End the output with one JSON line of results.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (thresholds != null) {
            for (double t : thresholds) {
                if (!(t > 0 && t < 1)) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--thresholds must lie in (0, 1), got " + t);
                }
            }
        }
        ModelArtifact artifact = CliSupport.readModel(model);
        DataTable table = CliSupport.readData(data, System.in);
        int labelCol = table.column(label);
        TableScorer scorer = new TableScorer(Scorecard.compile(artifact));
        int[] cols = scorer.columns(table);
        int n = table.rowCount();
        if (n == 0) {
            throw new IllegalArgumentException(table.source() + ": no data rows");
        }
        int[] y = new int[n];
        double[] pd = new double[n];
        double[] eta = new double[n];
        double[] contributions = new double[artifact.features().size()];
        for (int i = 0; i < n; i++) {
            String v = table.value(i, labelCol).trim();
            if (DataTable.isMissing(v)) {
                throw new IllegalArgumentException(
                        table.source() + " data row " + (i + 1) + " has no label");
            }
            y[i] = v.equals(positive) ? 1 : 0;
            eta[i] = scorer.eta(table, cols, i, contributions);
            pd[i] = scorer.scorecard().pd(eta[i]);
        }
        double[] t =
                thresholds == null
                        ? EvaluationReport.DEFAULT_THRESHOLDS
                        : thresholds.stream().mapToDouble(Double::doubleValue).toArray();
        EvaluationReport rep =
                new EvaluationReport(
                        "model "
                                + artifact.id()
                                + " "
                                + artifact.version()
                                + " on "
                                + table.source(),
                        y,
                        pd,
                        t);
        Double psi = null;
        if (artifact.referenceDistribution() != null) {
            double[] edges =
                    artifact.referenceDistribution().edges().stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray();
            double[] expected =
                    artifact.referenceDistribution().shares().stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray();
            psi = BinaryMetrics.psi(expected, BinaryMetrics.shares(edges, eta));
            rep.note(
                    String.format(
                            Locale.ROOT,
                            "PSI of the score against the training sample %.4f (%s)",
                            psi,
                            psi < 0.1 ? "stable" : psi < 0.25 ? "drifting" : "shifted"));
        }
        o.print(rep.text());
        BinaryMetrics m = rep.metrics();
        Map<String, Object> js = new LinkedHashMap<>();
        js.put("rows", m.rows());
        js.put("positives", m.positives());
        js.put("auc", CliSupport.num(m.auc()));
        js.put("ks", m.ks());
        js.put("gini", CliSupport.num(m.gini()));
        js.put("brier", m.brier());
        js.put("log_loss", m.logLoss());
        js.put("accuracy", m.accuracy());
        js.put("baseline_accuracy", m.baselineAccuracy());
        js.put("psi", psi);
        js.put("model_id", artifact.id());
        js.put("model_version", artifact.version());
        if (report != null) {
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
