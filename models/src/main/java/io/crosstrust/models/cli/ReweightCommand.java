package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.scoring.Scorecard;
import io.crosstrust.models.scoring.TableScorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model reweight}: entropy-weight regional variant of a model, for a region without labels.
 */
@Command(
        name = "reweight",
        mixinStandardHelpOptions = true,
        description = {
            "Derive a regional model for a region without outcomes: dimension weights by the"
                    + " entropy-weight method over the region's dimension sub-scores (docs/model.md).",
            "--data holds one row per entity of the region with the model's feature columns."
        })
final class ReweightCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Base artifact, or 'default'.")
    String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "CSV",
            description = "Region's feature rows: file, - or URL.")
    String data;

    @Option(names = "--id", required = true, description = "Id of the regional model.")
    String id;

    @Option(
            names = "--model-version",
            defaultValue = "1",
            description = "Its version (default ${DEFAULT-VALUE}).")
    String modelVersion;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Write the artifact here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelArtifact base = CliSupport.readModel(model);
        DataTable table = CliSupport.readData(data, System.in);
        Scorecard sc = Scorecard.compile(base);
        int[] cols = new TableScorer(sc).columns(table);
        double[][] rows = new double[table.rowCount()][sc.featureCount()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                String raw = table.value(i, cols[j]);
                try {
                    rows[i][j] = DataTable.parseNumber(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            table.source()
                                    + " row "
                                    + (i + 1)
                                    + ", column '"
                                    + sc.featureName(j)
                                    + "': '"
                                    + raw
                                    + "' is not a number");
                }
            }
        }
        ModelArtifact regional =
                io.crosstrust.models.training.EntropyWeights.reweight(
                        base,
                        rows,
                        id,
                        modelVersion,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ArtifactCodec.write(regional, out);
        PrintWriter o = spec.commandLine().getOut();
        regional.metrics()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith("entropy_weight_")) {
                                o.printf(Locale.ROOT, "%-32s %.4f%n", k, v);
                            }
                        });
        o.println("wrote regional model " + out + " (" + regional.contentHash() + ")");
        o.flush();
        return 0;
    }
}
