package io.crosstrust.models.scoring;

/** Converts a PD between horizons assuming a constant default hazard. */
public final class PdHorizon {
    private PdHorizon() {}

    /** {@code 1 - (1 - pd)^(toDays / fromDays)}. */
    public static double convert(double pd, int fromDays, int toDays) {
        if (fromDays <= 0 || toDays <= 0) {
            throw new IllegalArgumentException("horizons must be > 0 days");
        }
        if (fromDays == toDays) {
            return pd;
        }
        return -Math.expm1(Math.log1p(-pd) * ((double) toDays / fromDays));
    }
}
