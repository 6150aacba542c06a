package io.crosstrust.models.features;

import java.util.Locale;

/** The eight credit dimensions of DESIGN.md; each gets a sub-score 0-100, higher = better. */
public enum Dimension {
    FULFILMENT,
    PAYMENT,
    LOGISTICS,
    COMPLIANCE,
    DISPUTES,
    STABILITY,
    NETWORK,
    TRANSPARENCY;

    /** All dimensions in order, without the array copy {@code values()} makes on every call. */
    public static final java.util.List<Dimension> ALL = java.util.List.of(values());

    private static final Dimension[] BY_ORDINAL = values();

    public static Dimension ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }

    /** The lower-case key used in artifacts and reason codes, e.g. {@code payment}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Dimension fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
