package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.trade.TradeEvent;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ClickHouseSinkBuilderTest {
    private static final ClickHouseConnection CONNECTION =
            ClickHouseConnection.of("http://127.0.0.1:8123", "default", "pw", "crosstrust");

    @Test
    void presetsCarryTheirEncoderAndSaneDefaults() {
        ClickHouseSink<TradeEvent> sink = ClickHouseSink.tradeEvents(CONNECTION).build();
        assertThat(sink.table()).isEqualTo("trade_events");
        assertThat(sink.batchSize()).isEqualTo(ClickHouseSinkBuilder.DEFAULT_BATCH_SIZE);
        assertThat(sink.maxRetries()).isEqualTo(ClickHouseSinkBuilder.DEFAULT_MAX_RETRIES);
        assertThat(sink.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(sink.getCommittableSerializer()).isInstanceOf(ClickHouseBatchSerializer.class);
        assertThat(ClickHouseSink.entityActivity(CONNECTION).build().table())
                .isEqualTo("entity_activity");
        assertThat(ClickHouseSink.deadLetters(CONNECTION).build().table())
                .isEqualTo("dead_letters");
        assertThat(sink.toString()).contains("crosstrust.trade_events").doesNotContain("pw,");
    }

    @Test
    void theSinkIsSerializableForTheTaskManagers() throws Exception {
        ClickHouseSink<TradeEvent> sink = ClickHouseSink.tradeEvents(CONNECTION).build();
        ClickHouseSink<TradeEvent> copy =
                InstantiationUtil.clone(sink, getClass().getClassLoader());
        assertThat(copy.connection()).isEqualTo(CONNECTION);
        assertThat(copy.table()).isEqualTo("trade_events");
    }

    @Test
    void missingRequiredSettingsAreNamed() {
        assertThatThrownBy(() -> ClickHouseSink.<TradeEvent>builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connection must be set");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.<TradeEvent>builder()
                                        .setConnection(CONNECTION)
                                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("encoder must be set");
    }

    @Test
    void theDeliveryGuaranteeIsChosenAndNoneIsRefused() {
        assertThat(
                        ClickHouseSink.tradeEvents(CONNECTION)
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .build()
                                .deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.tradeEvents(CONNECTION)
                                        .setDeliveryGuarantee(DeliveryGuarantee.NONE)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE is not offered")
                .hasMessageContaining("EXACTLY_ONCE or AT_LEAST_ONCE");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.tradeEvents(CONNECTION)
                                        .setDeliveryGuarantee(null)
                                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("deliveryGuarantee must be set");
    }

    @Test
    void insaneSizesAndBackoffsAreRefused() {
        assertThatThrownBy(() -> ClickHouseSink.tradeEvents(CONNECTION).setBatchSize(0).build())
                .hasMessageContaining("batchSize must be in 1..1000000, got 0");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.tradeEvents(CONNECTION)
                                        .setBatchSize(2_000_000)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> ClickHouseSink.tradeEvents(CONNECTION).setMaxBatchBytes(10).build())
                .hasMessageContaining("maxBatchBytes");
        assertThatThrownBy(() -> ClickHouseSink.tradeEvents(CONNECTION).setMaxRetries(-1).build())
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.tradeEvents(CONNECTION)
                                        .setRetryBackoff(Duration.ZERO, Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("initialBackoff must be positive");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.tradeEvents(CONNECTION)
                                        .setRetryBackoff(
                                                Duration.ofSeconds(2), Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("must not be below");
    }

    @Test
    void anEncoderWhoseNamesAreNotPlainIdentifiersIsRefused() {
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.<String>builder()
                                        .setConnection(CONNECTION)
                                        .setEncoder(encoder("t; DROP TABLE x", List.of("a")))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder table");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.<String>builder()
                                        .setConnection(CONNECTION)
                                        .setEncoder(encoder("t", List.of("a", "a")))
                                        .build())
                .hasMessageContaining("twice");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.<String>builder()
                                        .setConnection(CONNECTION)
                                        .setEncoder(encoder("t", List.of()))
                                        .build())
                .hasMessageContaining("names no columns");
    }

    private static ClickHouseRowEncoder<String> encoder(String table, List<String> columns) {
        return new ClickHouseRowEncoder<>() {
            @Override
            public String table() {
                return table;
            }

            @Override
            public List<String> columns() {
                return columns;
            }

            @Override
            public void write(String record, OutputStream out) {}
        };
    }
}
