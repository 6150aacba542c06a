package io.crosstrust.jobs.warnings;

import io.crosstrust.jobs.state.CodecSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link EntityRiskState}: its own versioned byte codec ({@link
 * EntityRiskState#toBytes}), length-prefixed. With it the warning rules keep the state object
 * itself in keyed state, so the heap backend does not encode and decode it on every scored event.
 */
public final class EntityRiskStateSerializer extends CodecSerializer<EntityRiskState> {
    private static final long serialVersionUID = 1L;

    public static final EntityRiskStateSerializer INSTANCE = new EntityRiskStateSerializer();

    public static final TypeInformation<EntityRiskState> TYPE =
            CodecSerializer.typeInfo(EntityRiskState.class, INSTANCE);

    @Override
    public EntityRiskState createInstance() {
        return new EntityRiskState();
    }

    @Override
    protected void write(EntityRiskState record, DataOutputView target) throws IOException {
        byte[] bytes = record.toBytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    protected EntityRiskState read(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return EntityRiskState.fromBytes(bytes);
    }

    @Override
    public TypeSerializerSnapshot<EntityRiskState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton; the codec version is inside each serialized state. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EntityRiskState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
