package io.crosstrust.ingest.generator;

/** The simulation state of one order's lifecycle (payment, shipment, customs). */
final class SimOrder {
    String id;
    String number;
    SimEntity buyer;
    SimEntity seller;
    SimEntity carrier;
    long placedAt;
    long amountCents;
    boolean escrow;
    String escrowId;
    boolean circular;
    String hsCode;
    int items;
    long promisedDeparture;
    long promisedDelivery;
    double expectedTransitDays;

    int instalments;
    final long[] due = new long[2];
    final long[] instalmentCents = new long[2];
    final long[] paidAt = new long[2];
    boolean anyPaidLate;
    boolean bookScheduled;

    boolean mismatch;
    long declaredCents;
}
