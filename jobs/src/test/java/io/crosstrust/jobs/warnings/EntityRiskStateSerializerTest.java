package io.crosstrust.jobs.warnings;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EntityRiskStateSerializerTest {

    private static EntityRiskState state() {
        EntityRiskState s = new EntityRiskState();
        EntityRiskStateTest.feedSample(s);
        return s;
    }

    @Test
    void roundTripsAndCopiesDeeply() throws Exception {
        TypeSerializer<EntityRiskState> serializer =
                EntityRiskStateSerializer.TYPE.createSerializer(new SerializerConfigImpl());
        EntityRiskState s = state();
        assertThat(s.isEmpty()).isFalse();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(s, out);
        EntityRiskState back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.toBytes()).isEqualTo(s.toBytes());

        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

        EntityRiskState copy = serializer.copy(s);
        assertThat(copy).isNotSameAs(s);
        assertThat(copy.toBytes()).isEqualTo(s.toBytes());
        assertThat(serializer.isImmutableType()).isFalse();
        assertThat(serializer.createInstance().isEmpty()).isTrue();
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() throws Exception {
        TypeSerializerSnapshot<EntityRiskState> snapshot =
                EntityRiskStateSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        EntityRiskStateSerializer.Snapshot read = new EntityRiskStateSerializer.Snapshot();
        read.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(EntityRiskStateSerializer.INSTANCE);
        assertThat(
                        EntityRiskStateSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
