package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.scoring.Scorecard;
import io.crosstrust.models.scoring.TableScorer;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model score}: add PD, composite, grade and top reasons to every row of a CSV. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Score every row of a CSV: writes the input columns plus eta, pd, composite, grade and"
                    + " reasons (CODE:points, strongest first)."
        })
final class ScoreCommand implements Callable<Integer> {
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

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Output CSV (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelArtifact artifact = CliSupport.readModel(model);
        DataTable table = CliSupport.readData(data, System.in);
        Scorecard sc = Scorecard.compile(artifact);
        TableScorer scorer = new TableScorer(sc);
        int[] cols = scorer.columns(table);
        Writer w =
                out == null
                        ? spec.commandLine().getOut()
                        : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try {
            PrintWriter p = new PrintWriter(w);
            StringBuilder head = new StringBuilder();
            for (String h : table.header()) {
                head.append(csv(h)).append(',');
            }
            p.print(head);
            p.print("eta,pd,composite,grade,reasons\r\n");
            double[] c = new double[sc.featureCount()];
            for (int i = 0; i < table.rowCount(); i++) {
                double eta = scorer.eta(table, cols, i, c);
                double pd = sc.pd(eta);
                StringBuilder line = new StringBuilder();
                for (String v : table.row(i)) {
                    line.append(csv(v)).append(',');
                }
                line.append(eta)
                        .append(',')
                        .append(pd)
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.1f", sc.composite(eta)))
                        .append(',')
                        .append(sc.grade(pd))
                        .append(',')
                        .append(csv(Explanations.reasons(sc, c, artifact.maxReasons())));
                p.print(line);
                p.print("\r\n");
            }
            p.flush();
        } finally {
            if (out != null) {
                w.close();
            }
        }
        if (out != null) {
            spec.commandLine().getOut().println("scored " + table.rowCount() + " rows into " + out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    static String csv(String v) {
        if (v.indexOf(',') >= 0
                || v.indexOf('"') >= 0
                || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
