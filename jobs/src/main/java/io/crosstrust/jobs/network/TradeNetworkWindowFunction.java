package io.crosstrust.jobs.network;

import io.crosstrust.events.output.EntityRank;
import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.output.ScopeKind;
import io.crosstrust.jobs.network.graph.AnalysisSettings;
import io.crosstrust.jobs.network.graph.EntityPosition;
import io.crosstrust.jobs.network.graph.EntityScore;
import io.crosstrust.jobs.network.graph.NetworkFigures;
import io.crosstrust.jobs.network.graph.TradeGraph;
import io.crosstrust.jobs.network.graph.TradeNetworkAnalysis;
import io.crosstrust.jobs.network.graph.TradeNetworkReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The trade graph of one scope (keyed by {@link ScopedTrade#scopeKey()}) over event-time windows
 * ({@link NetworkWindows}), and its {@link NetworkMetrics} when each window closes.
 *
 * <p>State: one {@link TradeGraph} per pane (MapState pane start -> graph), updated in O(1) per
 * trade. Timers: one event-time timer per window end (at end - 1 ms, like Flink's windows),
 * registered when a pane receives its first trade, for every window containing that pane. When a
 * timer fires, the window's panes are merged, analysed ({@link TradeNetworkAnalysis}, bounded by
 * the settings' time budget) and the metrics emitted; panes no later window needs are dropped, so
 * once the watermark has passed the last window every state entry and timer is gone.
 *
 * <p>Lateness: the watermark (bounded out-of-orderness, set upstream) decides. A trade is added
 * when at least one window containing it has not fired yet; windows that already fired are not
 * revised. A trade whose every window has fired is dropped and counted ({@code lateTradesDropped}).
 * Duplicates of an event id are not removed here: trade.events is written exactly-once, so a replay
 * cannot duplicate a trade.
 *
 * <p>For the GLOBAL scope it also emits every entity's {@link EntityNetworkPosition} per window to
 * the side output {@link NetworkDescriptors#POSITIONS} (when enabled).
 */
public final class TradeNetworkWindowFunction
        extends KeyedProcessFunction<String, ScopedTrade, NetworkMetrics> {
    private static final long serialVersionUID = 1L;

    private final NetworkWindows windows;
    private final AnalysisSettings settings;
    private final boolean positions;

    private transient MapState<Long, TradeGraph> panes;
    private transient Counter lateTrades;
    private transient Counter windowsEmitted;
    private transient Counter windowsEstimated;

    public TradeNetworkWindowFunction(
            NetworkWindows windows, AnalysisSettings settings, boolean positions) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.positions = positions;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = getRuntimeContext().getMapState(NetworkDescriptors.PANES);
        lateTrades = getRuntimeContext().getMetricGroup().counter("lateTradesDropped");
        windowsEmitted = getRuntimeContext().getMetricGroup().counter("networkWindowsEmitted");
        windowsEstimated = getRuntimeContext().getMetricGroup().counter("networkWindowsEstimated");
    }

    @Override
    public void processElement(ScopedTrade trade, Context ctx, Collector<NetworkMetrics> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long pane = windows.paneStart(trade.eventTime);
        List<Long> ends = windows.windowEnds(pane);
        if (ends.get(ends.size() - 1) - 1 <= watermark) {
            lateTrades.inc();
            return;
        }
        TradeGraph graph = panes.get(pane);
        boolean newPane = graph == null;
        if (newPane) {
            graph = new TradeGraph();
        }
        graph.addTrade(
                trade.seller, trade.sellerRegion, trade.buyer, trade.buyerRegion, 1, trade.volume);
        panes.put(pane, graph);
        if (newPane) {
            for (long end : ends) {
                if (end - 1 > watermark) {
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<NetworkMetrics> out)
            throws Exception {
        long end = timestamp + 1;
        TreeMap<Long, TradeGraph> byStart = new TreeMap<>();
        for (Map.Entry<Long, TradeGraph> e : panes.entries()) {
            byStart.put(e.getKey(), e.getValue());
        }
        String key = ctx.getCurrentKey();
        int colon = key.indexOf(':');
        ScopeKind scopeKind = ScopeKind.valueOf(key.substring(0, colon));
        String scope = key.substring(colon + 1);
        for (NetworkWindows.Kind kind : windows.kinds()) {
            if (Math.floorMod(end, kind.slideMs()) != 0) {
                continue;
            }
            long start = end - kind.sizeMs();
            Map<Long, TradeGraph> inWindow = byStart.subMap(start, true, end, false);
            if (inWindow.isEmpty()) {
                continue;
            }
            TradeGraph graph;
            if (inWindow.size() == 1 && kind.sizeMs() == windows.paneMs()) {
                graph = inWindow.values().iterator().next(); // analysis only reads it
            } else {
                graph = new TradeGraph();
                for (TradeGraph pane : inWindow.values()) {
                    graph.addAll(pane);
                }
            }
            TradeNetworkReport report = TradeNetworkAnalysis.analyse(graph, settings);
            NetworkFigures f = report.figures();
            Instant computedAt = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            out.collect(toMetrics(scopeKind, scope, kind.name(), start, end, f, computedAt));
            windowsEmitted.inc();
            long plannedSources =
                    f.nodes() <= settings.exactBetweennessMaxNodes()
                            ? f.nodes()
                            : Math.min(f.nodes(), settings.betweennessPivots());
            if (!f.clusteringExact()
                    || !f.pageRankConverged()
                    || (f.nodes() >= 3 && f.betweennessSources() < plannedSources)) {
                windowsEstimated.inc(); // cut short by the time budget (or PageRank's cap)
            }
            if (positions && scopeKind == ScopeKind.GLOBAL) {
                for (EntityPosition p : report.positions()) {
                    ctx.output(
                            NetworkDescriptors.POSITIONS,
                            EntityNetworkPosition.of(
                                    p, kind.name(), start, end, f.betweennessExact()));
                }
            }
        }
        List<Long> expired = new ArrayList<>();
        for (long paneStart : byStart.keySet()) {
            if (windows.paneExpired(paneStart, end)) {
                expired.add(paneStart);
            }
        }
        for (long paneStart : expired) {
            panes.remove(paneStart);
        }
    }

    /** The Avro output of one window; pure, so it is tested without Flink. */
    static NetworkMetrics toMetrics(
            ScopeKind scopeKind,
            String scope,
            String windowKind,
            long start,
            long end,
            NetworkFigures f,
            Instant computedAt) {
        Instant windowStart = Instant.ofEpochMilli(start);
        return NetworkMetrics.newBuilder()
                .setEventId(scopeKind + ":" + scope + ":" + windowKind + ":" + windowStart)
                .setScopeKind(scopeKind)
                .setScope(scope)
                .setWindowKind(windowKind)
                .setWindowStart(windowStart)
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setNodes(f.nodes())
                .setEdges(f.edges())
                .setDensityDirected(f.densityDirected())
                .setDensityUndirected(f.densityUndirected())
                .setAverageDegree(f.averageDegree())
                .setReciprocity(f.reciprocity())
                .setTransitivity(f.transitivity())
                .setAverageClustering(f.averageClustering())
                .setWeakComponents(f.weakComponents())
                .setStrongComponents(f.strongComponents())
                .setLargestComponentShare(f.largestComponentShare())
                .setDegreeCentralization(f.degreeCentralization())
                .setCrossRegionEdgeShare(f.crossRegionEdgeShare())
                .setVolumeHhi(f.volumeHhi())
                .setTopPagerank(ranks(f.topPageRank()))
                .setTopBetweenness(ranks(f.topBetweenness()))
                .setBetweennessExact(f.betweennessExact())
                .setComputedAt(computedAt)
                .build();
    }

    private static List<EntityRank> ranks(List<EntityScore> scores) {
        List<EntityRank> out = new ArrayList<>(scores.size());
        for (EntityScore s : scores) {
            out.add(new EntityRank(s.entityId(), s.value()));
        }
        return out;
    }
}
