package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.ops.DeadLetter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link DeadLetter} as a row of {@code dead_letters} (clickhouse/ddl/03_dead_letters.sql): the raw
 * key and value bytes go into String columns byte for byte (no text decoding, no base64), so {@code
 * hex(raw_value)} gives back exactly what Kafka delivered.
 */
public final class DeadLetterRowEncoder implements ClickHouseRowEncoder<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private static final List<String> COLUMNS =
            List.of(
                    "event_id",
                    "failed_at",
                    "failed_at_ms",
                    "stage",
                    "failure",
                    "reason",
                    "source_topic",
                    "source_partition",
                    "source_offset",
                    "source_timestamp",
                    "source_timestamp_ms",
                    "raw_key",
                    "raw_value",
                    "event_id_hint");

    @Override
    public String table() {
        return ClickHouseSchema.DEAD_LETTERS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(DeadLetter d, OutputStream out) throws IOException {
        new RowBinaryOutput(out)
                .string(d.getEventId(), "event_id")
                .dateTime(d.getFailedAt(), "failed_at")
                .epochMillis(d.getFailedAt(), "failed_at_ms")
                .string(d.getStage(), "stage")
                .string(d.getFailure().name(), "failure")
                .string(d.getReason(), "reason")
                .string(d.getSourceTopic(), "source_topic")
                .int32(d.getSourcePartition())
                .int64(d.getSourceOffset())
                .nullableDateTime(d.getSourceTimestamp(), "source_timestamp")
                .nullableEpochMillis(d.getSourceTimestamp(), "source_timestamp_ms")
                .nullableBytes(d.getKey())
                .nullableBytes(d.getValue())
                .nullableString(d.getEventIdHint(), "event_id_hint");
    }
}
