package io.crosstrust.sinks.oracle;

import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleSnapshot;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full score table as an oracle snapshot: every entity's latest score in ClickHouse ({@code
 * credit_scores_latest FINAL}, the highest score version per entity) as the snapshot's leaves, so
 * that its Merkle root can be published on-chain ({@code oracle publish-snapshot}) and any entity's
 * score proven against it ({@code oracle verify}).
 */
public final class ScoreSnapshots {
    static final String LATEST_SCORES =
            "SELECT entity_id, score_version, model_version, composite, grade, pd"
                    + " FROM credit_scores_latest FINAL ORDER BY entity_id";

    private ScoreSnapshots() {}

    /**
     * Reads the latest scores from the connection's database.
     *
     * @throws IllegalStateException naming the entity when a stored score cannot be an oracle entry
     *     (e.g. an unknown grade or a model version that is not major.minor.patch)
     */
    public static OracleSnapshot latest(ClickHouseConnection clickhouse) {
        ClickHouseRows rows;
        try {
            rows = new ClickHouseQuery(clickhouse).select(LATEST_SCORES);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read credit_scores_latest from " + clickhouse.url(), e);
        }
        List<OracleEntry> entries = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows.asMaps()) {
            String entity = row.get("entity_id");
            try {
                entries.add(
                        OracleEntry.of(
                                entity,
                                Long.parseLong(row.get("score_version")),
                                row.get("model_version"),
                                Double.parseDouble(row.get("composite")),
                                row.get("grade"),
                                Double.parseDouble(row.get("pd"))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the latest score of entity '"
                                + entity
                                + "' cannot go into a snapshot: "
                                + e.getMessage(),
                        e);
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException(
                    "credit_scores_latest in "
                            + clickhouse.database()
                            + " holds no scores: nothing to snapshot");
        }
        return OracleSnapshot.of(entries);
    }
}
