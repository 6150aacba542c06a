package io.crosstrust.jobs.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.jobs.network.graph.TradeGraph;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TradeGraphSerializerTest {
    private static TradeGraph graph() {
        TradeGraph g = new TradeGraph();
        g.addTrade("a", "CN", "b", "DE", 2, 12.5);
        g.addTrade("b", "DE", "a", "CN", 1, 3);
        g.addTrade("c", null, "c", null, 1, 1);
        return g;
    }

    @Test
    void roundTripsAndCopiesDeeply() throws Exception {
        TypeSerializer<TradeGraph> serializer =
                TradeGraphSerializer.TYPE.createSerializer(new SerializerConfigImpl());
        TradeGraph g = graph();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(g, out);
        TradeGraph back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.sameAs(g)).isTrue();

        // copy(DataInputView, DataOutputView) moves the same bytes
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

        TradeGraph copy = serializer.copy(g);
        copy.addTrade("x", null, "y", null, 1, 1);
        assertThat(g.nodes()).isEqualTo(3);
        assertThat(serializer.isImmutableType()).isFalse();
        assertThat(serializer.duplicate()).isSameAs(serializer);
    }

    @Test
    void itsSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<TradeGraph> snapshot =
                TradeGraphSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        TradeGraphSerializer.Snapshot read = new TradeGraphSerializer.Snapshot();
        read.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(TradeGraphSerializer.INSTANCE);
        assertThat(
                        TradeGraphSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
