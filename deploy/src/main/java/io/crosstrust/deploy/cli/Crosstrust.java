package io.crosstrust.deploy.cli;

import io.crosstrust.models.cli.ModelCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./crosstrust} command line. Every subcommand has {@code --help}; unknown flags and bad
 * values fail with exit code 2 and a message; commands that report figures take {@code --json} and
 * then end with one JSON object on the last line of stdout.
 */
@Command(
        name = "crosstrust",
        mixinStandardHelpOptions = true,
        version = "crosstrust 0.1.0",
        description = "Streaming credit and risk engine for cross-border e-commerce.",
        footer = {
            "",
            "Also, from the ./crosstrust script:",
            "  ./crosstrust test     the whole test suite (what CI runs)",
            "  ./crosstrust bench    benchmarks (./crosstrust bench --help)"
        },
        subcommands = {
            RunCommand.class,
            ServeCommand.class,
            ModelCommand.class,
            ChainCommand.class,
            OracleCommand.class,
            NetworkCommand.class,
            WarningsCommand.class,
            EvaluateCommand.class,
            PublishCommand.class,
            NotebooksCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Crosstrust implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's error handling: messages, not stack traces. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Crosstrust());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof IllegalArgumentException) {
                        commandLine.getErr().println("error: " + e.getMessage());
                        return 2;
                    }
                    commandLine.getErr().println("error: " + describe(e));
                    if (System.getenv("CROSSTRUST_DEBUG") != null) {
                        e.printStackTrace(commandLine.getErr());
                    }
                    return 1;
                });
        return cli;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text + " (set CROSSTRUST_DEBUG=1 for the stack trace)";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
