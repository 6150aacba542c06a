package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.ReasonCode;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.ScoreTrigger;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.sinks.clickhouse.ClickHouseEngines.Engine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scoring and warning tables (10_credit_scores, 11_credit_scores_latest, 12_risk_warnings) on
 * ClickHouse 18.16 and on a current release (chDB), as ClickHouseDdlITCase does for the others:
 * same columns on both, encoders write exactly the columns without defaults, rows round-trip exact
 * and the ReplacingMergeTree keys dedup under FINAL.
 */
class ScoringTablesDdlITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String DB = "scoring_ddl_it";
    private static final Instant AS_OF = Instant.parse("2026-05-04T03:02:01.234Z");

    private static Engine server;
    private static Engine chDb;

    @BeforeAll
    static void createSchemaOnBoth() {
        server = ClickHouseEngines.server(CLICKHOUSE.connection(DB));
        chDb = ClickHouseEngines.chDb();
        ClickHouseSchema.apply(CLICKHOUSE.connection(DB));
        for (String statement : ClickHouseSchema.statements(DB)) {
            chDb.execute(statement);
        }
    }

    private static Engine engine(String name) {
        return name.equals("server") ? server : chDb;
    }

    static CreditScore score(String entity, long version, String region, String trigger) {
        return CreditScore.newBuilder()
                .setEventId(entity + ":" + version)
                .setEntityId(entity)
                .setRegion(region)
                .setChainAddress(
                        region == null ? null : "0x00000000000000000000000000000000000000aa")
                .setAsOf(AS_OF.plusSeconds(version))
                .setComposite(612.3456789012345 + version)
                .setPd(0.0312345678901234)
                .setGrade("BB")
                .setDimensions(new DimensionScores(91.5, 12.25, 50.0, 100.0, 0.0, 77.7, 50.0, 33.3))
                .setReasons(
                        List.of(
                                new ReasonCode("PAY_DAYS_LATE", "payment", -37.91, "late, Ω"),
                                new ReasonCode("STB_TENURE", "stability", 12.5, "tenure")))
                .setRecommendedLimit(new Money(new BigDecimal("15000"), "USD"))
                .setModelId("crosstrust-default")
                .setModelVersion("1.0.0")
                .setScoreVersion(version)
                .setTrigger(ScoreTrigger.valueOf(trigger))
                .setTriggerEventId(trigger.equals("EVENT") ? "ev-" + version : null)
                .build();
    }

    static RiskWarning warning(String entity, long n, Severity severity) {
        return RiskWarning.newBuilder()
                .setEventId(entity + ":PAYMENT_OVERDUE:" + n)
                .setEntityId(entity)
                .setRegion(null)
                .setType(WarningType.PAYMENT_OVERDUE)
                .setSeverity(severity)
                .setStatus(WarningStatus.RAISED)
                .setExplanation("3 instalments went unpaid, \"quoted\"\ttab")
                .setEvidenceEventIds(List.of("ev-1", "ev-2"))
                .setRuleId("PAYMENT_OVERDUE")
                .setRuleVersion(7)
                .setModelVersion("2.0.0")
                .setRaisedAt(Instant.parse("2030-01-01T00:00:00.999Z"))
                .setEventTime(AS_OF)
                .build();
    }

    @Test
    void bothEnginesSeeTheSameColumnsAndTheEncodersWriteExactlyThoseWithoutDefault() {
        for (ClickHouseRowEncoder<?> encoder :
                List.of(
                        new CreditScoreRowEncoder(),
                        CreditScoreRowEncoder.latest(),
                        new RiskWarningRowEncoder())) {
            List<List<String>> onServer = describe(server, encoder.table());
            assertThat(describe(chDb, encoder.table())).as(encoder.table()).isEqualTo(onServer);
            List<String> withoutDefault =
                    onServer.stream()
                            .filter(c -> c.get(2).isEmpty())
                            .map(c -> c.get(0))
                            .collect(Collectors.toList());
            assertThat(encoder.columns()).as(encoder.table()).isEqualTo(withoutDefault);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void creditScoresRoundTripAndTheLatestKeepsTheHighestVersion(String name) {
        Engine engine = engine(name);
        String e = name + "-E1";
        CreditScoreRowEncoder history = new CreditScoreRowEncoder();
        CreditScoreRowEncoder latest = CreditScoreRowEncoder.latest();
        // versions out of order, version 2 twice (a replay)
        CreditScore[] scores = {
            score(e, 3, "DE", "EVENT"),
            score(e, 1, null, "HEARTBEAT"),
            score(e, 2, "DE", "EVENT"),
            score(e, 2, "DE", "EVENT")
        };
        engine.insertRowBinary(
                DB + ".credit_scores", history.columns(), SinkTestRecords.rows(history, scores));
        engine.insertRowBinary(
                DB + ".credit_scores_latest",
                latest.columns(),
                SinkTestRecords.rows(latest, scores));

        ClickHouseRows rows =
                engine.select(
                        "SELECT event_id, score_version, composite, pd, grade, toString(as_of) AS"
                                + " as_of_text, as_of_ms, region, chain_address, dim_fulfilment,"
                                + " dim_transparency, reason_code, reason_points, reason_dimension,"
                                + " toString(recommended_limit) AS limit_text, limit_currency,"
                                + " model_version, trigger, trigger_event_id FROM "
                                + DB
                                + ".credit_scores FINAL WHERE entity_id = '"
                                + e
                                + "' ORDER BY score_version");
        List<Map<String, String>> list = rows.asMaps();
        assertThat(list).extracting(m -> m.get("score_version")).containsExactly("1", "2", "3");
        Map<String, String> three = list.get(2);
        assertThat(Double.parseDouble(three.get("composite"))).isEqualTo(615.3456789012345);
        assertThat(Double.parseDouble(three.get("pd"))).isEqualTo(0.0312345678901234);
        assertThat(three.get("grade")).isEqualTo("BB");
        assertThat(three.get("as_of_text")).isEqualTo("2026-05-04 03:02:04");
        assertThat(three.get("as_of_ms"))
                .isEqualTo(Long.toString(AS_OF.plusSeconds(3).toEpochMilli()));
        assertThat(three.get("region")).isEqualTo("DE");
        assertThat(Double.parseDouble(three.get("dim_fulfilment"))).isEqualTo(91.5);
        assertThat(Double.parseDouble(three.get("dim_transparency"))).isEqualTo(33.3);
        assertThat(three.get("reason_code")).isEqualTo("['PAY_DAYS_LATE','STB_TENURE']");
        assertThat(three.get("reason_dimension")).isEqualTo("['payment','stability']");
        assertThat(three.get("reason_points")).isEqualTo("[-37.91,12.5]");
        assertThat(new BigDecimal(three.get("limit_text"))).isEqualByComparingTo("15000");
        assertThat(three.get("limit_currency")).isEqualTo("USD");
        assertThat(three.get("trigger")).isEqualTo("EVENT");
        assertThat(three.get("trigger_event_id")).isEqualTo("ev-3");
        Map<String, String> one = list.get(0);
        assertThat(one.get("region")).isNull();
        assertThat(one.get("chain_address")).isNull();
        assertThat(one.get("trigger")).isEqualTo("HEARTBEAT");
        assertThat(one.get("trigger_event_id")).isNull();

        ClickHouseRows newest =
                engine.select(
                        "SELECT event_id, score_version FROM "
                                + DB
                                + ".credit_scores_latest FINAL WHERE entity_id = '"
                                + e
                                + "'");
        assertThat(newest.rows()).containsExactly(List.of(e + ":3", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void riskWarningsRoundTripAndDedupByEventId(String name) {
        Engine engine = engine(name);
        String e = name + "-W1";
        RiskWarningRowEncoder encoder = new RiskWarningRowEncoder();
        engine.insertRowBinary(
                DB + ".risk_warnings",
                encoder.columns(),
                SinkTestRecords.rows(
                        encoder,
                        warning(e, 1, Severity.MEDIUM),
                        warning(e, 2, Severity.HIGH),
                        warning(e, 1, Severity.MEDIUM)));
        List<Map<String, String>> rows =
                engine.select(
                                "SELECT event_id, type, severity, status, explanation,"
                                        + " evidence_event_ids, rule_id, rule_version, model_version,"
                                        + " region, raised_at_ms, toString(event_time) AS et,"
                                        + " event_time_ms FROM "
                                        + DB
                                        + ".risk_warnings FINAL WHERE entity_id = '"
                                        + e
                                        + "' ORDER BY event_id")
                        .asMaps();
        assertThat(rows)
                .extracting(m -> m.get("event_id"))
                .containsExactly(e + ":PAYMENT_OVERDUE:1", e + ":PAYMENT_OVERDUE:2");
        Map<String, String> first = rows.get(0);
        assertThat(first.get("type")).isEqualTo("PAYMENT_OVERDUE");
        assertThat(first.get("severity")).isEqualTo("MEDIUM");
        assertThat(first.get("status")).isEqualTo("RAISED");
        assertThat(first.get("explanation"))
                .isEqualTo("3 instalments went unpaid, \"quoted\"\ttab");
        assertThat(first.get("evidence_event_ids")).isEqualTo("['ev-1','ev-2']");
        assertThat(first.get("rule_version")).isEqualTo("7");
        assertThat(first.get("model_version")).isEqualTo("2.0.0");
        assertThat(first.get("region")).isNull();
        assertThat(first.get("raised_at_ms")).isEqualTo("1893456000999");
        assertThat(first.get("et")).isEqualTo("2026-05-04 03:02:01");
        assertThat(first.get("event_time_ms")).isEqualTo(Long.toString(AS_OF.toEpochMilli()));
        assertThat(rows.get(1).get("severity")).isEqualTo("HIGH");
    }

    /** (name, type, default kind, default expression) per column, in table order. */
    private static List<List<String>> describe(Engine engine, String table) {
        return engine.select("DESCRIBE TABLE " + DB + "." + table).asMaps().stream()
                .map(
                        c ->
                                List.of(
                                        c.get("name"),
                                        c.get("type"),
                                        c.get("default_type"),
                                        c.get("default_expression")))
                .collect(Collectors.toList());
    }
}
