package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.jobs.network.testing.ReferenceNetwork;
import io.crosstrust.jobs.network.testing.Trade1985;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crosstrust network metrics} on the 1985 world trade network and on awkward CSV. */
class NetworkCommandTest {
    private static ReferenceNetwork trade1985;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    @BeforeAll
    static void referenceByPlainLoops() {
        trade1985 = Trade1985.reference();
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new NetworkCommand());
        cli.setExecutionExceptionHandler(Crosstrust.commandLine().getExecutionExceptionHandler());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonNode lastLineJson() throws Exception {
        String[] lines = out.toString().strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void trade1985MatchesAnIndependentComputation() throws Exception {
        int code =
                run(
                        "metrics",
                        "--edges",
                        Trade1985.path().toString(),
                        "--source",
                        "exporter_iso3",
                        "--target",
                        "importer_iso3",
                        "--weight",
                        "value_1e8_usd",
                        "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = lastLineJson();
        assertThat(json.get("rows").asLong()).isEqualTo(Trade1985.ARCS);
        assertThat(json.get("nodes").asLong()).isEqualTo(Trade1985.COUNTRIES);
        assertThat(json.get("edges").asLong()).isEqualTo(Trade1985.ARCS);
        assertThat(json.get("self_loops").asLong()).isZero();
        assertThat(json.get("density_directed").asDouble())
                .isCloseTo(12743.0 / (192 * 191), within(1e-9));
        assertThat(json.get("density_undirected").asDouble())
                .isCloseTo(trade1985.densityUndirected(), within(1e-12));
        assertThat(json.get("reciprocity").asDouble())
                .isCloseTo(trade1985.reciprocity(), within(1e-12));
        assertThat(json.get("transitivity").asDouble())
                .isCloseTo(trade1985.transitivity(), within(1e-12));
        assertThat(json.get("average_clustering").asDouble())
                .isCloseTo(trade1985.averageClustering(), within(1e-12));
        assertThat(json.get("weak_components").asLong()).isEqualTo(trade1985.weakComponents());
        assertThat(json.get("strong_components").asLong()).isEqualTo(trade1985.strongComponents());
        assertThat(json.get("betweenness_exact").asBoolean()).isTrue();
        assertThat(json.get("top_pagerank")).hasSize(10);
        assertThat(json.get("top_pagerank").get(0).get("entity_id").asText()).isNotBlank();
        assertThat(json.get("cross_region_edge_share").isNull()).isTrue();
        // the human-readable part comes first
        assertThat(out.toString()).contains("density_directed").contains("12,743 rows");
    }

    @Test
    void quotedFieldsCrlfRegionsAndSelfLoops() throws Exception {
        Path csv = dir.resolve("flows.csv");
        Files.writeString(
                csv,
                "seller,buyer,\"value, USD\",from,to\r\n"
                        + "\"Acme, Ltd\",b,10,CN,DE\r\n"
                        + "b,\"Acme, Ltd\",5,DE,CN\r\n"
                        + "b,c,5,DE,DE\r\n"
                        + "c,c,1,DE,DE\r\n",
                StandardCharsets.UTF_8);
        int code =
                run(
                        "metrics",
                        "--edges",
                        csv.toString(),
                        "--source",
                        "seller",
                        "--target",
                        "buyer",
                        "--weight",
                        "value, USD",
                        "--source-region",
                        "from",
                        "--target-region",
                        "to",
                        "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = lastLineJson();
        assertThat(json.get("nodes").asLong()).isEqualTo(3);
        assertThat(json.get("edges").asLong()).isEqualTo(3);
        assertThat(json.get("self_loops").asLong()).isEqualTo(1);
        assertThat(json.get("density_directed").asDouble()).isEqualTo(0.5);
        assertThat(json.get("reciprocity").asDouble()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(json.get("cross_region_edge_share").asDouble())
                .isCloseTo(2.0 / 3, within(1e-15));
        assertThat(json.get("total_weight").asDouble()).isEqualTo(20.0);
        assertThat(json.get("weak_components").asLong()).isEqualTo(1);
        assertThat(json.get("strong_components").asLong()).isEqualTo(2);
    }

    @Test
    void aMissingColumnFailsWithTheHeader() {
        int code =
                run(
                        "metrics",
                        "--edges",
                        Trade1985.path().toString(),
                        "--source",
                        "exporter",
                        "--target",
                        "importer_iso3");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("no column 'exporter' (--source)")
                .contains("exporter_iso3, importer_iso3, year, value_1e8_usd");
    }

    @Test
    void badInputFailsFast() {
        assertThat(
                        run(
                                "metrics",
                                "--edges",
                                dir.resolve("nope.csv").toString(),
                                "--source",
                                "a",
                                "--target",
                                "b"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        err.getBuffer().setLength(0);
        assertThat(run("metrics", "--source", "a", "--target", "b")).isEqualTo(2);
        assertThat(err.toString()).contains("--edges");
        err.getBuffer().setLength(0);
        assertThat(
                        run(
                                "metrics",
                                "--edges",
                                "x",
                                "--source",
                                "a",
                                "--target",
                                "b",
                                "--top",
                                "many"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--top");
    }

    @Test
    void helpDescribesTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage:").contains("metrics");
        out.getBuffer().setLength(0);
        assertThat(run("metrics", "--help")).isZero();
        assertThat(out.toString()).contains("--edges").contains("--weight").contains("--json");
    }
}
