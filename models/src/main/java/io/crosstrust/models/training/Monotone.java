package io.crosstrust.models.training;

import java.util.Locale;

/** The direction a numeric feature's risk must follow. */
public enum Monotone {
    /** Any shape (bins keep their own woe). */
    NONE,
    /** Risk never falls as the value rises (e.g. days past due). */
    INCREASING_RISK,
    /** Risk never rises as the value rises (e.g. on-time payment share). */
    DECREASING_RISK,
    /** Pick whichever monotone direction keeps more information value. */
    AUTO;

    /** The artifact spelling: none, increasing_risk, decreasing_risk. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses none|increasing_risk|decreasing_risk|auto, also +/- and increasing/decreasing. */
    public static Monotone parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "none", "0" -> NONE;
            case "increasing_risk", "increasing", "+", "inc" -> INCREASING_RISK;
            case "decreasing_risk", "decreasing", "-", "dec" -> DECREASING_RISK;
            case "auto" -> AUTO;
            default ->
                    throw new IllegalArgumentException(
                            "monotone must be none, increasing_risk (+), decreasing_risk (-) or"
                                    + " auto, got '"
                                    + s
                                    + "'");
        };
    }
}
