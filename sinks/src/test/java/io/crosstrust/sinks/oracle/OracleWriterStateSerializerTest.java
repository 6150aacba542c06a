package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleWriterStateSerializerTest {
    @Test
    void heldEntriesRoundTripAndCorruptStateIsRefused() throws IOException {
        OracleWriterStateSerializer serializer = new OracleWriterStateSerializer();
        OracleWriterState state =
                new OracleWriterState(
                        List.of(
                                new OracleEntry(
                                        OracleCodes.entityKey("a"), 1, 1_000_000, 700, 4, 100),
                                new OracleEntry(
                                        OracleCodes.entityKey("b"),
                                        Long.MAX_VALUE,
                                        0xFFFF_FFFFL,
                                        65_535,
                                        10,
                                        200)));
        byte[] bytes = serializer.serialize(state);
        assertThat(bytes).hasSize(4 + 2 * 48);
        assertThat(serializer.deserialize(1, bytes)).isEqualTo(state);
        assertThat(
                        serializer
                                .deserialize(
                                        1, serializer.serialize(new OracleWriterState(List.of())))
                                .held())
                .isEmpty();
        assertThatThrownBy(() -> serializer.deserialize(2, bytes))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> serializer.deserialize(1, java.util.Arrays.copyOf(bytes, 50)))
                .hasMessageContaining("corrupt");
    }
}
