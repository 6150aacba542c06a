package io.crosstrust.sinks.clickhouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes {@link ClickHouseBatch}es into Flink checkpoints. Version 1: id, table, column count and
 * names (modified UTF-8), row count, byte count, the RowBinary bytes as they are. A later format
 * gets a new version number and this class keeps reading version 1, so checkpoints taken by an
 * older build still restore.
 */
public final class ClickHouseBatchSerializer implements SimpleVersionedSerializer<ClickHouseBatch> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ClickHouseBatch batch) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(batch.sizeInBytes() + 256);
        out.writeUTF(batch.id());
        out.writeUTF(batch.table());
        out.writeInt(batch.columns().size());
        for (String column : batch.columns()) {
            out.writeUTF(column);
        }
        out.writeInt(batch.rows());
        out.writeInt(batch.sizeInBytes());
        out.write(batch.bytes());
        return out.getCopyOfBuffer();
    }

    @Override
    public ClickHouseBatch deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "cannot read a ClickHouse batch of serializer version "
                            + version
                            + ": this build reads version "
                            + VERSION
                            + " (restore with the build that took the checkpoint)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        try {
            String id = in.readUTF();
            String table = in.readUTF();
            int columnCount = in.readInt();
            if (columnCount < 1 || columnCount > 10_000) {
                throw new IOException("corrupt ClickHouse batch: " + columnCount + " columns");
            }
            List<String> columns = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) {
                columns.add(in.readUTF());
            }
            int rows = in.readInt();
            int size = in.readInt();
            if (size < 0 || size != in.available()) {
                throw new IOException(
                        "corrupt ClickHouse batch: "
                                + size
                                + " row bytes announced, "
                                + in.available()
                                + " present");
            }
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            return new ClickHouseBatch(id, table, columns, rows, bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt ClickHouse batch: " + e.getMessage(), e);
        }
    }
}
