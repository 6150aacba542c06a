package io.crosstrust.models.scoring;

import io.crosstrust.models.artifact.ModelArtifact;
import java.math.BigDecimal;

/**
 * The recommended credit limit for financial institutions (documented in docs/model.md):
 *
 * <pre>
 * headroom = monthly_volume * months_of_volume * max(0, 1 - PD / pd_cutoff) - exposure
 * limit    = min(max_limit, floor(max(0, headroom) / rounding_unit) * rounding_unit)
 * </pre>
 *
 * So the limit grows with the entity's own trade volume, shrinks linearly with its PD to nothing at
 * the cut-off, and is reduced by what it already owes. Computed in binary64, rounded down to the
 * unit, returned as an exact whole number.
 */
public final class CreditLimitRule {
    private final double months;
    private final double pdCutoff;
    private final long unit;
    private final long maxLimit;
    private final String currency;

    public CreditLimitRule(ModelArtifact.LimitRule rule) {
        this.months = rule.monthsOfVolume();
        this.pdCutoff = rule.pdCutoff();
        this.unit = rule.roundingUnit();
        this.maxLimit = rule.maxLimit();
        this.currency = rule.currency();
    }

    public String currency() {
        return currency;
    }

    /** The limit in whole currency units (allocation-free). */
    public long limitUnits(double pd, double monthlyVolume, double exposure) {
        if (!(pd < pdCutoff) || !(monthlyVolume > 0)) {
            return 0;
        }
        double headroom = monthlyVolume * months * (1.0 - pd / pdCutoff) - Math.max(0.0, exposure);
        if (!(headroom > 0)) {
            return 0;
        }
        double units = Math.floor(headroom / unit);
        long limit =
                units >= (double) (Long.MAX_VALUE / unit) ? Long.MAX_VALUE : (long) units * unit;
        return Math.min(maxLimit, limit);
    }

    public BigDecimal limit(double pd, double monthlyVolume, double exposure) {
        return BigDecimal.valueOf(limitUnits(pd, monthlyVolume, exposure));
    }
}
