package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The committable's checkpoint format: round trip, version, and what it refuses to read. */
class ClickHouseBatchSerializerTest {
    private final ClickHouseBatchSerializer serializer = new ClickHouseBatchSerializer();

    private static ClickHouseBatch batch() {
        byte[] rows = new byte[300];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (byte) (i * 7); // every byte value, zero and negative ones included
        }
        return ClickHouseBatch.seal(
                "credit_scores", List.of("entity_id", "score_version"), 3, rows);
    }

    @Test
    void aBatchSurvivesTheRoundTripWhole() throws IOException {
        ClickHouseBatch batch = batch();
        ClickHouseBatch back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));
        assertThat(back).isEqualTo(batch);
        assertThat(back.id()).isEqualTo(batch.id());
        assertThat(back.table()).isEqualTo("credit_scores");
        assertThat(back.columns()).containsExactly("entity_id", "score_version");
        assertThat(back.rows()).isEqualTo(3);
        assertThat(back.contents().readAllBytes()).isEqualTo(batch.bytes());
        assertThat(back.toString()).contains("rows=3", "bytes=300").doesNotContain("[");
    }

    @Test
    void theFormatIsVersionOneAndOtherVersionsAreRefused() throws IOException {
        assertThat(serializer.getVersion()).isEqualTo(1);
        byte[] serialized = serializer.serialize(batch());
        assertThatThrownBy(() -> serializer.deserialize(2, serialized))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("serializer version 2")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void truncatedOrPaddedBytesAreRefused() throws IOException {
        byte[] serialized = serializer.serialize(batch());
        assertThatThrownBy(
                        () ->
                                serializer.deserialize(
                                        1, Arrays.copyOf(serialized, serialized.length - 1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt ClickHouse batch");
        assertThatThrownBy(
                        () ->
                                serializer.deserialize(
                                        1, Arrays.copyOf(serialized, serialized.length + 4)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt ClickHouse batch");
    }

    @Test
    void aTableOrColumnThatIsNoPlainIdentifierIsRefused() throws IOException {
        // the names go into the INSERT statement: a checkpoint must not smuggle SQL in
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF("id-1");
        out.writeUTF("t; DROP TABLE x");
        out.writeInt(1);
        out.writeUTF("c");
        out.writeInt(1);
        byte[] row = "r".getBytes(StandardCharsets.UTF_8);
        out.writeInt(row.length);
        out.write(row);
        assertThatThrownBy(() -> serializer.deserialize(1, out.getCopyOfBuffer()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("batch table must match");
    }
}
