package io.crosstrust.ingest.generator;

/** A ring of circular traders: members trade A to B to C to A with similar amounts. */
final class Ring {
    final int id;
    final SimEntity[] members;
    final long baseAmountCents;
    long firstCycle = SimEntity.NEVER;

    Ring(int id, SimEntity[] members, long baseAmountCents) {
        this.id = id;
        this.members = members;
        this.baseAmountCents = baseAmountCents;
    }

    /** One cycle in flight: the members at its start and how many legs have been placed. */
    static final class Cycle {
        final Ring ring;
        final SimEntity[] members;
        int legsPlaced;

        Cycle(Ring ring, SimEntity[] members) {
            this.ring = ring;
            this.members = members;
        }
    }
}
