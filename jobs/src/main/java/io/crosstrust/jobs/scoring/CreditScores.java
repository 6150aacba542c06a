package io.crosstrust.jobs.scoring;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.ReasonCode;
import io.crosstrust.events.output.ScoreTrigger;
import io.crosstrust.models.features.Dimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Builds the published {@link CreditScore} record from the model's score and the job's ids. */
public final class CreditScores {
    /** Sub-score of a dimension the model gives no weight (the model's neutral value). */
    public static final double NEUTRAL_DIMENSION = 50.0;

    private CreditScores() {}

    /** The score's id: entity id and its per-entity version. */
    public static String eventId(String entityId, long scoreVersion) {
        return entityId + ":" + scoreVersion;
    }

    public static CreditScore of(
            String entityId,
            String region,
            String chainAddress,
            io.crosstrust.models.scoring.CreditScore s,
            long scoreVersion,
            ScoreTrigger trigger,
            String triggerEventId) {
        List<ReasonCode> reasons = new ArrayList<>(s.reasons().size());
        for (io.crosstrust.models.scoring.ReasonCode r : s.reasons()) {
            reasons.add(
                    new ReasonCode(
                            r.code(),
                            r.dimension() == null ? "" : r.dimension(),
                            r.contribution(),
                            r.description()));
        }
        return CreditScore.newBuilder()
                .setEventId(eventId(entityId, scoreVersion))
                .setEntityId(entityId)
                .setRegion(region)
                .setChainAddress(chainAddress)
                .setAsOf(s.asOf())
                .setComposite(s.composite())
                .setPd(s.pd())
                .setGrade(s.grade())
                .setDimensions(
                        new DimensionScores(
                                dim(s, Dimension.FULFILMENT),
                                dim(s, Dimension.PAYMENT),
                                dim(s, Dimension.LOGISTICS),
                                dim(s, Dimension.COMPLIANCE),
                                dim(s, Dimension.DISPUTES),
                                dim(s, Dimension.STABILITY),
                                dim(s, Dimension.NETWORK),
                                dim(s, Dimension.TRANSPARENCY)))
                .setReasons(reasons)
                .setRecommendedLimit(
                        new Money(
                                s.recommendedLimit() == null
                                        ? BigDecimal.ZERO
                                        : s.recommendedLimit(),
                                s.limitCurrency()))
                .setModelId(s.modelId())
                .setModelVersion(s.modelVersion())
                .setScoreVersion(scoreVersion)
                .setTrigger(trigger)
                .setTriggerEventId(triggerEventId)
                .build();
    }

    private static double dim(io.crosstrust.models.scoring.CreditScore s, Dimension d) {
        double v = s.dimension(d);
        return Double.isNaN(v) ? NEUTRAL_DIMENSION : v;
    }
}
