package io.crosstrust.models.scoring;

import io.crosstrust.models.features.Dimension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A credit score of one entity as of a time, as the scoring job publishes it (the entity id and
 * score version are the job's). Immutable.
 *
 * @param composite score on the artifact's scale (300-850 by default), higher = better
 * @param pd probability of default within {@code pdHorizonDays}
 * @param grade AAA..D by PD band
 * @param dimensions sub-score 0-100 per dimension (higher = better)
 * @param reasons strongest first, signed
 * @param recommendedLimit recommended credit limit in {@code limitCurrency}, whole units
 */
public record CreditScore(
        String modelId,
        String modelVersion,
        Instant asOf,
        double composite,
        double pd,
        int pdHorizonDays,
        String grade,
        Map<Dimension, Double> dimensions,
        List<ReasonCode> reasons,
        BigDecimal recommendedLimit,
        String limitCurrency) {

    public CreditScore {
        dimensions = Map.copyOf(dimensions);
        reasons = List.copyOf(reasons);
    }

    /**
     * PD over another horizon, assuming a constant default hazard: 1 - (1 - pd)^(days / horizon).
     */
    public double pdOver(int days) {
        return PdHorizon.convert(pd, pdHorizonDays, days);
    }

    public double dimension(Dimension d) {
        Double v = dimensions.get(d);
        return v == null ? Double.NaN : v;
    }
}
