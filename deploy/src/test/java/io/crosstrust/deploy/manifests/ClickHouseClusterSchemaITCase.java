package io.crosstrust.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated cluster schema parses on a current ClickHouse (chDB 26.x from node_modules, through
 * {@code /usr/bin/python3} and ctypes in a child process): every statement goes through {@code
 * EXPLAIN AST}, which checks ON CLUSTER, the Replicated and Distributed engine clauses and the
 * views without a cluster or Keeper. Creating the tables for real needs a cluster; the
 * single-server DDL they come from runs on 18.16 and on current releases (ClickHouseDdlITCase in
 * sinks).
 */
class ClickHouseClusterSchemaITCase {
    @TempDir Path dir;

    @Test
    void everyClusterStatementParsesOnACurrentClickHouse() throws Exception {
        List<String> statements = ClickHouseClusterSchema.statements();
        assertThat(statements).hasSizeGreaterThan(20);
        Result result = explain(statements);
        assertThat(result.output())
                .as(result.output())
                .contains(statements.size() + " statements, 0 failed");
        assertThat(result.exit()).isZero();
    }

    @Test
    void aStatementThatDoesNotParseIsReported() throws Exception {
        Result result =
                explain(
                        List.of(
                                "CREATE TABLE db.t_local ON CLUSTER '{cluster}' (a String)"
                                        + " ENGINE = ReplicatedReplacingMergeTree('/p/{shard}',"
                                        + " '{replica}') ORDER BY (a",
                                "SELECT 1"));
        assertThat(result.output())
                .contains("FAIL CREATE TABLE db.t_local")
                .contains("2 statements, 1 failed");
        assertThat(result.exit()).isEqualTo(1);
    }

    private record Result(int exit, String output) {}

    private Result explain(List<String> statements) throws IOException, InterruptedException {
        Path root = ProjectRoot.find();
        Path lib = root.resolve("node_modules/@chdb/lib-linux-x64-gnu/libchdb.so");
        assertThat(lib).as("libchdb.so (npm ci, deploy/bin/setup node)").isRegularFile();
        Path script = dir.resolve("chdb_explain.py");
        try (InputStream in = getClass().getResourceAsStream("/manifests/chdb_explain.py")) {
            Files.copy(in, script);
        }
        Path input = dir.resolve("statements.sql");
        Files.writeString(input, String.join("\n-- next\n", statements), StandardCharsets.UTF_8);
        Process p =
                new ProcessBuilder(
                                "/usr/bin/python3",
                                script.toString(),
                                lib.toString(),
                                input.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("chDB finished").isTrue();
        return new Result(p.exitValue(), output);
    }
}
