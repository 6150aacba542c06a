package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's contract: help for every command, and bad input fails fast with exit code 2. */
class CrosstrustCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void everySubcommandHasHelp() {
        CommandLine cli = Crosstrust.commandLine();
        for (String name : cli.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            out.getBuffer().setLength(0);
            assertThat(run(name, "--help")).as(name + " --help").isZero();
            assertThat(out.toString()).as(name + " --help").contains("Usage:").contains(name);
        }
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("./crosstrust test");
    }

    @Test
    void unknownFlagsAndBadValuesFailFast() {
        assertThat(run("run", "--durration", "5")).isEqualTo(2);
        assertThat(err.toString())
                .contains("'--durration'")
                .contains("Possible solutions: --duration");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--rate", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("--rate").contains("fast");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--duration", "-1")).isEqualTo(2);
        assertThat(run("run", "--confirmations", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--confirmations must be in [0,64], got -1");
        assertThat(err.toString()).contains("--duration must be >= 0");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--kafka", "nohostport")).isEqualTo(2);
        assertThat(err.toString()).contains("expected host:port");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--set", "noSuchGeneratorKey=1")).isEqualTo(2);
        assertThat(err.toString()).contains("noSuchGeneratorKey");
        err.getBuffer().setLength(0);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }
}
