package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ModelArtifact;
import java.util.List;

/**
 * The documented defaults for the parts of an artifact that are policy rather than fit: the score
 * scale, the grade bands and the credit-limit rule (docs/model.md explains each choice).
 */
public final class ModelDefaults {
    private ModelDefaults() {}

    /**
     * 300-850: 600 points at good:bad odds 19:1 (PD 5%), 40 points to double the odds; PD 1% is
     * about 695, PD 20% about 510, PD 50% about 430; the range spans PD 0.07% (850) to 90% (300).
     */
    public static ModelArtifact.Scale scale() {
        return new ModelArtifact.Scale(600.0, 19.0, 40.0, 300.0, 850.0);
    }

    /** PD bands (upper bounds, inclusive), AAA best; D for PD above 50%. */
    public static List<ModelArtifact.GradeBand> grades() {
        return List.of(
                new ModelArtifact.GradeBand("AAA", 0.0005),
                new ModelArtifact.GradeBand("AA", 0.001),
                new ModelArtifact.GradeBand("A", 0.0025),
                new ModelArtifact.GradeBand("BBB", 0.01),
                new ModelArtifact.GradeBand("BB", 0.03),
                new ModelArtifact.GradeBand("B", 0.08),
                new ModelArtifact.GradeBand("CCC", 0.2),
                new ModelArtifact.GradeBand("CC", 0.35),
                new ModelArtifact.GradeBand("C", 0.5),
                new ModelArtifact.GradeBand("D", 1.0));
    }

    /**
     * Two months of trade volume at PD 0, shrinking linearly to nothing at PD 25%, less what the
     * entity already owes, rounded down to 100 units, at most 5,000,000.
     */
    public static ModelArtifact.LimitRule limitRule(String currency) {
        return new ModelArtifact.LimitRule(currency, 2.0, 0.25, 100, 5_000_000);
    }

    public static final int PD_HORIZON_DAYS = 365;
    public static final int MAX_REASONS = 4;
}
