package io.crosstrust.models.features;

/**
 * One streaming credit feature: its name in artifacts (dimension-prefixed), dimension, stable
 * reason code, the direction the domain demands, and what it measures.
 *
 * @param monotone {@code increasing_risk}, {@code decreasing_risk} or {@code none}
 */
public record FeatureDefinition(
        String name, Dimension dimension, String code, String monotone, String description) {}
