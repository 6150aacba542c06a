package io.crosstrust.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
    @Test
    void parsesKnownOptionsInBothForms() {
        Configuration conf =
                JobArguments.parse(
                        new String[] {
                            "--crosstrust.kafka.bootstrap-servers",
                            "k:9092",
                            "--crosstrust.checkpoint.interval=5 s"
                        },
                        TradeFlowOptions.ALL);
        assertThat(conf.get(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("k:9092");
        assertThat(conf.get(TradeFlowOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(conf.get(TradeFlowOptions.CLICKHOUSE_DATABASE)).isEqualTo("crosstrust");
        assertThat(conf.get(TradeFlowOptions.CLICKHOUSE_DELIVERY_GUARANTEE))
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void theClickHouseDeliveryGuaranteeCanBeLoweredByName() {
        Configuration conf =
                JobArguments.parse(
                        new String[] {
                            "--crosstrust.clickhouse.delivery-guarantee", "at-least-once"
                        },
                        TradeFlowOptions.ALL);
        assertThat(conf.get(TradeFlowOptions.CLICKHOUSE_DELIVERY_GUARANTEE))
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {
                                            "--crosstrust.clickhouse.delivery-guarantee", "once"
                                        },
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("--crosstrust.clickhouse.delivery-guarantee 'once'")
                .hasStackTraceContaining("exactly-once, at-least-once");
    }

    @Test
    void rejectsTyposMissingValuesAndBadValues() {
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--crosstrust.kafka.bootstrap-server", "x"},
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("unknown option --crosstrust.kafka.bootstrap-server")
                .hasMessageContaining("crosstrust.kafka.bootstrap-servers");
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--crosstrust.clickhouse.url"},
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--crosstrust.checkpoint.interval", "soon"},
                                        TradeFlowOptions.ALL))
                .hasMessageContaining("--crosstrust.checkpoint.interval 'soon'");
        assertThatThrownBy(
                        () -> JobArguments.parse(new String[] {"positional"}, TradeFlowOptions.ALL))
                .hasMessageContaining("unexpected argument 'positional'");
    }
}
