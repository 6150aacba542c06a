package io.crosstrust.ingest.generator;

import io.crosstrust.events.common.EntityKind;

/**
 * The hidden behavioural profile of a trading entity. It drives the simulation and is written to
 * the {@link GroundTruth}; it never appears in any event.
 */
public enum Profile {
    /** Pays, ships and declares well, with honest noise: now and then late, disputed or held. */
    RELIABLE("reliable", true, true),
    /** Pays late often, sometimes past the grace period, but always pays in the end. */
    SLOW_PAYER("slowPayer", true, true),
    /**
     * Behaves like a reliable entity, then deteriorates from an onset time and finally defaults.
     */
    DELINQUENT("delinquent", true, true),
    /** Builds a clean history, then surges order volume and amounts, then stops paying (buyers). */
    BUST_OUT("bustOut", true, false),
    /** Trades similar amounts in a ring of 3-5 sellers, A to B to C to A, within days (sellers). */
    CIRCULAR_TRADER("circularTrader", false, true),
    /** Gets customs holds and rejections, and under-declares value, increasingly (sellers). */
    NON_COMPLIANT("nonCompliant", false, true);

    private final String key;
    private final boolean buyers;
    private final boolean sellers;

    Profile(String key, boolean buyers, boolean sellers) {
        this.key = key;
        this.buyers = buyers;
        this.sellers = sellers;
    }

    /** The prefix of this profile's parameters, e.g. {@code slowPayer.share}. */
    public String key() {
        return key;
    }

    /** Whether an entity of this kind can have this profile (carriers are always RELIABLE). */
    public boolean appliesTo(EntityKind kind) {
        return switch (kind) {
            case BUYER -> buyers;
            case SELLER -> sellers;
            default -> this == RELIABLE;
        };
    }
}
