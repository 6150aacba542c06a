package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.GroundTruth;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.training.ModelTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's acceptance check on the generator's labelled world: the streaming features, computed by
 * the scoring path's own code ({@link EntityCreditState} over {@link CreditEvents}) at
 * point-in-time snapshots, trained with the model trainer (5-fold CV, seed 42), against "default
 * within 30 days" from the ground truth. The set-up (one 2,000-entity, 180-day world, about a
 * million events) takes 10-20 s.
 *
 * <p>Design, see docs/scoring.md: snapshots every 10 days from day 90 to day 150 (the first 90 days
 * warm the decayed tallies up: every entity of a generated world starts on day 0, which real
 * histories do not), horizon 30 days so every label is observed, feature half-lives 30 / 7 days.
 */
class GeneratedWorldCreditModelTest {
    static final Duration HORIZON = TradeWorldModel.HORIZON;
    static final CreditFeatures FEATURES = TradeWorldModel.features();

    private static GeneratedTrainingSet.Result table;
    private static ModelTrainer.Result trained;

    @BeforeAll
    static void buildAndTrain() {
        TradeWorldConfig config = TradeWorldModel.world();
        table = GeneratedTrainingSet.build(config, FEATURES, TradeWorldModel.asOf(config), HORIZON);
        trained = ModelTrainer.train(table.data(), TradeWorldModel.trainerConfig());
    }

    @Test
    void theTableHoldsLiveBuyersAndSellersLabelledByTheGroundTruth() {
        TabularData data = table.data();
        GroundTruth truth = table.truth();
        assertThat(table.invalid()).isZero();
        assertThat(table.events()).isGreaterThan(900_000);
        assertThat(data.rows()).isGreaterThan(12_000);
        assertThat(data.positives()).isGreaterThan(300);
        assertThat(data.columns()).hasSize(GeneratedTrainingSet.FEATURES.size());
        for (int r = 0; r < data.rows(); r++) {
            String id = table.entityIds().get(r);
            Instant asOf = table.asOf().get(r);
            assertThat(truth.entity(id).orElseThrow().kind()).isNotEqualTo(EntityKind.LOGISTICS);
            assertThat(truth.defaultedBy(id, asOf)).isFalse();
            assertThat(data.label(r) == 1).isEqualTo(truth.defaultedWithin(id, asOf, HORIZON));
        }
    }

    /**
     * Issue 4's acceptance: AUC >= 0.90 (measured 0.912 with these settings, see docs/scoring.md).
     */
    @Test
    void crossValidatedAucReachesTheIssue4Target() {
        assertThat(trained.cv().aucMean()).isGreaterThanOrEqualTo(0.90);
        assertThat(trained.cv().pooled().auc()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void theShippedTradeWorldModelIsThisTraining() throws Exception {
        // byte for byte: rebuild with TradeWorldModel.main after changing features or generator
        assertThat(TradeWorldModel.shipped().contentHash())
                .isEqualTo(trained.artifact().contentHash());
        // the trained artifact loads in the scoring job
        assertThat(
                        CreditModel.fromJson(
                                        io.crosstrust.models.artifact.ArtifactCodec.toJson(
                                                        trained.artifact())
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .version())
                .isEqualTo("1.0.0");
        // the features that tell a payer in arrears from a slow payer, and a bust-out's surge,
        // carry weight
        for (String name :
                List.of(
                        "payment.recent_days_late",
                        "payment.arrears_rate",
                        "stability.order_size_trend",
                        "stability.new_counterparty_share")) {
            assertThat(trained.artifact().features())
                    .filteredOn(f -> f.name().equals(name))
                    .singleElement()
                    .satisfies(f -> assertThat(f.weight()).as(name).isGreaterThan(0.0));
        }
    }

    /** No look-ahead: a row's features are those of a replay that stops at its as-of time. */
    @Test
    void snapshotsSeeOnlyEventsUpToTheirAsOfTime() throws Exception {
        TradeWorldConfig small = TradeWorldConfig.builder().seed(3).entities(60).days(60).build();
        Instant asOf = small.start().plus(Duration.ofDays(25));
        GeneratedTrainingSet.Result r =
                GeneratedTrainingSet.build(small, FEATURES, List.of(asOf), HORIZON);

        PlatformEventNormaliser normaliser = new PlatformEventNormaliser();
        Map<String, EntityCreditState> states = new HashMap<>();
        TradeWorld world = new TradeWorld(small);
        while (world.hasNext()) {
            GeneratedEvent g = world.next();
            if (g.eventTime().isAfter(asOf)) {
                break;
            }
            TradeEvent e = normaliser.normalise(g.record());
            states.computeIfAbsent(e.getSubjectId(), k -> EntityCreditState.empty())
                    .apply(FEATURES, e, Role.SUBJECT);
            if (e.getCounterpartyId() != null
                    && CreditEvents.concerns(e.getType(), Role.COUNTERPARTY)) {
                states.computeIfAbsent(e.getCounterpartyId(), k -> EntityCreditState.empty())
                        .apply(FEATURES, e, Role.COUNTERPARTY);
            }
        }
        assertThat(r.data().rows()).isGreaterThan(30);
        double[] all = new double[CreditFeatures.FEATURE_COUNT];
        for (int row = 0; row < r.data().rows(); row++) {
            EntityCreditState s = states.get(r.entityIds().get(row));
            FEATURES.compute(
                    s.scoringView(FEATURES, asOf.toEpochMilli(), OverdueThresholds.DEFAULT),
                    asOf.toEpochMilli(),
                    all);
            for (int j = 0; j < GeneratedTrainingSet.FEATURES.size(); j++) {
                double expected = all[CreditFeatures.indexOf(GeneratedTrainingSet.FEATURES.get(j))];
                double actual =
                        ((TabularData.NumericColumn) r.data().columns().get(j)).values()[row];
                assertThat(actual).isEqualTo(expected);
            }
        }
    }
}
