package io.crosstrust.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.deploy.cli.Crosstrust;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code bench credit-risk} refuses bad flags at once, with exit code 2 and a message. */
class CreditRiskBenchTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--entities 5             | entities",
                "--days 0                 | --days",
                "--parallelism 0          | --parallelism",
                "--checkpoint-ms 0        | --checkpoint-ms",
                "--short-checkpoint-ms 5  | --short-checkpoint-ms",
                "--latency-seconds 0      | --latency-seconds",
                "--events 100             | --events",
                "--days x                 | --days",
            })
    void badFlagsFailFastWithExitCode2(String args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Bench());
        cli.setExecutionExceptionHandler(Crosstrust.commandLine().getExecutionExceptionHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute(("credit-risk " + args).split(" "));

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        // refused before anything started: the bench's first line comes after the checks
        assertThat(out.toString()).as("stdout").isEmpty();
    }
}
