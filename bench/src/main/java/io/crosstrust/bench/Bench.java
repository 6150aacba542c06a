package io.crosstrust.bench;

import io.crosstrust.deploy.cli.Crosstrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./crosstrust bench ...}: the benchmark drivers, each printing its figure beside its limit.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks. Each prints the measured figure beside the limit it is measured against.",
        subcommands = {
            TradeFlowBench.class,
            FlinkClusterBench.class,
            ChainBackfillBench.class,
            NetworkBench.class,
            CreditRiskBench.class,
            ScoreLookupBench.class,
            OracleGasBench.class,
            CommandLine.HelpCommand.class
        })
public final class Bench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Bench());
        cli.setExecutionExceptionHandler(Crosstrust.commandLine().getExecutionExceptionHandler());
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
