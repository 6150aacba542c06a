package io.crosstrust.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.deploy.cli.Crosstrust;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench credit-risk} end to end on a tiny world (embedded broker, two MiniCluster runs, a
 * savepoint in between): the JSON summary has every key, and its figures are positive and agree
 * with each other. The figures themselves are not judged here (docs/benchmarks.md has them).
 */
class CreditRiskBenchITCase {

    @Test
    void aTinyWorldGivesAConsistentSummary() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Bench());
        cli.setExecutionExceptionHandler(Crosstrust.commandLine().getExecutionExceptionHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code =
                cli.execute(
                        "credit-risk",
                        "--entities",
                        "150",
                        "--days",
                        "40",
                        "--seed",
                        "5",
                        "--parallelism",
                        "2",
                        "--latency-seconds",
                        "5",
                        "--json");

        assertThat(code).as(out + "\n" + err).isZero();
        String[] lines = out.toString().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.fieldNames())
                .toIterable()
                .contains(
                        "events",
                        "cores",
                        "checkpoint_ms",
                        "limit_events_per_s",
                        "events_per_s",
                        "events_per_s_per_core",
                        "ratio_to_limit",
                        "goal_events_per_s_per_core",
                        "latency_target_events_per_s",
                        "latency_events",
                        "latency_p50_ms",
                        "latency_p99_ms",
                        "latency_max_ms",
                        "visible_latency_p99_ms",
                        "cause_latency_p99_ms",
                        "warnings_measured",
                        "goal_p99_ms",
                        "short_checkpoint_ms",
                        "short_latency_p50_ms",
                        "short_latency_p99_ms",
                        "short_warnings_measured",
                        "load_average");

        long events = json.get("events").asLong();
        double rate = json.get("events_per_s").asDouble();
        double limit = json.get("limit_events_per_s").asDouble();
        int cores = json.get("cores").asInt();
        assertThat(events).isGreaterThan(5_000);
        assertThat(rate).isPositive();
        assertThat(limit).isPositive();
        assertThat(cores).isEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
        assertThat(json.get("events_per_s_per_core").asDouble())
                .isCloseTo(rate / cores, within(1.0));
        assertThat(json.get("ratio_to_limit").asDouble()).isCloseTo(rate / limit, within(0.002));
        assertThat(json.get("goal_events_per_s_per_core").asLong()).isEqualTo(25_000);
        assertThat(json.get("goal_p99_ms").asLong()).isEqualTo(250);
        assertThat(json.get("checkpoint_ms").asLong()).isEqualTo(1_000);
        assertThat(json.get("short_checkpoint_ms").asLong()).isEqualTo(200);

        // the latency load is half the measured throughput, and the pacer held it
        double target = json.get("latency_target_events_per_s").asDouble();
        assertThat(target).isCloseTo(rate / 2, within(1.0));
        assertThat(json.get("latency_events").asLong()).isPositive();
        assertThat(json.get("latency_events_per_s").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(target * 1.1 + 1);
        assertThat(json.get("short_latency_events_per_s").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(target * 1.1 + 1);

        // warnings were measured, and each run's figures are ordered
        long measured = json.get("warnings_measured").asLong();
        long shortMeasured = json.get("short_warnings_measured").asLong();
        assertThat(measured + shortMeasured).isPositive();
        assertThat(json.get("warnings_event_triggered").asLong()).isBetween(0L, measured);
        assertThat(json.get("warnings_with_cause").asLong()).isBetween(0L, measured);
        for (String run : List.of("", "short_")) {
            if (json.get(run + "warnings_measured").asLong() == 0) {
                continue;
            }
            long p50 = json.get(run + "latency_p50_ms").asLong();
            long p99 = json.get(run + "latency_p99_ms").asLong();
            long max = json.get(run + "latency_max_ms").asLong();
            assertThat(p50).as(run + "p50").isNotNegative().isLessThanOrEqualTo(p99);
            assertThat(p99).as(run + "p99").isLessThanOrEqualTo(max);
            // a warning is received after it was appended
            assertThat(json.get(run + "visible_latency_p50_ms").asLong())
                    .as(run + "visible p50")
                    .isGreaterThanOrEqualTo(p50);
            assertThat(json.get(run + "visible_latency_p99_ms").asLong())
                    .as(run + "visible p99")
                    .isGreaterThanOrEqualTo(p99);
        }

        // the human table came first
        assertThat(out.toString())
                .contains("limit: plain consumer read + Avro decode")
                .contains("credit-risk job, checkpoints every 1,000 ms")
                .contains("restarted from a savepoint");
    }
}
