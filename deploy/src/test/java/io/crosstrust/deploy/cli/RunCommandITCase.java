package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.deploy.stack.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crosstrust run --duration S --json} as a user runs it, in-process: the platform feed and
 * the world's escrow orders on anvil, both through the pipeline into ClickHouse.
 */
class RunCommandITCase {
    @Test
    void runsForItsDurationReportsFiguresAndLeavesNoProcessBehind(@TempDir Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        var cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit =
                cli.execute(
                        "run",
                        "--duration",
                        "12",
                        "--rate",
                        "1000",
                        "--interval",
                        "3",
                        "--json",
                        "--work-dir",
                        dir.toString(),
                        "--malformed-share",
                        "0.01");
        assertThat(exit).as(out.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains("kafka       embedded KRaft broker"));
        assertThat(lines).anyMatch(l -> l.startsWith("[") && l.contains("events in"));
        assertThat(lines)
                .as("the run drained before it stopped")
                .noneMatch(l -> l.startsWith("drain:"));
        JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(figures.get("events_in").asLong()).isPositive();
        assertThat(figures.get("clickhouse_rows").asLong()).isPositive();
        // the chain side ran: escrow orders executed on anvil, read back into chain.events, and
        // every chain event attributed and stored beside the platform events
        assertThat(lines).anyMatch(l -> l.contains("contracts   TradeEscrow 0x"));
        assertThat(lines).anyMatch(l -> l.startsWith("[") && l.contains("chain.events"));
        assertThat(figures.get("escrow_orders").asLong()).isPositive();
        assertThat(figures.get("chain_transactions").asLong()).isPositive();
        assertThat(figures.get("chain_failed_transactions").asLong()).isZero();
        assertThat(figures.get("chain_events").asLong()).isPositive();
        // caught up: the confirmation depth (2), or a block more mined while it caught up
        assertThat(figures.get("chain_head_lag").asLong()).isBetween(2L, 4L);
        assertThat(figures.get("clickhouse_chain_events").asLong())
                .isEqualTo(figures.get("chain_events").asLong());
        // the run drains before it stops: everything fed came out, as an event or a dead letter
        assertThat(figures.get("clickhouse_rows").asLong())
                .isEqualTo(
                        figures.get("valid_events_in").asLong()
                                + figures.get("clickhouse_chain_events").asLong());
        assertThat(figures.get("dead_letters").asLong())
                .isEqualTo(figures.get("malformed_in").asLong());
        assertThat(figures.get("duration_s").asDouble()).isGreaterThanOrEqualTo(12);
        // the credit-risk job ran beside the trade flow: scores in Kafka and ClickHouse
        assertThat(figures.get("credit_scores_out").asLong()).isPositive();
        assertThat(figures.get("clickhouse_credit_scores").asLong()).isPositive();
        assertThat(figures.has("risk_warnings_out")).isTrue();
        // the oracle job posted scores to the stack's CreditOracle with a key of the stack's own,
        // kept in an encrypted keystore whose password never reaches the output
        assertThat(lines).anyMatch(l -> l.contains("contracts   CreditOracle 0x"));
        assertThat(figures.get("oracle_transactions").asLong()).isPositive();
        String password =
                Files.readString(dir.resolve("oracle").resolve("keystore-password")).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(out.toString()).doesNotContain(password);
        // the sharing tiers and the demo principals' row-scoped ClickHouse users were installed
        // (SharingPrincipalsITCase proves what they read); their secrets stay in the file
        Properties tiers = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("sharing").resolve("tiers.properties"))) {
            tiers.load(r);
        }
        assertThat(tiers.getProperty("principal.demo_entity.database"))
                .isEqualTo("crosstrust_p_demo_entity");
        assertThat(tiers.getProperty("principal.demo_counterparty.password")).hasSize(43);
        assertThat(out.toString())
                .doesNotContain(tiers.getProperty("principal.demo_entity.password"))
                .doesNotContain(tiers.getProperty("principal.demo_counterparty.password"));
        // the endpoints file for `warnings tail` lived as long as the stack
        assertThat(dir.resolve(LocalStack.ENDPOINTS_FILE)).doesNotExist();

        // no ClickHouse server or anvil left among this JVM's children
        assertThat(
                        ProcessHandle.current()
                                .descendants()
                                .filter(ProcessHandle::isAlive)
                                .map(p -> p.info().command().orElse("?")))
                .noneMatch(c -> c.contains("clickhouse") || c.contains("anvil"));
    }
}
