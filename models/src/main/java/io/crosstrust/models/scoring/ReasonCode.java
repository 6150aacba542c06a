package io.crosstrust.models.scoring;

/**
 * One signed reason behind a score: which feature moved it and by how many composite points,
 * measured from the training population's average (positive = raised the score).
 *
 * @param code stable code, e.g. PAY_ON_TIME_RATE
 * @param dimension the credit dimension key (e.g. payment), or null for tabular features
 * @param contribution signed effect on the composite score in points
 * @param description what the feature measures and its value
 */
public record ReasonCode(String code, String dimension, double contribution, String description) {}
