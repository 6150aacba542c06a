package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.scoring.Explanation;
import io.crosstrust.models.scoring.ReasonCode;
import io.crosstrust.models.scoring.Scorecard;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model explain}: every feature's part in one score. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain one score feature by feature: value, bin, woe, weight, log-odds contribution"
                    + " and signed points, then PD, composite, grade and the top reasons.",
            "Give the row as --data CSV --row N, or feature values with --set NAME=VALUE."
        })
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Artifact, or 'default'.")
    String model;

    @Option(names = "--data", paramLabel = "CSV", description = "CSV file, - or URL.")
    String data;

    @Option(
            names = "--row",
            paramLabel = "N",
            description = "1-based data row of --data (default 1).")
    Integer row;

    @Option(
            names = "--set",
            paramLabel = "NAME=VALUE",
            description = "A feature value; unset features count as missing.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the explanation as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((data == null) == set.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "give either --data (with --row) or --set NAME=VALUE, not both");
        }
        if (data == null && row != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--row needs --data");
        }
        ModelArtifact artifact = CliSupport.readModel(model);
        Scorecard sc = Scorecard.compile(artifact);
        int f = sc.featureCount();
        String[] raw = new String[f];
        if (data != null) {
            DataTable table = CliSupport.readData(data, System.in);
            int r = row == null ? 1 : row;
            if (r < 1 || r > table.rowCount()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--row must be between 1 and " + table.rowCount() + ", got " + r);
            }
            for (int j = 0; j < f; j++) {
                if (!table.hasColumn(sc.featureName(j))) {
                    throw new IllegalArgumentException(
                            table.source() + " has no column '" + sc.featureName(j) + "'");
                }
                raw[j] = table.value(r - 1, table.column(sc.featureName(j)));
            }
        } else {
            for (String name : set.keySet()) {
                if (sc.indexOf(name) < 0) {
                    List<String> names = new ArrayList<>();
                    for (int j = 0; j < f; j++) {
                        names.add(sc.featureName(j));
                    }
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--set " + name + ": the model has no such feature; it has " + names);
                }
            }
            for (int j = 0; j < f; j++) {
                raw[j] = set.get(sc.featureName(j));
            }
        }
        double[] nums = new double[f];
        String[] cats = new String[f];
        for (int j = 0; j < f; j++) {
            if (sc.isNumeric(j)) {
                try {
                    nums[j] = DataTable.parseNumber(raw[j]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "feature '"
                                    + sc.featureName(j)
                                    + "' needs a number, got '"
                                    + raw[j]
                                    + "'");
                }
            } else {
                cats[j] = DataTable.isMissing(raw[j]) ? null : raw[j].trim();
            }
        }
        Explanation ex = Explanation.of(sc, nums, cats, artifact.maxReasons());
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> js = new LinkedHashMap<>();
            js.put("model_id", artifact.id());
            js.put("model_version", artifact.version());
            js.put("eta", ex.eta());
            js.put("pd", ex.pd());
            js.put("composite", ex.composite());
            js.put("grade", ex.grade());
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Explanation.Line l : ex.lines()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("feature", l.feature());
                m.put("dimension", l.dimension());
                m.put("value", l.value());
                m.put("bin", l.bin());
                m.put("woe", l.woe());
                m.put("weight", l.weight());
                m.put("contribution", l.contribution());
                m.put("points", l.points());
                lines.add(m);
            }
            js.put("features", lines);
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (ReasonCode rc : ex.reasons()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", rc.code());
                m.put("dimension", rc.dimension());
                m.put("contribution", rc.contribution());
                m.put("description", rc.description());
                reasons.add(m);
            }
            js.put("reasons", reasons);
            o.println(CliSupport.json(js));
        } else {
            o.printf(Locale.ROOT, "model %s %s%n", artifact.id(), artifact.version());
            o.printf(
                    Locale.ROOT,
                    "%-40s %-14s %4s %8s %7s %9s %8s%n",
                    "feature",
                    "value",
                    "bin",
                    "woe",
                    "weight",
                    "log-odds",
                    "points");
            for (Explanation.Line l : ex.lines()) {
                o.printf(
                        Locale.ROOT,
                        "%-40s %-14s %4d %8.4f %7.4f %9.4f %+8.1f%n",
                        l.feature(),
                        abbreviate(l.value()),
                        l.bin(),
                        l.woe(),
                        l.weight(),
                        l.contribution(),
                        l.points());
            }
            o.printf(
                    Locale.ROOT,
                    "eta %.6f  PD %.6f  composite %.1f  grade %s%n",
                    ex.eta(),
                    ex.pd(),
                    ex.composite(),
                    ex.grade());
            o.printf(
                    Locale.ROOT,
                    "points are measured from the reference score %.1f%n",
                    ex.referenceComposite());
            for (ReasonCode rc : ex.reasons()) {
                o.printf(
                        Locale.ROOT,
                        "  %-22s %+7.1f  %s%n",
                        rc.code(),
                        rc.contribution(),
                        rc.description());
            }
        }
        o.flush();
        return 0;
    }

    private static String abbreviate(String v) {
        return v.length() <= 14 ? v : v.substring(0, 13) + "~";
    }
}
