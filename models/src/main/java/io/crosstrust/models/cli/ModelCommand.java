package io.crosstrust.models.cli;

import io.crosstrust.models.artifact.ArtifactException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code model}: train, evaluate, score with and explain credit models (wired under the root CLI as
 * {@code ./crosstrust model ...}; runnable on its own through {@link #main}). Expected failures (a
 * missing file or column, a bad artifact) exit 1 with one line saying what to fix; usage errors
 * exit 2 with the usage.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Train, evaluate, score with and explain credit models.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            ScoreCommand.class,
            ExplainCommand.class,
            VerifyCommand.class,
            ReweightCommand.class
        })
public final class ModelCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a subcommand: train, evaluate, score, explain, verify or reweight");
    }

    /** A command line for {@code model} with the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ModelCommand());
        cl.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    Throwable cause = ex;
                    if (cause instanceof UncheckedIOException u) {
                        cause = u.getCause();
                    }
                    if (cause instanceof IllegalArgumentException
                            || cause instanceof IOException
                            || cause instanceof ArtifactException) {
                        commandLine.getErr().println("error: " + message(cause));
                        commandLine.getErr().flush();
                        return 1;
                    }
                    throw ex;
                });
        return cl;
    }

    private static String message(Throwable t) {
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
