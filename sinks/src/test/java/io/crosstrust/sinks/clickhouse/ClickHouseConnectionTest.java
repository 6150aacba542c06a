package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ClickHouseConnectionTest {
    private final ClickHouseConnection connection =
            ClickHouseConnection.of("http://127.0.0.1:8123", "writer", "t0p-s3cret", "crosstrust");

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(connection.toString())
                .doesNotContain("t0p-s3cret")
                .contains("password=****", "user=writer", "database=crosstrust");
        assertThat(ClickHouseConnection.of("http://h:1", "u", "", "d").toString())
                .contains("password=(none)");
    }

    @Test
    void survivesJavaSerializationAsASinkField() throws Exception {
        ClickHouseConnection copy =
                InstantiationUtil.clone(connection, getClass().getClassLoader());
        assertThat(copy).isEqualTo(connection);
        assertThat(copy.password()).isEqualTo("t0p-s3cret");
    }

    @Test
    void theUrlIsSchemeHostAndPortOnly() {
        assertThat(ClickHouseConnection.of("http://ch.internal:8123/", "u", "", "d").url())
                .isEqualTo("http://ch.internal:8123");
        assertThatThrownBy(() -> ClickHouseConnection.of("http://u:p@h:8123", "u", "", "d"))
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> ClickHouseConnection.of("jdbc:clickhouse://h:8123", "u", "", "d"))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> ClickHouseConnection.of("http://h", "u", "", "d"))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> ClickHouseConnection.of("http://h:1/?database=x", "u", "", "d"))
                .hasMessageContaining("scheme://host:port only");
    }

    @Test
    void databaseUserAndPasswordAreChecked() {
        assertThatThrownBy(() -> ClickHouseConnection.of("http://h:1", "u", "", "a;b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClickHouseConnection.of("http://h:1", "", "", "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClickHouseConnection.of("http://h:1", "u", null, "d"))
                .isInstanceOf(NullPointerException.class);
        assertThat(connection.withDatabase("other").database()).isEqualTo("other");
    }
}
