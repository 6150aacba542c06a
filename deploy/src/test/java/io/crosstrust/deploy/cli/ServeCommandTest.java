package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void withoutARunningStackItSaysWhatIsMissing(@TempDir Path dir) {
        int exit = run("serve", "--run-dir", dir.toString(), "--port", "0");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("no tier credentials").contains("crosstrust run");
    }

    @Test
    void aTiersFileWithoutATierIsRefusedByName(@TempDir Path dir) throws Exception {
        Path tiers = dir.resolve("tiers.properties");
        Files.writeString(tiers, "clickhouse=http://127.0.0.1:9\npublic.user=u\n");
        int exit = run("serve", "--tiers", tiers.toString(), "--port", "0");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("public.password");
    }

    @Test
    void helpNamesTheApiAndThePage() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString())
                .contains("/openapi.json")
                .contains("/live")
                .contains("--api-keys");
    }
}
