package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@link CreditScore} as a row of {@code credit_scores} (clickhouse/ddl/10_credit_scores.sql), or,
 * with {@link #latest()}, of {@code credit_scores_latest} (11_credit_scores_latest.sql): the same
 * columns. Doubles as Float64 (bit-exact), the eight dimensions as dim_* columns, the reasons as
 * four parallel arrays in the record's order, the limit as an exact Decimal(38, 18), score_version
 * as UInt64 (so it must not be negative).
 */
public class CreditScoreRowEncoder implements ClickHouseRowEncoder<CreditScore> {
    private static final long serialVersionUID = 1L;

    public static final String TABLE = "credit_scores";
    public static final String LATEST_TABLE = "credit_scores_latest";

    private static final List<String> COLUMNS =
            List.of(
                    "event_id",
                    "entity_id",
                    "region",
                    "chain_address",
                    "as_of",
                    "as_of_ms",
                    "composite",
                    "pd",
                    "grade",
                    "dim_fulfilment",
                    "dim_payment",
                    "dim_logistics",
                    "dim_compliance",
                    "dim_disputes",
                    "dim_stability",
                    "dim_network",
                    "dim_transparency",
                    "reason_code",
                    "reason_dimension",
                    "reason_points",
                    "reason_description",
                    "recommended_limit",
                    "limit_currency",
                    "model_id",
                    "model_version",
                    "score_version",
                    "trigger",
                    "trigger_event_id");

    private final String table;

    public CreditScoreRowEncoder() {
        this(TABLE);
    }

    private CreditScoreRowEncoder(String table) {
        this.table = table;
    }

    /** The encoder of {@code credit_scores_latest}. */
    public static CreditScoreRowEncoder latest() {
        return new CreditScoreRowEncoder(LATEST_TABLE);
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public void write(CreditScore s, OutputStream out) throws IOException {
        RowBinaryOutput row = new RowBinaryOutput(out);
        row.string(s.getEventId(), "event_id")
                .string(s.getEntityId(), "entity_id")
                .nullableString(s.getRegion(), "region")
                .nullableString(s.getChainAddress(), "chain_address")
                .dateTime(s.getAsOf(), "as_of")
                .epochMillis(s.getAsOf(), "as_of_ms");
        float64(row, s.getComposite());
        float64(row, s.getPd());
        row.string(s.getGrade(), "grade");
        DimensionScores d = s.getDimensions();
        float64(row, d.getFulfilment());
        float64(row, d.getPayment());
        float64(row, d.getLogistics());
        float64(row, d.getCompliance());
        float64(row, d.getDisputes());
        float64(row, d.getStability());
        float64(row, d.getNetwork());
        float64(row, d.getTransparency());
        List<ReasonCode> reasons = s.getReasons();
        row.arrayLength(reasons.size());
        for (ReasonCode r : reasons) {
            row.string(r.getCode(), "reason_code");
        }
        row.arrayLength(reasons.size());
        for (ReasonCode r : reasons) {
            row.string(r.getDimension(), "reason_dimension");
        }
        row.arrayLength(reasons.size());
        for (ReasonCode r : reasons) {
            float64(row, r.getContribution());
        }
        row.arrayLength(reasons.size());
        for (ReasonCode r : reasons) {
            row.string(r.getDescription(), "reason_description");
        }
        row.decimal128(
                        s.getRecommendedLimit().getAmount(),
                        TradeEventRowEncoder.PRECISION,
                        TradeEventRowEncoder.SCALE,
                        "recommended_limit")
                .string(s.getRecommendedLimit().getCurrency(), "limit_currency")
                .string(s.getModelId(), "model_id")
                .string(s.getModelVersion(), "model_version")
                .uint64(s.getScoreVersion(), "score_version")
                .string(s.getTrigger().name(), "trigger")
                .nullableString(s.getTriggerEventId(), "trigger_event_id");
    }

    private static void float64(RowBinaryOutput row, double value) throws IOException {
        row.int64(Double.doubleToRawLongBits(value));
    }
}
