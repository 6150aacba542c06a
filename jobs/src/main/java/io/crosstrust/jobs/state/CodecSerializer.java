package io.crosstrust.jobs.state;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for a mutable state class that has its own compact, versioned binary form.
 * Keeping such an object in {@code ValueState<T>} (instead of {@code ValueState<byte[]>} decoded
 * and encoded on every access) lets the heap backend hand the same object back on the next access:
 * the codec runs only for checkpoints (and on every access with RocksDB, as before). {@link #copy}
 * is a deep copy through the codec (the heap backend copies on write during asynchronous
 * snapshots). Subclasses are singletons restored by a {@code SimpleTypeSerializerSnapshot} of their
 * own.
 */
public abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    protected abstract void write(T record, DataOutputView target) throws IOException;

    protected abstract T read(DataInputView source) throws IOException;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(from, out);
            return read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }

    /** Type information that always answers with {@code serializer}, for state descriptors. */
    public static <T> TypeInformation<T> typeInfo(Class<T> type, TypeSerializer<T> serializer) {
        return new SerializerTypeInfo<>(type, serializer);
    }

    private static final class SerializerTypeInfo<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

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
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return type.getSimpleName();
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof SerializerTypeInfo<?> o && o.type.equals(type);
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof SerializerTypeInfo;
        }
    }
}
