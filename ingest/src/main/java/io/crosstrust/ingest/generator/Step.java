package io.crosstrust.ingest.generator;

/**
 * One scheduled lifecycle step: at {@code time}, do {@code kind} for an entity, an order or a
 * dispute. Steps run in (time, seq) order, so equal times keep their scheduling order.
 */
final class Step {
    final long time;
    final long seq;
    final int kind;
    final SimEntity entity;
    final SimOrder order;
    final Object ref;
    final int arg;
    final int arg2;

    Step(
            long time,
            long seq,
            int kind,
            SimEntity entity,
            SimOrder order,
            Object ref,
            int arg,
            int arg2) {
        this.time = time;
        this.seq = seq;
        this.kind = kind;
        this.entity = entity;
        this.order = order;
        this.ref = ref;
        this.arg = arg;
        this.arg2 = arg2;
    }

    boolean before(Step other) {
        return time < other.time || (time == other.time && seq < other.seq);
    }
}
