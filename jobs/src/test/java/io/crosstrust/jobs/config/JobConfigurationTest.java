package io.crosstrust.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.jobs.JobArguments;
import io.crosstrust.jobs.network.NetworkOptions;
import io.crosstrust.jobs.oracle.OracleJob;
import io.crosstrust.jobs.scoring.CreditRiskJob;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigurationTest {
    @TempDir Path dir;

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(
                file,
                "crosstrust.kafka.bootstrap-servers=file:9092\n"
                        + "crosstrust.clickhouse.url=http://file:8123\n"
                        + "crosstrust.checkpoint.interval=30 s\n");
        Map<String, String> env =
                Map.of(
                        "CROSSTRUST_CLICKHOUSE_URL", "http://env:8123",
                        "CROSSTRUST_CHECKPOINT_INTERVAL", "20 s",
                        "CROSSTRUST_JAVA_OPTS", "-Xmx1g"); // not an option: ignored
        JobConfiguration config =
                JobConfiguration.resolve(
                        new String[] {
                            "--config", file.toString(), "--crosstrust.checkpoint.interval=10 s"
                        },
                        env,
                        TradeFlowOptions.ALL);

        assertThat(config.conf().get(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("file:9092");
        assertThat(config.conf().get(TradeFlowOptions.CLICKHOUSE_URL)).isEqualTo("http://env:8123");
        assertThat(config.conf().get(TradeFlowOptions.CHECKPOINT_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(config.conf().get(TradeFlowOptions.CLICKHOUSE_DATABASE)).isEqualTo("crosstrust");

        assertThat(config.source(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("--config " + file);
        assertThat(config.source(TradeFlowOptions.CLICKHOUSE_URL))
                .isEqualTo("CROSSTRUST_CLICKHOUSE_URL");
        assertThat(config.source(TradeFlowOptions.CHECKPOINT_INTERVAL))
                .isEqualTo("--crosstrust.checkpoint.interval");
        assertThat(config.source(TradeFlowOptions.CLICKHOUSE_DATABASE)).isEqualTo("default");
    }

    @Test
    void readsNestedOrFlatYamlWithLists() throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(
                file,
                "crosstrust:\n"
                        + "  kafka:\n"
                        + "    bootstrap-servers: a:9092,b:9092\n"
                        + "  trade-flow:\n"
                        + "    source-topics: [platform.events, chain.events, extra.events]\n"
                        + "crosstrust.clickhouse.batch-size: 500\n");
        JobConfiguration config =
                JobConfiguration.resolve(
                        new String[] {"--config=" + file}, Map.of(), TradeFlowOptions.ALL);
        assertThat(config.conf().get(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("a:9092,b:9092");
        assertThat(config.conf().get(TradeFlowOptions.SOURCE_TOPICS))
                .containsExactly("platform.events", "chain.events", "extra.events");
        assertThat(config.conf().get(TradeFlowOptions.CLICKHOUSE_BATCH_SIZE)).isEqualTo(500);
    }

    @Test
    void unknownKeysFailNamingTheValidOnes() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "crosstrust.kafka.bootstrap-server: k:9092\n");
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[] {"--config", file.toString()},
                                        Map.of(),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("unknown key 'crosstrust.kafka.bootstrap-server'")
                .hasMessageContaining("crosstrust.kafka.bootstrap-servers");
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[] {"--crosstrust.oracle.rpc-url", "http://x"},
                                        Map.of(),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("unknown option --crosstrust.oracle.rpc-url")
                .hasMessageContaining("--config FILE")
                .hasMessageContaining("crosstrust.clickhouse.url");
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[] {
                                            "--config", dir.resolve("none.yaml").toString()
                                        },
                                        Map.of(),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("no such file");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "crosstrust: [unclosed\n");
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[] {"--config", broken.toString()},
                                        Map.of(),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aBadValueFailsNamingWhereItCameFrom() throws Exception {
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[0],
                                        Map.of("CROSSTRUST_CLICKHOUSE_BATCH_SIZE", "many"),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining(
                        "CROSSTRUST_CLICKHOUSE_BATCH_SIZE (crosstrust.clickhouse.batch-size) 'many'");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "crosstrust.checkpoint.interval=soon\n");
        assertThatThrownBy(
                        () ->
                                JobConfiguration.resolve(
                                        new String[] {"--config", file.toString()},
                                        Map.of(),
                                        TradeFlowOptions.ALL))
                .hasMessageContaining(
                        "--config " + file + " (crosstrust.checkpoint.interval) 'soon'");
    }

    @Test
    void printsTheEffectiveConfigurationWithSecretsMasked() {
        ConfigOption<String> token = key("crosstrust.test.api-token").stringType().noDefaultValue();
        List<ConfigOption<?>> options = new ArrayList<>(TradeFlowOptions.ALL);
        options.add(token);
        Map<String, String> env =
                Map.of(
                        "CROSSTRUST_CLICKHOUSE_PASSWORD", "hunter2-secret",
                        "CROSSTRUST_TEST_API_TOKEN", "tok-123456");
        JobConfiguration config =
                JobConfiguration.resolve(
                        new String[] {
                            "--crosstrust.clickhouse.url", "http://writer:s3cr3t-pw@ch:8123"
                        },
                        env,
                        options);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        config.print(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "trade flow",
                List.of(TradeFlowOptions.CLICKHOUSE_PASSWORD),
                env);
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed)
                .doesNotContain("hunter2-secret")
                .doesNotContain("tok-123456")
                .doesNotContain("s3cr3t-pw")
                .contains("crosstrust.clickhouse.url = http://writer:****@ch:8123")
                .contains("crosstrust.test.api-token = ****  (CROSSTRUST_TEST_API_TOKEN)")
                .contains("clickhouse password = ****  (CROSSTRUST_CLICKHOUSE_PASSWORD)")
                .contains("crosstrust.clickhouse.database = crosstrust  (default)")
                .contains("crosstrust.kafka.bootstrap-servers = (unset)  (default)");
        assertThat(
                        config.describe(
                                "trade flow",
                                List.of(TradeFlowOptions.CLICKHOUSE_PASSWORD),
                                Map.of()))
                .contains("  clickhouse password = (not set)  (CROSSTRUST_CLICKHOUSE_PASSWORD)");
    }

    @Test
    void theOracleJobNamesItsKeyVariableNotItsKey() {
        Map<String, String> env = Map.of("SIGNER_KEY", "0xabcdef0123456789");
        JobConfiguration config =
                JobConfiguration.resolve(
                        new String[] {"--crosstrust.oracle.key-env", "SIGNER_KEY"},
                        env,
                        OracleJob.OPTIONS);
        List<String> lines = config.describe("oracle", OracleJob.secrets(config.conf()), env);
        assertThat(String.join("\n", lines))
                .doesNotContain("0xabcdef0123456789")
                .contains("oracle key = ****  (SIGNER_KEY)");
        JobConfiguration keystore =
                JobConfiguration.resolve(
                        new String[] {"--crosstrust.oracle.keystore", "/secrets/key.json"},
                        env,
                        OracleJob.OPTIONS);
        assertThat(OracleJob.secrets(keystore.conf())).isEmpty();
    }

    @Test
    void everyJobsOptionsMapToDistinctVariables() {
        assertThat(JobConfiguration.envVariable("crosstrust.kafka.bootstrap-servers"))
                .isEqualTo("CROSSTRUST_KAFKA_BOOTSTRAP_SERVERS");
        for (List<ConfigOption<?>> options :
                List.of(
                        TradeFlowOptions.ALL,
                        CreditRiskJob.OPTIONS,
                        NetworkOptions.ALL,
                        OracleJob.OPTIONS)) {
            // resolve() refuses two options on one variable
            JobConfiguration.resolve(new String[0], Map.of(), options);
            assertThat(
                            options.stream()
                                    .map(o -> JobConfiguration.envVariable(o.key()))
                                    .distinct()
                                    .count())
                    .isEqualTo(options.stream().map(ConfigOption::key).distinct().count());
        }
    }

    @Test
    void plainArgumentsStillWork() {
        assertThat(
                        JobArguments.parse(
                                        new String[] {
                                            "--crosstrust.kafka.bootstrap-servers", "k:1"
                                        },
                                        TradeFlowOptions.ALL)
                                .get(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("k:1");
    }
}
