package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.WarningType;

/**
 * The warning gate's memory of one entity, per warning type: whether a warning is active (raised,
 * not cleared), its severity, when it was last raised (event time) and how many warnings of the
 * type the entity got (the id sequence). A Flink POJO kept in keyed state.
 */
public class GateState {
    private static final int TYPES = WarningType.values().length;

    public boolean[] active = new boolean[TYPES];
    public int[] severity = new int[TYPES];
    public long[] lastRaisedMillis = filled(Long.MIN_VALUE);
    public long[] sequence = new long[TYPES];
    public String region;
    public long lastMillis = Long.MIN_VALUE;
    public long timerMillis = Long.MIN_VALUE;
    public long suppressed;

    public GateState() {}

    private static long[] filled(long v) {
        long[] a = new long[TYPES];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
