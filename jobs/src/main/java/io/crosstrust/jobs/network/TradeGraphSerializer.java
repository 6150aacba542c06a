package io.crosstrust.jobs.network;

import io.crosstrust.jobs.network.graph.TradeGraph;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link TradeGraph} state: the graph's own compact binary form ({@link
 * TradeGraph#writeTo}, versioned), so checkpoints hold ids, regions and edge arrays, not Kryo's
 * object graph. Mutable type: {@link #copy} is a deep copy (the heap backend copies on write during
 * asynchronous snapshots).
 */
public final class TradeGraphSerializer extends TypeSerializerSingleton<TradeGraph> {
    private static final long serialVersionUID = 1L;

    public static final TradeGraphSerializer INSTANCE = new TradeGraphSerializer();

    /** The type information to put in state descriptors. */
    public static final TypeInformation<TradeGraph> TYPE = new TradeGraphTypeInfo();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TradeGraph createInstance() {
        return new TradeGraph();
    }

    @Override
    public TradeGraph copy(TradeGraph from) {
        return from.copy();
    }

    @Override
    public TradeGraph copy(TradeGraph from, TradeGraph reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TradeGraph record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    public TradeGraph deserialize(DataInputView source) throws IOException {
        return TradeGraph.readFrom(source);
    }

    @Override
    public TradeGraph deserialize(TradeGraph reuse, DataInputView source) throws IOException {
        return TradeGraph.readFrom(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
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

    private static final class TradeGraphTypeInfo extends TypeInformation<TradeGraph> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<TradeGraph> getTypeClass() {
            return TradeGraph.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<TradeGraph> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "TradeGraph";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof TradeGraphTypeInfo;
        }

        @Override
        public int hashCode() {
            return TradeGraph.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof TradeGraphTypeInfo;
        }
    }
}
