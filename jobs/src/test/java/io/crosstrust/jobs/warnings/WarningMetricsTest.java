package io.crosstrust.jobs.warnings;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.generator.DefaultCause;
import io.crosstrust.ingest.generator.EntityTruth;
import io.crosstrust.ingest.generator.ExpectedWarning;
import io.crosstrust.ingest.generator.GroundTruth;
import io.crosstrust.ingest.generator.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarningMetricsTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    private static EntityTruth entity(
            String id, Profile p, Instant defaultTime, List<ExpectedWarning> expected) {
        return new EntityTruth(
                id,
                EntityKind.BUYER,
                "DE",
                p,
                T,
                p == Profile.RELIABLE ? null : T,
                defaultTime,
                defaultTime == null ? null : DefaultCause.PROFILE,
                null,
                List.of(),
                Map.of(),
                expected);
    }

    private static RiskWarning warning(String entity, WarningType type, Instant at) {
        return RiskWarning.newBuilder()
                .setEventId(entity + ":" + type + ":1")
                .setEntityId(entity)
                .setRegion(null)
                .setType(type)
                .setSeverity(Severity.MEDIUM)
                .setStatus(WarningStatus.RAISED)
                .setExplanation("x")
                .setEvidenceEventIds(List.of("e"))
                .setRuleId(type.name())
                .setRuleVersion(1)
                .setModelVersion(null)
                .setRaisedAt(at)
                .setEventTime(at)
                .build();
    }

    @Test
    void countsEntitiesPerTypeAndOverallWithLeadTimes() {
        Instant d1 = T.plus(Duration.ofDays(40));
        GroundTruth truth =
                new GroundTruth(
                        1,
                        Map.of(),
                        T,
                        T.plus(Duration.ofDays(90)),
                        List.of(
                                entity(
                                        "D1",
                                        Profile.DELINQUENT,
                                        d1,
                                        List.of(
                                                new ExpectedWarning(
                                                        WarningType.PAYMENT_OVERDUE,
                                                        T.plus(Duration.ofDays(10)),
                                                        null),
                                                new ExpectedWarning(
                                                        WarningType.SCORE_DROP,
                                                        T.plus(Duration.ofDays(5)),
                                                        d1))),
                                entity(
                                        "S1",
                                        Profile.SLOW_PAYER,
                                        null,
                                        List.of(
                                                new ExpectedWarning(
                                                        WarningType.PAYMENT_OVERDUE, T, null))),
                                entity("R1", Profile.RELIABLE, null, List.of()),
                                entity(
                                        "R2",
                                        Profile.RELIABLE,
                                        null,
                                        List.of(
                                                new ExpectedWarning(
                                                        WarningType.COUNTERPARTY_CONTAGION,
                                                        T,
                                                        null)))));
        List<RiskWarning> warnings =
                List.of(
                        warning("D1", WarningType.SCORE_DROP, T.plus(Duration.ofDays(30))),
                        warning("D1", WarningType.PAYMENT_OVERDUE, T.plus(Duration.ofDays(12))),
                        warning("R1", WarningType.PAYMENT_OVERDUE, T),
                        warning("R2", WarningType.COUNTERPARTY_CONTAGION, T));
        WarningMetrics.Report r = WarningMetrics.evaluate(warnings, truth);

        // overall: D1 and S1 misbehaved; D1 and R1 warned (R2's contagion warning does not count)
        assertThat(r.overall().predicted()).isEqualTo(2);
        assertThat(r.overall().actual()).isEqualTo(2);
        assertThat(r.overall().truePositives()).isEqualTo(1);
        assertThat(r.overall().precision()).isEqualTo(0.5);
        assertThat(r.overall().recall()).isEqualTo(0.5);
        assertThat(r.overall().leadTimeMedianSeconds())
                .isEqualTo(Duration.ofDays(28).toSeconds()); // default day 40, first warning day 12
        assertThat(r.accuracy()).isEqualTo(0.5); // D1 and R2 right, S1 and R1 wrong
        assertThat(r.baselineAccuracy()).isEqualTo(0.5);
        assertThat(r.falsePositives()).containsEntry("RELIABLE", 1);
        assertThat(r.missed()).containsEntry("SLOW_PAYER", 1);

        WarningMetrics.Figures overdue = r.perType().get(WarningType.PAYMENT_OVERDUE);
        assertThat(overdue.predicted()).isEqualTo(2);
        assertThat(overdue.actual()).isEqualTo(2);
        assertThat(overdue.truePositives()).isEqualTo(1);
        assertThat(overdue.delayMedianSeconds()).isEqualTo(Duration.ofDays(2).toSeconds());
        WarningMetrics.Figures drop = r.perType().get(WarningType.SCORE_DROP);
        assertThat(drop.precision()).isEqualTo(1.0);
        assertThat(drop.leadTimeMedianSeconds()).isEqualTo(Duration.ofDays(10).toSeconds());
        assertThat(r.perType().get(WarningType.COUNTERPARTY_CONTAGION).recall()).isEqualTo(1.0);
        assertThat(r.perType().get(WarningType.BUST_OUT).precision()).isNaN();
        assertThat(r.toJson())
                .contains("\"precision\":0.5000")
                .contains("\"BUST_OUT\":{\"predicted\":0");
        assertThat(r.toText()).contains("OVERALL");
    }
}
