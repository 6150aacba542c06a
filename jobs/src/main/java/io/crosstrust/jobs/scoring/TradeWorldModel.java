package io.crosstrust.jobs.scoring;

import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.CurrencyRates;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.training.DefaultModelBuilder;
import io.crosstrust.models.training.ModelTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The credit model trained on a generated trade world (issue 4's labelled world): features as the
 * scoring job computes them ({@link GeneratedTrainingSet}), default within 30 days, snapshots every
 * 10 days from day 90 to day 150 of a 2,000-entity, 180-day world (seed 7), feature half-lives 30
 * and 7 days, trained by the model trainer (5-fold CV, seed 42). Shipped as {@link #RESOURCE} so
 * the warnings evaluation and the embedded stack can score generated worlds with a model fitted to
 * them (the built-in default model is a prior fitted to other simulated histories). Rebuild with
 * {@code java -cp ... io.crosstrust.jobs.scoring.TradeWorldModel OUT.json} after changing the
 * features, the mapping or the generator; {@code GeneratedWorldCreditModelTest} checks the shipped
 * file against a fresh training.
 */
public final class TradeWorldModel {
    public static final String RESOURCE = "/io/crosstrust/jobs/scoring/trade-world-model.json";
    public static final String ID = "crosstrust-trade-world";
    public static final String VERSION = "1.0.0";
    public static final Instant CREATED_AT = Instant.parse("2026-07-01T00:00:00Z");
    public static final Duration HORIZON = Duration.ofDays(30);
    public static final double HALF_LIFE_DAYS = 30;
    public static final double SHORT_HALF_LIFE_DAYS = 7;

    private TradeWorldModel() {}

    public static TradeWorldConfig world() {
        return TradeWorldConfig.builder().seed(7).entities(2_000).days(180).build();
    }

    public static CreditFeatures features() {
        return new CreditFeatures(
                HALF_LIFE_DAYS, SHORT_HALF_LIFE_DAYS, CurrencyRates.referenceOnly("USD"));
    }

    public static List<Instant> asOf(TradeWorldConfig world) {
        return GeneratedTrainingSet.asOfInstants(
                world, Duration.ofDays(90), Duration.ofDays(10), HORIZON);
    }

    public static ModelTrainer.Config trainerConfig() {
        return ModelTrainer.Config.defaults("defaulted_within_30d", "1")
                .withIdentity(ID, VERSION, CREATED_AT)
                .withOptions(DefaultModelBuilder.streamingOptions())
                .with(5, 42L)
                .withStreaming(
                        new ModelArtifact.FeatureConfig(
                                HALF_LIFE_DAYS, SHORT_HALF_LIFE_DAYS, "USD"),
                        "Credit model trained on a generated trade world (seed 7, 2,000 entities,"
                                + " 180 days): default within 30 days, point-in-time snapshots"
                                + " every 10 days from day 90.",
                        (int) HORIZON.toDays());
    }

    /** Builds the table from the world and trains (about 15-30 s). */
    public static ModelTrainer.Result train() {
        TradeWorldConfig world = world();
        GeneratedTrainingSet.Result table =
                GeneratedTrainingSet.build(world, features(), asOf(world), HORIZON);
        return ModelTrainer.train(table.data(), trainerConfig());
    }

    /** The shipped artifact. */
    public static CreditModel shipped() {
        try (InputStream in = TradeWorldModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return CreditModel.fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ArtifactException e) {
            throw new IllegalStateException("the shipped trade-world model is invalid", e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TradeWorldModel OUTPUT.json");
            System.exit(2);
        }
        ModelTrainer.Result r = train();
        ArtifactCodec.write(r.artifact(), Path.of(args[0]));
        System.out.println(
                "wrote "
                        + args[0]
                        + " cv_auc="
                        + r.artifact().metrics().get("cv_auc")
                        + " hash="
                        + r.artifact().contentHash());
    }
}
