package io.crosstrust.ingest.generator;

/** Why an entity defaulted. */
public enum DefaultCause {
    /** Its hidden profile planned it (DELINQUENT, BUST_OUT). */
    PROFILE,
    /** A counterparty's default left it with unpaid receivables and it failed in turn. */
    CONTAGION
}
