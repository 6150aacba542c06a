package io.crosstrust.jobs.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.jobs.tradeflow.TradeFlowJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trade flow fed straight from the generator, no Kafka: every generated event comes out once.
 */
class TradeWorldSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void feedsTheSameGraphAsKafkaDoes() throws Exception {
        TradeWorldConfig config =
                TradeWorldConfig.builder().seed(11).entities(200).maxEvents(3_000).build();
        List<String> expected =
                new TradeWorld(config).stream().map(GeneratedEvent::eventId).toList();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        var raw =
                env.fromSource(
                                TradeWorldSource.of(config, 0),
                                WatermarkStrategy.noWatermarks(),
                                "world")
                        .setParallelism(1);
        TradeFlowJob.Outputs outputs = TradeFlowJob.build(raw, Duration.ofMillis(100));
        List<String> ids = new ArrayList<>();
        try (var it = outputs.tradeEvents().executeAndCollect()) {
            it.forEachRemaining(e -> ids.add(((TradeEvent) e).getEventId()));
        }
        // normalise runs with parallelism 2, so the order interleaves; each event exactly once
        assertThat(ids).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void fastForwardsAfterARestore() throws Exception {
        TradeWorldConfig config =
                TradeWorldConfig.builder().seed(3).entities(100).maxEvents(500).build();
        List<GeneratedEvent> world = new TradeWorld(config).stream().toList();
        TradeWorldSource.WorldFunction function = new TradeWorldSource.WorldFunction(config);
        function.open(null);
        assertThat(function.map(0L).offset).isEqualTo(0);
        // a restore to sequence 400, then back to 10
        assertThat(function.map(400L).offset).isEqualTo(world.get(400).sequence());
        assertThat(function.map(401L).offset).isEqualTo(401);
        assertThat(function.map(10L).offset).isEqualTo(10);
    }
}
