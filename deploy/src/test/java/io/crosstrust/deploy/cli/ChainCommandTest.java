package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chain replay}'s contract: help, and bad input fails fast with exit code 2. */
class ChainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ChainCommand());
        cli.setExecutionExceptionHandler(Crosstrust.commandLine().getExecutionExceptionHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void replayHasHelpThatSaysWhatTheTimesAre() {
        assertThat(run("replay", "--help")).isZero();
        assertThat(out.toString())
                .contains("Usage:")
                .contains("--csv")
                .contains("--kafka")
                .contains("synthetic");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("replay");
    }

    @Test
    void badInputFailsFastWithExitCode2(@TempDir Path dir) throws Exception {
        assertThat(run("replay")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--csv=FILE'");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "--csv", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a readable file");
        Path csv = Files.writeString(dir.resolve("t.csv"), "x\n");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "--csv", csv.toString(), "--block-interval", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--block-interval must be >= 1");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "--csv", csv.toString(), "--block-time-base", "yesterday"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--block-time-base");
        err.getBuffer().setLength(0);
        assertThat(run("replay", "--csv", csv.toString(), "--kafka", "nohostport")).isEqualTo(2);
        assertThat(err.toString()).contains("expected host:port");
    }
}
