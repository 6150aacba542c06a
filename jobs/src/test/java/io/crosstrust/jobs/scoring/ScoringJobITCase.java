package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.jobs.generator.TradeWorldSource;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.tradeflow.NormaliseFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring flow on a Flink MiniCluster, fed by a generated world: the same scores on the heap
 * and the RocksDB state backends, with checkpoints taken on the way. (Parallel runs on Kafka are in
 * the evaluation ITCase.)
 */
class ScoringJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /**
     * A 90-day world, bounded by its event count: TradeWorldSource emits maxEvents records (a world
     * bounded by days alone would give none).
     */
    private static final TradeWorldConfig WORLD = daysWorld(5, 150, 90);

    static TradeWorldConfig daysWorld(long seed, int entities, int days) {
        TradeWorldConfig byDays =
                TradeWorldConfig.builder().seed(seed).entities(entities).days(days).build();
        long n = new io.crosstrust.ingest.generator.TradeWorld(byDays).stream().count();
        return byDays.toBuilder().maxEvents(n).build();
    }

    @Test
    void heapAndRocksDbGiveTheSameScores() throws Exception {
        List<CreditScore> heap = run("hashmap", ScoringSettings.defaults().withoutHeartbeats());
        List<CreditScore> rocks = run("rocksdb", ScoringSettings.defaults().withoutHeartbeats());

        assertThat(heap).hasSizeGreaterThan(2_000);
        assertThat(rocks).hasSameSizeAs(heap);
        for (int i = 0; i < heap.size(); i++) {
            assertThat(rocks.get(i)).isEqualTo(heap.get(i));
        }
        // per entity: versions 1..n, no gap, all from the initial model, as-of never going back
        Map<String, List<CreditScore>> byEntity =
                heap.stream().collect(Collectors.groupingBy(CreditScore::getEntityId));
        for (List<CreditScore> scores : byEntity.values()) {
            for (int v = 0; v < scores.size(); v++) {
                assertThat(scores.get(v).getScoreVersion()).isEqualTo(v + 1);
                assertThat(scores.get(v).getModelVersion()).isEqualTo("1.0.0");
                if (v > 0) {
                    assertThat(scores.get(v).getAsOf())
                            .isAfterOrEqualTo(scores.get(v - 1).getAsOf());
                }
            }
        }
    }

    @Test
    void heartbeatsKeepQuietEntitiesFresh() throws Exception {
        List<CreditScore> scores =
                run(
                        "hashmap",
                        ScoringSettings.defaults()
                                .withHeartbeat(Duration.ofDays(7))
                                .withHeartbeatIdleLimit(Duration.ofDays(21)));
        long heartbeats =
                scores.stream()
                        .filter(
                                s ->
                                        s.getTrigger()
                                                == io.crosstrust.events.output.ScoreTrigger
                                                        .HEARTBEAT)
                        .count();
        assertThat(heartbeats).isGreaterThan(100);
        Map<String, List<CreditScore>> byEntity =
                scores.stream().collect(Collectors.groupingBy(CreditScore::getEntityId));
        for (List<CreditScore> list : byEntity.values()) {
            for (int v = 0; v < list.size(); v++) {
                assertThat(list.get(v).getScoreVersion()).isEqualTo(v + 1);
            }
        }
    }

    /** Scores in (entity, version) order. */
    private static List<CreditScore> run(String backend, ScoringSettings settings)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // parallelism 1: a score depends on the order of an entity's events, and with several
        // upstream subtasks that order (e.g. of an order a seller receives against its own
        // shipments) is up to the network; here the runs must be comparable
        env.setParallelism(1);
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        DataStream<TradeEvent> events =
                env.fromSource(
                                TradeWorldSource.of(WORLD, 0),
                                WatermarkStrategy.noWatermarks(),
                                "world")
                        .setParallelism(1)
                        .process(new NormaliseFunction(), new AvroTypeInfo<>(TradeEvent.class))
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(ScoringJob.eventTime(Duration.ofMinutes(10)))
                        .setParallelism(1);
        DataStream<RawRecord> models =
                env.fromData(
                                List.of(ScoringFixtures.modelUpdate(ScoringFixtures.V1_JSON, 0)),
                                TypeInformation.of(RawRecord.class))
                        .assignTimestampsAndWatermarks(ScoringJob.controlStream());
        ScoringJob.Outputs out =
                ScoringJob.build(events, models, ScoringFixtures.V1_JSON, settings);
        List<CreditScore> scores = new ArrayList<>();
        try (var it = out.scores().executeAndCollect("scoring-" + backend)) {
            it.forEachRemaining(scores::add);
        }
        scores.sort(
                Comparator.comparing(CreditScore::getEntityId)
                        .thenComparing(CreditScore::getScoreVersion));
        return scores;
    }
}
