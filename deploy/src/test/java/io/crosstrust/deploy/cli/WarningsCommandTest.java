package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WarningsCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static RiskWarning warning(
            String id, String entity, String region, WarningType type, Severity severity) {
        return RiskWarning.newBuilder()
                .setEventId(id)
                .setEntityId(entity)
                .setRegion(region)
                .setType(type)
                .setSeverity(severity)
                .setStatus(WarningStatus.RAISED)
                .setExplanation("because " + id)
                .setEvidenceEventIds(List.of("e1", "e2", "e3", "e4", "e5", "e6", "e7"))
                .setRuleId(type.name())
                .setRuleVersion(3)
                .setModelVersion("1.0.0")
                .setRaisedAt(Instant.parse("2026-11-21T00:00:00Z"))
                .setEventTime(Instant.parse("2026-06-20T10:15:30Z"))
                .build();
    }

    @Test
    void aWarningReadsOnTwoLinesWithItsEvidenceAndVersions() {
        String text =
                WarningsCommand.format(
                        warning("w1", "E-7", "EU", WarningType.BUST_OUT, Severity.HIGH));
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .startsWith("2026-06-20 10:15:30Z  HIGH")
                .contains("BUST_OUT")
                .contains("E-7 (EU)")
                .contains("RAISED: because w1");
        assertThat(lines[1])
                .contains("evidence: e1, e2, e3, e4, e5 (+2 more)")
                .contains("rule BUST_OUT v3")
                .contains("model 1.0.0");
    }

    @Test
    void filtersCombine() {
        var f = new WarningsCommand.WarningFilter(Severity.HIGH, "EU", null, null);
        assertThat(f.test(warning("a", "E", "EU", WarningType.BUST_OUT, Severity.CRITICAL)))
                .isTrue();
        assertThat(f.test(warning("b", "E", "EU", WarningType.BUST_OUT, Severity.MEDIUM)))
                .isFalse();
        assertThat(f.test(warning("c", "E", "APAC", WarningType.BUST_OUT, Severity.HIGH)))
                .isFalse();
        var byEntityAndType =
                new WarningsCommand.WarningFilter(null, null, "E-1", WarningType.LIMIT_BREACH);
        assertThat(
                        byEntityAndType.test(
                                warning("d", "E-1", null, WarningType.LIMIT_BREACH, Severity.LOW)))
                .isTrue();
        assertThat(
                        byEntityAndType.test(
                                warning("e", "E-2", null, WarningType.LIMIT_BREACH, Severity.LOW)))
                .isFalse();
        assertThat(f.describe()).isEqualTo("severity >= HIGH, region EU");
    }

    @Test
    void kafkaComesFromTheFlagTheEnvironmentOrARunningStack(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("CROSSTRUST_KAFKA", "env:2");
        assertThat(KafkaOptions.bootstrap("flag:1", null, dir, env)).isEqualTo("flag:1");
        assertThat(KafkaOptions.bootstrap(null, null, dir, env)).isEqualTo("env:2");
        Files.writeString(dir.resolve("endpoints.properties"), "kafka=127.0.0.1:40123\n");
        assertThat(KafkaOptions.bootstrap(null, null, dir, Map.of())).isEqualTo("127.0.0.1:40123");
    }

    @Test
    void badInputFailsFastWithWhatToFix(@TempDir Path dir) {
        assertThat(run("warnings", "tail", "--severity", "SEVERE")).isEqualTo(2);
        assertThat(err.toString()).contains("--severity").contains("CRITICAL");
        err.getBuffer().setLength(0);
        assertThat(run("warnings", "tail", "--work-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no Kafka to talk to").contains("./crosstrust run");
        err.getBuffer().setLength(0);
        assertThat(run("warnings", "tail", "--kafka", "localhost:1", "--limit", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--limit must be >= 0");
        err.getBuffer().setLength(0);
        assertThat(run("evaluate", "warnings", "--entities", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--entities must be >= 10");
        err.getBuffer().setLength(0);
        assertThat(run("evaluate", "warnings", "--rules", dir.resolve("none.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--rules: no such file");
    }
}
