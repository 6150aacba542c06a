package io.crosstrust.ingest.generator;

import io.crosstrust.events.platform.DisputeReason;

/** A dispute between its opening and its resolution. */
final class SimDispute {
    final SimOrder order;
    final SimEntity claimant;
    final SimEntity respondent;
    final DisputeReason reason;
    final long amountCents;

    /** For NON_PAYMENT: the instalment index it is about. */
    final int instalment;

    String id;
    long openedAt;

    SimDispute(
            SimOrder order,
            SimEntity claimant,
            SimEntity respondent,
            DisputeReason reason,
            long amountCents,
            int instalment) {
        this.order = order;
        this.claimant = claimant;
        this.respondent = respondent;
        this.reason = reason;
        this.amountCents = amountCents;
        this.instalment = instalment;
    }
}
