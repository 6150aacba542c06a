package io.crosstrust.jobs.network;

import io.crosstrust.jobs.network.graph.TradeGraph;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** State descriptors, output tags and operator uids of the network job, in one place. */
public final class NetworkDescriptors {
    /** Per-entity network positions of the GLOBAL scope, for the scoring job. */
    public static final OutputTag<EntityNetworkPosition> POSITIONS =
            new OutputTag<>(
                    "entity-network-positions", TypeInformation.of(EntityNetworkPosition.class));

    /** Per scope key: pane start (epoch ms) -> the graph of the trades in that pane. */
    static final MapStateDescriptor<Long, TradeGraph> PANES =
            new MapStateDescriptor<>("trade-graph-panes", Types.LONG, TradeGraphSerializer.TYPE);

    /** Operator uids: stable across versions so savepoints keep mapping to the same state. */
    public static final String UID_SOURCE = "network-trade-events-source";

    public static final String UID_DECODE = "network-decode-trade-events";
    public static final String UID_WATERMARKS = "network-watermarks";
    public static final String UID_SCOPES = "network-scopes";
    public static final String UID_WINDOWS = "network-windows";

    private NetworkDescriptors() {}
}
