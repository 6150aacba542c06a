package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.output.RiskWarning;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link RiskWarning} as a row of {@code risk_warnings} (clickhouse/ddl/12_risk_warnings.sql):
 * enums as their symbols, the evidence as an Array(String), times as DateTime('UTC') + exact *_ms.
 */
public final class RiskWarningRowEncoder implements ClickHouseRowEncoder<RiskWarning> {
    private static final long serialVersionUID = 1L;

    public static final String TABLE = "risk_warnings";

    private static final List<String> COLUMNS =
            List.of(
                    "event_id",
                    "entity_id",
                    "region",
                    "type",
                    "severity",
                    "status",
                    "explanation",
                    "evidence_event_ids",
                    "rule_id",
                    "rule_version",
                    "model_version",
                    "raised_at",
                    "raised_at_ms",
                    "event_time",
                    "event_time_ms");

    @Override
    public String table() {
        return TABLE;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(RiskWarning w, OutputStream out) throws IOException {
        RowBinaryOutput row = new RowBinaryOutput(out);
        row.string(w.getEventId(), "event_id")
                .string(w.getEntityId(), "entity_id")
                .nullableString(w.getRegion(), "region")
                .string(w.getType().name(), "type")
                .string(w.getSeverity().name(), "severity")
                .string(w.getStatus().name(), "status")
                .string(w.getExplanation(), "explanation");
        List<String> evidence = w.getEvidenceEventIds();
        row.arrayLength(evidence.size());
        for (String id : evidence) {
            row.string(id, "evidence_event_ids");
        }
        row.string(w.getRuleId(), "rule_id")
                .int64(w.getRuleVersion())
                .nullableString(w.getModelVersion(), "model_version")
                .dateTime(w.getRaisedAt(), "raised_at")
                .epochMillis(w.getRaisedAt(), "raised_at_ms")
                .dateTime(w.getEventTime(), "event_time")
                .epochMillis(w.getEventTime(), "event_time_ms");
    }
}
