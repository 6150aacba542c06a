package io.crosstrust.sinks.oracle;

import io.crosstrust.ingest.chain.oracle.OracleEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Version 1: entry count (int), then each held entry as its 48-byte batch encoding. */
final class OracleWriterStateSerializer implements SimpleVersionedSerializer<OracleWriterState> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(OracleWriterState state) {
        ByteBuffer out = ByteBuffer.allocate(4 + state.held().size() * OracleEntry.SIZE);
        out.putInt(state.held().size());
        for (OracleEntry e : state.held()) {
            e.writeTo(out);
        }
        return out.array();
    }

    @Override
    public OracleWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown oracle writer state version " + version);
        }
        ByteBuffer in = ByteBuffer.wrap(serialized);
        int n = in.getInt();
        if (n < 0 || in.remaining() != n * OracleEntry.SIZE) {
            throw new IOException(
                    "corrupt oracle writer state: "
                            + n
                            + " entries in "
                            + serialized.length
                            + " bytes");
        }
        List<OracleEntry> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] entity = new byte[32];
            in.get(entity);
            long version2 = in.getLong();
            long model = in.getInt() & 0xFFFF_FFFFL;
            int score = in.getShort() & 0xFFFF;
            int grade = in.get() & 0xFF;
            int pd = in.get() & 0xFF;
            held.add(new OracleEntry(entity, version2, model, score, grade, pd));
        }
        return new OracleWriterState(held);
    }
}
