package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated server config, without starting a server. */
class LocalClickHouseServerTest {
    private final Path dir = Path.of("/tmp/work & co");

    @Test
    void configBindsLoopbackOnlyAndOpensOnlyTheTwoPorts() {
        String config =
                LocalClickHouseServer.configXml(dir, dir.resolve("users.xml"), 18123, 19000);
        assertThat(config)
                .contains("<listen_host>127.0.0.1</listen_host>")
                .contains("<http_port>18123</http_port>")
                .contains("<tcp_port>19000</tcp_port>")
                .contains("<path>/tmp/work &amp; co/data/</path>")
                .contains("<level>warning</level>")
                .doesNotContain("interserver", "mysql_port", "postgresql_port", "0.0.0.0", "::<");
        assertThat(config.split("<listen_host>", -1)).hasSize(2);
    }

    @Test
    void thePasswordIsStoredAsSha256AndAnEmptyOneAsEmpty() {
        String users = LocalClickHouseServer.usersXml("s3cret");
        assertThat(users)
                .doesNotContain("s3cret")
                // sha256("s3cret")
                .contains(
                        "<password_sha256_hex>"
                                + "1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0"
                                + "</password_sha256_hex>")
                .contains("<ip>127.0.0.1</ip>");
        assertThat(LocalClickHouseServer.usersXml("")).contains("<password></password>");
    }

    @Test
    void portsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> LocalClickHouseServer.builder(dir).httpPort(70_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalClickHouseServer.builder(dir).password(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void freePortsAreDistinct() {
        int first = LocalClickHouseServer.freePort();
        assertThat(LocalClickHouseServer.freePort(first)).isNotEqualTo(first).isBetween(1, 65535);
    }
}
