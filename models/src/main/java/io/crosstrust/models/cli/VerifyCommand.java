package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ModelArtifact;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model verify}: check an artifact's hash and schema without using it. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check a model artifact: format, schema, content hash, consistency.")
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Artifact, or 'default'.")
    String model;

    @Override
    public Integer call() throws Exception {
        ModelArtifact a = CliSupport.readModel(model);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(
                Locale.ROOT,
                "ok: %s version %s created %s, %d features, %s%n",
                a.id(),
                a.version(),
                a.createdAt(),
                a.features().size(),
                a.contentHash());
        o.printf(
                Locale.ROOT,
                "trained on %s (%d rows, sha256 %s)%n",
                a.training().source(),
                a.training().rows(),
                a.training().dataSha256());
        o.printf(
                Locale.ROOT,
                "%s%n",
                a.featureConfig() == null
                        ? "tabular model (not loadable by the streaming scorer)"
                        : "streaming model, half-life "
                                + a.featureConfig().halfLifeDays()
                                + " days");
        o.flush();
        return 0;
    }
}
