package io.crosstrust.jobs.network;

import io.crosstrust.jobs.network.graph.TradeGraph;
import io.crosstrust.jobs.state.CodecSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link TradeGraph} state: the graph's own compact binary form ({@link
 * TradeGraph#writeTo}, versioned), so checkpoints hold ids, regions and edge arrays, not Kryo's
 * object graph. Mutable type: {@link #copy} is a deep copy (the heap backend copies on write during
 * asynchronous snapshots).
 */
public final class TradeGraphSerializer extends CodecSerializer<TradeGraph> {
    private static final long serialVersionUID = 1L;

    public static final TradeGraphSerializer INSTANCE = new TradeGraphSerializer();

    /** The type information to put in state descriptors. */
    public static final TypeInformation<TradeGraph> TYPE =
            CodecSerializer.typeInfo(TradeGraph.class, INSTANCE);

    @Override
    public TradeGraph createInstance() {
        return new TradeGraph();
    }

    @Override
    public TradeGraph copy(TradeGraph from) {
        return from.copy();
    }

    @Override
    protected void write(TradeGraph record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    protected TradeGraph read(DataInputView source) throws IOException {
        return TradeGraph.readFrom(source);
    }

    @Override
    public TypeSerializerSnapshot<TradeGraph> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton; the format version is inside each serialized graph. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TradeGraph> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
