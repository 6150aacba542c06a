package io.crosstrust.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    @Test
    void everythingEmbeddedByDefault() {
        StackSettings s = StackSettings.resolve(Map.of(), Map.of(), null);
        assertThat(s.embeddedKafka()).isTrue();
        assertThat(s.embeddedClickHouse()).isTrue();
        assertThat(s.embeddedChain()).isTrue();
        assertThat(s.clickhouseUser()).isEqualTo("default");
    }

    @Test
    void readsTheEndpointsFileOfAStackStartedForAWorld(@TempDir Path dir) throws Exception {
        // what `warnings tail` and `serve` read while `run` is running: with the contracts'
        // addresses
        String a = "0x" + "a".repeat(40);
        Path file = dir.resolve(LocalStack.ENDPOINTS_FILE);
        Files.writeString(
                file,
                LocalStack.endpointsText(
                        "127.0.0.1:9092",
                        "http://127.0.0.1:8123",
                        "default",
                        "http://127.0.0.1:8545",
                        new io.crosstrust.ingest.chain.escrow.EscrowDeployment(
                                a, a.replace('a', 'b'), a.replace('a', 'c'), a.replace('a', 'd')),
                        a.replace('a', 'e')));
        StackSettings s = StackSettings.resolve(Map.of(), Map.of(), file);
        assertThat(s.kafka()).isEqualTo("127.0.0.1:9092");
        assertThat(s.clickhouse()).isEqualTo("http://127.0.0.1:8123");
        assertThat(s.rpc()).isEqualTo("http://127.0.0.1:8545");
    }

    @Test
    void flagsBeatEnvironmentBeatFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stack.properties");
        Files.writeString(
                file,
                "kafka=file:1\nclickhouse=http://file:8123\nrpc=http://file:8545\nclickhouse.user=fileuser\n");
        Map<String, String> env =
                Map.of("CROSSTRUST_KAFKA", "env:2", "CROSSTRUST_CLICKHOUSE", "http://env:8123");
        Map<String, String> flags = new HashMap<>();
        flags.put("kafka", "flag:3");
        StackSettings s = StackSettings.resolve(flags, env, file);
        assertThat(s.kafka()).isEqualTo("flag:3");
        assertThat(s.clickhouse()).isEqualTo("http://env:8123");
        assertThat(s.rpc()).isEqualTo("http://file:8545");
        assertThat(s.clickhouseUser()).isEqualTo("fileuser");
    }

    @Test
    void passwordOnlyFromTheEnvironmentAndNeverPrinted() {
        StackSettings s =
                StackSettings.resolve(
                        Map.of(), Map.of("CROSSTRUST_CLICKHOUSE_PASSWORD", "s3cret!"), null);
        assertThat(s.clickhousePassword()).isEqualTo("s3cret!");
        assertThat(s.toString()).doesNotContain("s3cret!").contains("clickhouse.password=****");
    }

    @Test
    void badValuesFailWithWhatToFix(@TempDir Path dir) throws Exception {
        assertThatThrownBy(
                        () -> StackSettings.resolve(Map.of("kafka", "localhost"), Map.of(), null))
                .hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> StackSettings.resolve(Map.of("kafka", "h:99999"), Map.of(), null))
                .hasMessageContaining("expected host:port");
        assertThatThrownBy(
                        () ->
                                StackSettings.resolve(
                                        Map.of("clickhouse", "tcp://h:9000"), Map.of(), null))
                .hasMessageContaining("expected an http(s) URL");
        assertThatThrownBy(
                        () ->
                                StackSettings.resolve(
                                        Map.of(), Map.of(), dir.resolve("missing.properties")))
                .hasMessageContaining("no such file");
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "kafak=h:1\n");
        assertThatThrownBy(() -> StackSettings.resolve(Map.of(), Map.of(), typo))
                .hasMessageContaining("unknown key 'kafak'")
                .hasMessageContaining(
                        "known: clickhouse, clickhouse.user, escrow, kafka, oracle, rpc");
        Path password = dir.resolve("password.properties");
        Files.writeString(password, "clickhouse.password=x\n");
        assertThatThrownBy(() -> StackSettings.resolve(Map.of(), Map.of(), password))
                .hasMessageContaining("unknown key 'clickhouse.password'");
    }
}
