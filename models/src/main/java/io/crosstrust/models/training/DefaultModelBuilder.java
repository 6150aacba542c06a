package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.CurrencyRates;
import io.crosstrust.models.features.FeatureDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the built-in default credit model ({@code default-credit-model.json} in this module's
 * resources) by fitting the standard pipeline to {@link SimulatedCreditHistories}, reproducibly:
 * fixed seed, fixed id, version and creation time. Run it after changing the features or the
 * simulation:
 *
 * <pre>
 * java -cp models/target/classes:... io.crosstrust.models.training.DefaultModelBuilder \
 *     models/src/main/resources/io/crosstrust/models/default-credit-model.json
 * </pre>
 */
public final class DefaultModelBuilder {
    public static final String ID = "crosstrust-default";
    public static final String VERSION = "1.0.0";
    public static final Instant CREATED_AT = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant OBSERVATION = Instant.parse("2025-12-01T00:00:00Z");
    public static final double HALF_LIFE_DAYS = 90.0;
    public static final double SHORT_HALF_LIFE_DAYS = 14.0;
    public static final int ENTITIES = 4000;
    public static final long SEED = 20260101L;

    private DefaultModelBuilder() {}

    /** The simulated training table the default model is fitted on. */
    public static TabularData trainingTable() {
        CreditFeatures extractor =
                new CreditFeatures(
                        HALF_LIFE_DAYS, SHORT_HALF_LIFE_DAYS, CurrencyRates.referenceOnly("USD"));
        List<SimulatedCreditHistories.Entity> entities =
                new SimulatedCreditHistories(extractor, OBSERVATION.toEpochMilli())
                        .simulate(ENTITIES, SEED);
        String fingerprint =
                DataTable.sha256(
                        ("simulated-credit-histories;entities="
                                        + ENTITIES
                                        + ";seed="
                                        + SEED
                                        + ";observation="
                                        + OBSERVATION)
                                .getBytes(StandardCharsets.UTF_8));
        return SimulatedCreditHistories.toTable(
                entities, "simulated-credit-histories(seed=" + SEED + ")", fingerprint);
    }

    /** Training options that declare every feature's dimension, reason code and direction. */
    public static ScorecardTrainer.Options streamingOptions() {
        Map<String, Monotone> monotone = new HashMap<>();
        Map<String, ScorecardTrainer.FeatureMeta> meta = new HashMap<>();
        for (FeatureDefinition d : CreditFeatures.DEFINITIONS) {
            monotone.put(d.name(), Monotone.parse(d.monotone()));
            meta.put(
                    d.name(),
                    new ScorecardTrainer.FeatureMeta(
                            d.dimension().key(), d.code(), d.description()));
        }
        // chi-square merging (5% level) keeps only bins that differ significantly, so a score does
        // not jump between neighbouring values of a noisy feature
        return new ScorecardTrainer.Options(
                BinningOptions.defaults().withMergeChiSquare(3.84),
                1.0,
                Monotone.NONE,
                monotone,
                meta);
    }

    public static ModelTrainer.Result build() {
        ModelTrainer.Config config =
                ModelTrainer.Config.defaults("defaulted_within_horizon", "1")
                        .withIdentity(ID, VERSION, CREATED_AT)
                        .withOptions(streamingOptions())
                        .with(5, SEED)
                        .withStreaming(
                                new ModelArtifact.FeatureConfig(
                                        HALF_LIFE_DAYS, SHORT_HALF_LIFE_DAYS, "USD"),
                                "Built-in default credit model over the eight credit dimensions,"
                                        + " fitted to seeded simulated entity histories (a prior"
                                        + " until real or generated outcomes exist); retrain with"
                                        + " `model train` on a feature table.",
                                365);
        return ModelTrainer.train(trainingTable(), config);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DefaultModelBuilder OUTPUT.json");
            System.exit(2);
        }
        ModelTrainer.Result result = build();
        ArtifactCodec.write(result.artifact(), Path.of(args[0]));
        System.out.println(
                "wrote "
                        + args[0]
                        + " cv_auc="
                        + result.artifact().metrics().get("cv_auc")
                        + " hash="
                        + result.artifact().contentHash());
    }
}
