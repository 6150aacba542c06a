package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.output.EntityRank;
import io.crosstrust.events.output.NetworkMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link NetworkMetrics} as a row of {@code network_metrics}
 * (clickhouse/ddl/04_network_metrics.sql): times as DateTime + exact *_ms, the enum as its symbol,
 * each top-k list as two parallel arrays (entity ids, values), doubles as Float64 (IEEE 754,
 * little-endian: written exactly, NaN and infinities included), betweenness_exact as UInt8.
 */
public final class NetworkMetricsRowEncoder implements ClickHouseRowEncoder<NetworkMetrics> {
    private static final long serialVersionUID = 1L;

    private static final List<String> COLUMNS =
            List.of(
                    "event_id",
                    "scope_kind",
                    "scope",
                    "window_kind",
                    "window_start",
                    "window_start_ms",
                    "window_end",
                    "window_end_ms",
                    "nodes",
                    "edges",
                    "density_directed",
                    "density_undirected",
                    "average_degree",
                    "reciprocity",
                    "transitivity",
                    "average_clustering",
                    "weak_components",
                    "strong_components",
                    "largest_component_share",
                    "degree_centralization",
                    "cross_region_edge_share",
                    "volume_hhi",
                    "top_pagerank_entity",
                    "top_pagerank_value",
                    "top_betweenness_entity",
                    "top_betweenness_value",
                    "betweenness_exact",
                    "computed_at",
                    "computed_at_ms");

    @Override
    public String table() {
        return ClickHouseSchema.NETWORK_METRICS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(NetworkMetrics m, OutputStream out) throws IOException {
        RowBinaryOutput row = new RowBinaryOutput(out);
        row.string(m.getEventId(), "event_id")
                .string(m.getScopeKind().name(), "scope_kind")
                .string(m.getScope(), "scope")
                .string(m.getWindowKind(), "window_kind")
                .dateTime(m.getWindowStart(), "window_start")
                .epochMillis(m.getWindowStart(), "window_start_ms")
                .dateTime(m.getWindowEnd(), "window_end")
                .epochMillis(m.getWindowEnd(), "window_end_ms")
                .int64(m.getNodes())
                .int64(m.getEdges());
        float64(row, m.getDensityDirected());
        float64(row, m.getDensityUndirected());
        float64(row, m.getAverageDegree());
        float64(row, m.getReciprocity());
        float64(row, m.getTransitivity());
        float64(row, m.getAverageClustering());
        row.int64(m.getWeakComponents()).int64(m.getStrongComponents());
        float64(row, m.getLargestComponentShare());
        float64(row, m.getDegreeCentralization());
        float64(row, m.getCrossRegionEdgeShare());
        float64(row, m.getVolumeHhi());
        ranks(row, m.getTopPagerank(), "top_pagerank_entity");
        ranks(row, m.getTopBetweenness(), "top_betweenness_entity");
        row.bool(m.getBetweennessExact())
                .dateTime(m.getComputedAt(), "computed_at")
                .epochMillis(m.getComputedAt(), "computed_at_ms");
    }

    private static void ranks(RowBinaryOutput row, List<EntityRank> ranks, String column)
            throws IOException {
        row.arrayLength(ranks.size());
        for (EntityRank r : ranks) {
            row.string(r.getEntityId(), column);
        }
        row.arrayLength(ranks.size());
        for (EntityRank r : ranks) {
            float64(row, r.getValue());
        }
    }

    /** Float64 in RowBinary is the IEEE 754 bit pattern, little-endian, like an Int64. */
    private static void float64(RowBinaryOutput row, double value) throws IOException {
        row.int64(Double.doubleToRawLongBits(value));
    }
}
