package io.crosstrust.jobs.warnings;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.jobs.scoring.TradeWorldModel;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The warning rules with their shipped defaults on a small labelled world (600 entities, 180 days,
 * about 300,000 events; 10-25 s), in one thread without Flink: the regression guard of the rule
 * tuning. The acceptance run on the real jobs is {@code WarningsEvaluationITCase}.
 */
class LocalRiskReplayTest {

    @Test
    void defaultRulesFindMisbehaviourWithHighPrecisionAndRecallAndLeadDefaults() {
        TradeWorldConfig world = TradeWorldConfig.builder().seed(3).entities(600).days(180).build();
        LocalRiskReplay.Result r =
                LocalRiskReplay.run(world, TradeWorldModel.shipped(), RiskRules.defaults());
        WarningMetrics.Report report = WarningMetrics.evaluate(r.warnings(), r.truth());

        assertThat(report.overall().precision()).isGreaterThanOrEqualTo(0.90);
        assertThat(report.overall().recall()).isGreaterThanOrEqualTo(0.90);
        assertThat(report.overall().leadTimeMedianSeconds()).isGreaterThan(0);
        assertThat(report.accuracy()).isGreaterThan(report.baselineAccuracy());
        assertThat(report.perType().get(WarningType.CIRCULAR_TRADING).recall()).isEqualTo(1.0);
        assertThat(report.toJson())
                .contains("\"precision\":")
                .contains("\"recall\":")
                .contains("\"f1\":")
                .contains("\"lead_time_median_s\":");

        // every warning is explained and cites evidence; ids are unique
        Set<String> ids = new HashSet<>();
        for (RiskWarning w : r.warnings()) {
            assertThat(ids.add(w.getEventId())).as(w.getEventId()).isTrue();
            assertThat(w.getExplanation()).isNotBlank();
            if (w.getStatus() == WarningStatus.RAISED) {
                assertThat(w.getEvidenceEventIds()).as(w.getEventId()).isNotEmpty();
            }
        }
    }

    /**
     * The Flink function keeps each entity's risk state as bytes between events; the replay keeps
     * objects. A field the codec forgets shows here as warnings that differ.
     */
    @Test
    void theStoredStateWarnsExactlyAsTheLiveOne() {
        TradeWorldConfig world =
                TradeWorldConfig.builder().seed(11).entities(200).days(150).build();
        LocalRiskReplay.Result live =
                LocalRiskReplay.run(world, TradeWorldModel.shipped(), RiskRules.defaults(), false);
        LocalRiskReplay.Result stored =
                LocalRiskReplay.run(world, TradeWorldModel.shipped(), RiskRules.defaults(), true);
        assertThat(live.warnings()).hasSizeGreaterThan(100);
        assertThat(stored.warnings()).containsExactlyElementsOf(live.warnings());
    }
}
