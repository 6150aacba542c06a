package io.crosstrust.jobs.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.events.output.EntityRank;
import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.network.graph.NetworkFigures;
import io.crosstrust.jobs.network.graph.TradeGraph;
import io.crosstrust.jobs.network.graph.TradeNetworkAnalysis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The window function under Flink's own keyed harness: output, state entries and timers. */
class TradeNetworkWindowFunctionTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** Midnight UTC, 2024-10-04: day 0 of these tests. */
    private static final long D0 = 20_000 * DAY;

    private static final NetworkWindows DAILY =
            new NetworkWindows(Duration.ofDays(1), Duration.ZERO, Duration.ZERO);
    private static final NetworkWindows DAILY_AND_THREE_DAYS =
            new NetworkWindows(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(1));

    private static KeyedOneInputStreamOperatorTestHarness<String, ScopedTrade, NetworkMetrics>
            harness(NetworkWindows windows) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new TradeNetworkWindowFunction(windows, AnalysisSettings.DEFAULTS, true),
                ScopedTrade::scopeKey,
                Types.STRING);
    }

    private static ScopedTrade trade(
            ScopeKind kind, String scope, String seller, String buyer, long time) {
        return new ScopedTrade(kind, scope, seller, "CN", buyer, "DE", 10, time, seller + buyer);
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, ScopedTrade, NetworkMetrics> h,
            ScopedTrade t)
            throws Exception {
        h.processElement(t, t.eventTime);
    }

    @Test
    void dailyWindowsFireOnTheWatermarkAndLeaveNoStateBehind() throws Exception {
        try (var h = harness(DAILY)) {
            add(h, trade(ScopeKind.GLOBAL, "*", "a", "b", D0 + HOUR));
            add(h, trade(ScopeKind.GLOBAL, "*", "a", "b", D0 + 2 * HOUR));
            add(h, trade(ScopeKind.GLOBAL, "*", "b", "a", D0 + 3 * HOUR));
            add(h, trade(ScopeKind.GLOBAL, "*", "b", "c", D0 + 4 * HOUR));
            add(h, trade(ScopeKind.GLOBAL, "*", "c", "d", D0 + DAY + HOUR));
            add(h, trade(ScopeKind.REGION, "DE", "a", "b", D0 + HOUR));
            // two keys hold state; one timer per key and window end
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(3);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(D0 + DAY - 1);
            List<NetworkMetrics> day0 = h.extractOutputValues();
            assertThat(day0).hasSize(2);
            NetworkMetrics global =
                    day0.stream()
                            .filter(m -> m.getScopeKind() == ScopeKind.GLOBAL)
                            .findFirst()
                            .get();
            assertThat(global.getEventId())
                    .isEqualTo("GLOBAL:*:tumbling-1d:" + Instant.ofEpochMilli(D0));
            assertThat(global.getWindowStart()).isEqualTo(Instant.ofEpochMilli(D0));
            assertThat(global.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(D0 + DAY));
            assertThat(global.getWindowKind()).isEqualTo("tumbling-1d");
            // a->b (twice), b->a, b->c
            assertThat(global.getNodes()).isEqualTo(3);
            assertThat(global.getEdges()).isEqualTo(3);
            assertThat(global.getDensityDirected()).isEqualTo(0.5);
            assertThat(global.getReciprocity()).isCloseTo(2.0 / 3, within(1e-15));
            assertThat(global.getWeakComponents()).isEqualTo(1);
            assertThat(global.getStrongComponents()).isEqualTo(2);
            // regions stick from first sight: a CN, b DE, c DE; b->c stays inside DE
            assertThat(global.getCrossRegionEdgeShare()).isCloseTo(2.0 / 3, within(1e-15));
            // volumes a->b 20, b->a 10, b->c 10 of 40
            assertThat(global.getVolumeHhi()).isCloseTo(0.375, within(1e-15));
            assertThat(global.getBetweennessExact()).isTrue();
            assertThat(global.getTopBetweenness().get(0).getEntityId()).isEqualTo("b");
            // the same trades through the library directly
            TradeGraph g = new TradeGraph();
            g.addTrade("a", "CN", "b", "DE", 1, 10);
            g.addTrade("a", "CN", "b", "DE", 1, 10);
            g.addTrade("b", "CN", "a", "DE", 1, 10);
            g.addTrade("b", "CN", "c", "DE", 1, 10);
            NetworkFigures expected =
                    TradeNetworkAnalysis.analyse(g, AnalysisSettings.DEFAULTS).figures();
            assertThat(global.getTransitivity()).isEqualTo(expected.transitivity());
            assertThat(global.getDegreeCentralization()).isEqualTo(expected.degreeCentralization());
            assertThat(global.getTopPagerank())
                    .extracting(EntityRank::getEntityId)
                    .containsExactlyElementsOf(
                            expected.topPageRank().stream().map(s -> s.entityId()).toList());
            // positions: one per entity of the GLOBAL window only
            List<EntityNetworkPosition> positions =
                    h.getSideOutput(NetworkDescriptors.POSITIONS).stream()
                            .map(StreamRecord::getValue)
                            .collect(Collectors.toList());
            assertThat(positions)
                    .extracting(p -> p.entityId)
                    .containsExactlyInAnyOrder("a", "b", "c");
            EntityNetworkPosition b =
                    positions.stream().filter(p -> p.entityId.equals("b")).findFirst().get();
            assertThat(b.partners).isEqualTo(2);
            assertThat(b.outDegree).isEqualTo(2);
            assertThat(b.windowKind).isEqualTo("tumbling-1d");
            assertThat(b.windowStart).isEqualTo(D0);
            // the REGION key is done; GLOBAL still waits for day 1
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            // a trade for day 0 after its window closed is dropped, the window not revised
            add(h, trade(ScopeKind.GLOBAL, "*", "x", "y", D0 + 5 * HOUR));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processWatermark(Long.MAX_VALUE);
            List<NetworkMetrics> all = h.extractOutputValues();
            assertThat(all).hasSize(3);
            NetworkMetrics day1 = all.get(2);
            assertThat(day1.getWindowStart()).isEqualTo(Instant.ofEpochMilli(D0 + DAY));
            assertThat(day1.getNodes()).isEqualTo(2);
            assertThat(day1.getEdges()).isEqualTo(1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void slidingWindowsMergeDailyPanes() throws Exception {
        try (var h = harness(DAILY_AND_THREE_DAYS)) {
            add(h, trade(ScopeKind.REGION, "DE", "a", "b", D0 + HOUR));
            add(h, trade(ScopeKind.REGION, "DE", "b", "c", D0 + DAY + HOUR));
            add(h, trade(ScopeKind.REGION, "DE", "c", "a", D0 + 2 * DAY + HOUR));
            // window ends at days 1..5 (tumbling 1-3, sliding 1-5), one timer each
            assertThat(h.numEventTimeTimers()).isEqualTo(5);

            h.processWatermark(D0 + 3 * DAY - 1);
            List<NetworkMetrics> out = h.extractOutputValues();
            assertThat(out).hasSize(6);
            assertThat(out)
                    .filteredOn(m -> m.getWindowKind().equals("tumbling-1d"))
                    .extracting(NetworkMetrics::getEdges)
                    .containsExactly(1L, 1L, 1L);
            NetworkMetrics cycle =
                    out.stream()
                            .filter(
                                    m ->
                                            m.getWindowKind().equals("sliding-3d")
                                                    && m.getWindowStart().toEpochMilli() == D0)
                            .findFirst()
                            .get();
            // days 0-2 together: the cycle a->b->c->a
            assertThat(cycle.getNodes()).isEqualTo(3);
            assertThat(cycle.getEdges()).isEqualTo(3);
            assertThat(cycle.getStrongComponents()).isEqualTo(1);
            assertThat(cycle.getTransitivity()).isEqualTo(1.0);
            assertThat(cycle.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(D0 + 3 * DAY));
            // regions get no positions
            assertThat(h.getSideOutput(NetworkDescriptors.POSITIONS)).isNull();
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.processWatermark(Long.MAX_VALUE);
            out = h.extractOutputValues();
            assertThat(out).hasSize(8);
            // [day 1, day 4): b->c, c->a; [day 2, day 5): c->a
            assertThat(out.subList(6, 8))
                    .extracting(NetworkMetrics::getEdges)
                    .containsExactly(2L, 1L);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRestoredCheckpointContinuesWithTheSameGraphs() throws Exception {
        OperatorSubtaskState snapshot;
        List<NetworkMetrics> uninterrupted;
        try (var h = harness(DAILY)) {
            add(h, trade(ScopeKind.CORRIDOR, "CN>DE", "a", "b", D0 + HOUR));
            add(h, trade(ScopeKind.CORRIDOR, "CN>DE", "b", "a", D0 + 2 * HOUR));
            snapshot = h.snapshot(1L, 1L);
            add(h, trade(ScopeKind.CORRIDOR, "CN>DE", "c", "a", D0 + 3 * HOUR));
            h.processWatermark(Long.MAX_VALUE);
            uninterrupted = h.extractOutputValues();
        }
        try (var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TradeNetworkWindowFunction(
                                        DAILY, AnalysisSettings.DEFAULTS, true)),
                        ScopedTrade::scopeKey,
                        Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.numEventTimeTimers()).isEqualTo(1);
            add(restored, trade(ScopeKind.CORRIDOR, "CN>DE", "c", "a", D0 + 3 * HOUR));
            restored.processWatermark(Long.MAX_VALUE);
            List<NetworkMetrics> after = restored.extractOutputValues();
            assertThat(after).hasSize(1);
            NetworkMetrics a = uninterrupted.get(0);
            NetworkMetrics b = after.get(0);
            assertThat(b.getEventId()).isEqualTo(a.getEventId());
            assertThat(b.getNodes()).isEqualTo(3);
            assertThat(b.getEdges()).isEqualTo(3);
            assertThat(b.getReciprocity()).isEqualTo(a.getReciprocity());
            assertThat(b.getTopPagerank()).isEqualTo(a.getTopPagerank());
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }
}
