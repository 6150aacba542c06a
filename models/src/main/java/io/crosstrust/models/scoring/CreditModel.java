package io.crosstrust.models.scoring;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.CurrencyRates;
import io.crosstrust.models.features.Dimension;
import io.crosstrust.models.features.NetworkPosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming credit model: the feature extractor configured by an artifact plus the compiled
 * scorecard. This is what the scoring job holds (and hot-swaps): per entity it keeps a {@link
 * CreditFeatureState}, calls {@link #update} for each event about the entity and {@link #score}
 * when it wants a score. Immutable and thread-safe; states and buffers are not.
 *
 * <p>A state built under one model stays valid under another as long as both use the same
 * half-lives ({@link #stateCompatibleWith}); otherwise the tallies mean something else and the
 * state should be rebuilt from history.
 */
public final class CreditModel {
    /** Class-path location of the built-in default artifact. */
    public static final String DEFAULT_RESOURCE = "/io/crosstrust/models/default-credit-model.json";

    private static volatile CreditModel builtIn;

    private final ModelArtifact artifact;
    private final Scorecard scorecard;
    private final CreditFeatures features;
    private final CreditLimitRule limitRule;
    private final int[] inputIndex;
    private final int maxReasons;

    private CreditModel(ModelArtifact artifact, CurrencyRates rates) throws ArtifactException {
        ModelArtifact.FeatureConfig fc = artifact.featureConfig();
        if (fc == null) {
            throw new ArtifactException(
                    "artifact "
                            + artifact.id()
                            + " is a tabular model (no feature_config); the streaming scorer needs"
                            + " a model over the credit features");
        }
        if (!rates.reference().equals(fc.referenceCurrency())) {
            throw new ArtifactException(
                    "currency rates are in "
                            + rates.reference()
                            + " but the model's reference currency is "
                            + fc.referenceCurrency());
        }
        this.artifact = artifact;
        this.scorecard = Scorecard.compile(artifact);
        this.features = new CreditFeatures(fc.halfLifeDays(), fc.shortHalfLifeDays(), rates);
        this.limitRule = new CreditLimitRule(artifact.limitRule());
        this.maxReasons = artifact.maxReasons();
        this.inputIndex = new int[scorecard.featureCount()];
        for (int j = 0; j < inputIndex.length; j++) {
            String name = scorecard.featureName(j);
            int i = CreditFeatures.indexOf(name);
            if (i < 0 || !scorecard.isNumeric(j)) {
                throw new ArtifactException(
                        "artifact feature '"
                                + name
                                + "' is not a numeric streaming credit feature; known features: "
                                + CreditFeatures.DEFINITIONS.stream().map(d -> d.name()).toList());
            }
            inputIndex[j] = i;
        }
    }

    /** A streaming model of a validated artifact, with reference-currency-only rates. */
    public static CreditModel of(ModelArtifact artifact) throws ArtifactException {
        String currency =
                artifact.featureConfig() == null
                        ? "USD"
                        : artifact.featureConfig().referenceCurrency();
        return new CreditModel(artifact, CurrencyRates.referenceOnly(currency));
    }

    /** A streaming model of a validated artifact with configured currency rates. */
    public static CreditModel of(ModelArtifact artifact, CurrencyRates rates)
            throws ArtifactException {
        return new CreditModel(artifact, rates);
    }

    /** Parses, verifies (hash, schema) and compiles an artifact, e.g. from model.updates. */
    public static CreditModel fromJson(byte[] json) throws ArtifactException {
        return of(ArtifactCodec.fromJson(json));
    }

    /** The built-in default model shipped in this jar (loaded once). */
    public static CreditModel builtIn() {
        CreditModel m = builtIn;
        if (m == null) {
            synchronized (CreditModel.class) {
                m = builtIn;
                if (m == null) {
                    try (InputStream in = CreditModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
                        }
                        m = fromJson(in.readAllBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (ArtifactException e) {
                        throw new IllegalStateException(
                                "the built-in model artifact is invalid", e);
                    }
                    builtIn = m;
                }
            }
        }
        return m;
    }

    public String id() {
        return artifact.id();
    }

    public String version() {
        return artifact.version();
    }

    public String contentHash() {
        return artifact.contentHash();
    }

    public ModelArtifact artifact() {
        return artifact;
    }

    public Scorecard scorecard() {
        return scorecard;
    }

    public CreditFeatures features() {
        return features;
    }

    public CreditLimitRule limitRule() {
        return limitRule;
    }

    /** Whether states built under {@code other} mean the same under this model. */
    public boolean stateCompatibleWith(CreditModel other) {
        return features.halfLifeDays() == other.features.halfLifeDays()
                && features.shortHalfLifeDays() == other.features.shortHalfLifeDays()
                && features.rates().reference().equals(other.features.rates().reference());
    }

    public CreditFeatureState newState() {
        return new CreditFeatureState();
    }

    /** Applies one event about the state's entity (allocation-free). */
    public void update(CreditFeatureState state, CreditEvent event) {
        features.update(state, event);
    }

    /** Applies a network position from the network job. */
    public void updateNetwork(CreditFeatureState state, NetworkPosition position) {
        features.updateNetwork(state, position);
    }

    public ScoreBuffer newBuffer() {
        ScoreBuffer b = new ScoreBuffer();
        b.ensure(scorecard.featureCount(), maxReasons);
        return b;
    }

    /**
     * Scores the state as of {@code asOfMillis} into {@code out} and returns it. Allocation-free
     * once the buffer has been sized for this model.
     */
    public ScoreBuffer score(CreditFeatureState state, long asOfMillis, ScoreBuffer out) {
        out.ensure(scorecard.featureCount(), maxReasons);
        out.model = this;
        out.asOfMillis = asOfMillis;
        double decay = features.compute(state, asOfMillis, out.features);
        double[] in = out.inputs;
        for (int j = 0; j < inputIndex.length; j++) {
            in[j] = out.features[inputIndex[j]];
        }
        double eta = scorecard.contributions(in, null, out.contributions);
        out.eta = eta;
        out.pd = scorecard.pd(eta);
        out.composite = scorecard.composite(eta);
        out.grade = scorecard.grade(out.pd);
        double[] sums = out.dimensionSums;
        java.util.Arrays.fill(sums, 0.0);
        for (int j = 0; j < inputIndex.length; j++) {
            int d = scorecard.dimensionIndex(j);
            if (d >= 0) {
                sums[d] += out.contributions[j];
            }
        }
        for (int d = 0; d < sums.length; d++) {
            out.dimensionScores[d] =
                    scorecard.hasDimension(d) ? scorecard.dimensionScore(d, sums[d]) : Double.NaN;
        }
        selectReasons(out);
        out.monthlyVolume = out.features[CreditFeatures.STABILITY_VOLUME];
        out.exposure = features.exposure(state, decay);
        out.limitUnits = limitRule.limitUnits(out.pd, out.monthlyVolume, out.exposure);
        return out;
    }

    /** Scores and materialises in one call (allocates; for tests, CLI and heartbeats). */
    public CreditScore score(CreditFeatureState state, Instant asOf) {
        return toCreditScore(score(state, asOf.toEpochMilli(), newBuffer()));
    }

    /** An immutable score from a buffer this model filled. */
    public CreditScore toCreditScore(ScoreBuffer b) {
        if (b.model != this) {
            throw new IllegalArgumentException("the buffer was filled by another model");
        }
        Map<Dimension, Double> dims = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.ALL) {
            if (scorecard.hasDimension(d)) {
                dims.put(d, b.dimensionScores[d.ordinal()]);
            }
        }
        List<ReasonCode> reasons = new ArrayList<>(b.reasonCount);
        for (int r = 0; r < b.reasonCount; r++) {
            int j = b.reasonFeature[r];
            Dimension d = scorecard.dimension(j);
            double value = b.inputs[j];
            double points = b.reasonPoints[r];
            reasons.add(
                    new ReasonCode(
                            scorecard.featureCode(j),
                            d == null ? null : d.key(),
                            points,
                            scorecard.featureDescription(j)
                                    + ": "
                                    + scorecard.featureName(j)
                                    + " = "
                                    + shortNumber(value)
                                    + (points >= 0 ? " raised" : " lowered")
                                    + " the score"));
        }
        return new CreditScore(
                artifact.id(),
                artifact.version(),
                Instant.ofEpochMilli(b.asOfMillis),
                b.composite,
                b.pd,
                artifact.target().pdHorizonDays(),
                b.grade,
                dims,
                reasons,
                BigDecimal.valueOf(b.limitUnits),
                limitRule.currency());
    }

    /** A readable number without String.format: 3 decimals below 1000, whole above. */
    static String shortNumber(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) >= 1000) {
            return Long.toString(Math.round(v));
        }
        return Double.toString(Math.round(v * 1000) / 1000.0);
    }

    private void selectReasons(ScoreBuffer out) {
        int k = 0;
        int n = inputIndex.length;
        for (int j = 0; j < n; j++) {
            double p = scorecard.reasonPoints(j, out.contributions[j]);
            double mag = Math.abs(p);
            if (!(mag > 1e-9) || maxReasons == 0) {
                continue;
            }
            // insertion into the top-k list, strongest first; ties keep feature order
            int pos = k;
            while (pos > 0 && Math.abs(out.reasonPoints[pos - 1]) < mag) {
                pos--;
            }
            if (pos >= maxReasons) {
                continue;
            }
            int last = Math.min(k, maxReasons - 1);
            for (int m = last; m > pos; m--) {
                out.reasonPoints[m] = out.reasonPoints[m - 1];
                out.reasonFeature[m] = out.reasonFeature[m - 1];
            }
            out.reasonPoints[pos] = p;
            out.reasonFeature[pos] = j;
            if (k < maxReasons) {
                k++;
            }
        }
        out.reasonCount = k;
    }
}
