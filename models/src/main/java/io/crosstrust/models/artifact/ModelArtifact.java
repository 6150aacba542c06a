package io.crosstrust.models.artifact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A credit model as data: the single format read by the streaming jobs, the oracle, the CLI and the
 * Python notebooks. Serialised as JSON by {@link ArtifactCodec}; every field, the bin semantics,
 * the score formula and the content hash are specified in docs/model-artifact.md.
 *
 * <p>A model is a logistic scorecard: each feature is binned, each bin carries a weight of evidence
 * (WoE, risk-oriented: larger = riskier), the linear predictor is {@code intercept + sum(weight *
 * woe)}, and a Platt calibration turns it into a probability of default (PD) within {@link
 * Target#pdHorizonDays()}. Scores, grades, reasons and credit limits derive from the PD and the
 * per-feature contributions.
 *
 * @param format always {@value ArtifactCodec#FORMAT}
 * @param formatVersion the schema version; this build reads {@value ArtifactCodec#FORMAT_VERSION}
 * @param featureConfig how streaming features are computed (half-lives); null for tabular models
 * @param referenceDistribution linear-predictor deciles of the training data, for PSI; may be null
 * @param contentHash {@code sha256:<hex>} over the canonical serialisation without this field
 */
@JsonPropertyOrder({
    "format",
    "format_version",
    "id",
    "version",
    "created_at",
    "description",
    "target",
    "feature_config",
    "features",
    "intercept",
    "calibration",
    "scale",
    "grades",
    "limit_rule",
    "max_reasons",
    "training",
    "metrics",
    "reference_distribution",
    "content_hash"
})
public record ModelArtifact(
        String format,
        int formatVersion,
        String id,
        String version,
        String createdAt,
        String description,
        Target target,
        @JsonInclude(JsonInclude.Include.NON_NULL) FeatureConfig featureConfig,
        List<Feature> features,
        double intercept,
        Calibration calibration,
        Scale scale,
        List<GradeBand> grades,
        LimitRule limitRule,
        int maxReasons,
        Training training,
        Map<String, Double> metrics,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReferenceDistribution referenceDistribution,
        @JsonInclude(JsonInclude.Include.NON_NULL) String contentHash) {

    /** What the model predicts. */
    public record Target(String label, String positive, int pdHorizonDays) {}

    /**
     * How the streaming feature extractor computes features for this model.
     *
     * @param halfLifeDays half-life of the exponential decay of event evidence
     * @param shortHalfLifeDays half-life of the short-term volume used for the volume trend
     * @param referenceCurrency currency of volume features and of credit limits
     */
    public record FeatureConfig(
            double halfLifeDays, double shortHalfLifeDays, String referenceCurrency) {}

    /**
     * One scorecard feature.
     *
     * @param type {@code numeric} or {@code categorical}
     * @param dimension one of the eight credit dimensions (lower case), or null
     * @param code stable reason code, e.g. {@code PAY_ON_TIME_RATE}
     * @param monotone {@code none}, {@code increasing_risk} (woe non-decreasing in the value) or
     *     {@code decreasing_risk}
     * @param edges numeric: strictly increasing finite upper bounds; bin {@code i} holds values
     *     {@code edges[i-1] < x <= edges[i]}, the last bin {@code x > edges[last]}; empty for
     *     categorical features
     * @param bins numeric: {@code edges.size() + 1} bins; categorical: one bin per category group
     * @param missing the bin used when the value is missing
     * @param unseenWoe categorical: woe of a category in no bin (numeric: 0)
     * @param weight the logistic coefficient, never negative
     * @param referenceWoe the training population's mean woe; reasons are measured from it
     */
    @JsonPropertyOrder({
        "name",
        "type",
        "dimension",
        "code",
        "description",
        "monotone",
        "edges",
        "bins",
        "missing",
        "unseen_woe",
        "weight",
        "reference_woe"
    })
    public record Feature(
            String name,
            String type,
            @JsonInclude(JsonInclude.Include.NON_NULL) String dimension,
            String code,
            String description,
            String monotone,
            List<Double> edges,
            List<Bin> bins,
            Bin missing,
            double unseenWoe,
            double weight,
            double referenceWoe) {

        @JsonIgnore
        public boolean isNumeric() {
            return ArtifactCodec.NUMERIC.equals(type);
        }
    }

    /**
     * A bin: its woe and the training counts it came from.
     *
     * @param categories categorical features only: the category values in this bin
     */
    @JsonPropertyOrder({"categories", "woe", "count", "positives"})
    public record Bin(
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> categories,
            double woe,
            long count,
            long positives) {}

    /** PD = 1 / (1 + exp(-(a + b * eta))); method is always {@code platt}. */
    public record Calibration(String method, double a, double b) {}

    /**
     * Composite score = base_score + pdo / ln 2 * (ln((1 - PD) / PD) - ln(base_odds)), clamped to
     * [min, max]. base_odds are good:bad odds at base_score; pdo = points to double the odds.
     */
    public record Scale(double baseScore, double baseOdds, double pdo, double min, double max) {}

    /** Grade for PD at most maxPd (the first band that fits, bands ascending, last maxPd = 1). */
    public record GradeBand(String grade, double maxPd) {}

    /**
     * Recommended credit limit = round_down(max(0, monthly_volume * months_of_volume * (1 - PD /
     * pd_cutoff) - exposure), rounding_unit), capped at max_limit; 0 when PD >= pd_cutoff.
     */
    public record LimitRule(
            String currency,
            double monthsOfVolume,
            double pdCutoff,
            long roundingUnit,
            long maxLimit) {}

    /** Where the model came from. */
    @JsonPropertyOrder({
        "method",
        "source",
        "data_sha256",
        "rows",
        "positives",
        "seed",
        "cv_folds",
        "l2",
        "max_bins",
        "min_bin_fraction"
    })
    public record Training(
            String method,
            String source,
            String dataSha256,
            long rows,
            long positives,
            long seed,
            int cvFolds,
            double l2,
            int maxBins,
            double minBinFraction) {}

    /**
     * Training-sample deciles of the linear predictor: {@code edges} (9 cut points, bins as for
     * numeric features) and the share of training rows in each of the 10 bins.
     */
    public record ReferenceDistribution(List<Double> edges, List<Double> shares) {}

    /** A copy with another content hash (null to clear). */
    public ModelArtifact withContentHash(String hash) {
        return new ModelArtifact(
                format,
                formatVersion,
                id,
                version,
                createdAt,
                description,
                target,
                featureConfig,
                features,
                intercept,
                calibration,
                scale,
                grades,
                limitRule,
                maxReasons,
                training,
                metrics,
                referenceDistribution,
                hash);
    }

    /** A copy with another id, version and creation time (content hash cleared). */
    public ModelArtifact withIdentity(String newId, String newVersion, String newCreatedAt) {
        return new ModelArtifact(
                format,
                formatVersion,
                newId,
                newVersion,
                newCreatedAt,
                description,
                target,
                featureConfig,
                features,
                intercept,
                calibration,
                scale,
                grades,
                limitRule,
                maxReasons,
                training,
                metrics,
                referenceDistribution,
                null);
    }

    /** A copy with other features, intercept and calibration (content hash cleared). */
    public ModelArtifact withModel(
            List<Feature> newFeatures, double newIntercept, Calibration newCalibration) {
        return new ModelArtifact(
                format,
                formatVersion,
                id,
                version,
                createdAt,
                description,
                target,
                featureConfig,
                newFeatures,
                newIntercept,
                newCalibration,
                scale,
                grades,
                limitRule,
                maxReasons,
                training,
                metrics,
                referenceDistribution,
                null);
    }
}
