package io.crosstrust.jobs.warnings;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A per-day series over the last {@code length} days (UTC days of event time), summed or maximised
 * per day; older days fall off as newer ones arrive. Fixed size, no allocation after construction.
 * Days before the window are ignored (an event that late no longer matters to a window rule).
 */
final class DaySeries {
    enum Mode {
        SUM,
        MAX
    }

    static final long DAY_MS = 86_400_000L;
    private static final long NONE = Long.MIN_VALUE;

    private final Mode mode;
    private final double[] values;
    private long lastDay = NONE;

    DaySeries(int length, Mode mode) {
        this.values = new double[length];
        this.mode = mode;
        clearValues();
    }

    static long dayOf(long millis) {
        return Math.floorDiv(millis, DAY_MS);
    }

    int length() {
        return values.length;
    }

    boolean isEmpty() {
        return lastDay == NONE;
    }

    long lastDay() {
        return lastDay;
    }

    void add(long millis, double x) {
        long day = dayOf(millis);
        advance(day);
        if (day <= lastDay - values.length) {
            return;
        }
        int i = slot(day);
        values[i] = mode == Mode.SUM ? values[i] + x : Math.max(values[i], x);
    }

    /** Moves the window's end to {@code day} (days in between are empty). */
    void advance(long day) {
        if (lastDay == NONE) {
            lastDay = day;
            return;
        }
        if (day <= lastDay) {
            return;
        }
        long gap = day - lastDay;
        if (gap >= values.length) {
            clearValues();
        } else {
            for (long d = lastDay + 1; d <= day; d++) {
                values[slot(d)] = empty();
            }
        }
        lastDay = day;
    }

    /** Sum (or max) over days [fromDay, toDay], clipped to the window. */
    double over(long fromDay, long toDay) {
        double acc = mode == Mode.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
        if (lastDay == NONE) {
            return acc;
        }
        long lo = Math.max(fromDay, lastDay - values.length + 1);
        long hi = Math.min(toDay, lastDay);
        for (long d = lo; d <= hi; d++) {
            double v = values[slot(d)];
            acc = mode == Mode.SUM ? acc + v : Math.max(acc, v);
        }
        return acc;
    }

    private int slot(long day) {
        return (int) Math.floorMod(day, (long) values.length);
    }

    private double empty() {
        return mode == Mode.SUM ? 0.0 : Double.NEGATIVE_INFINITY;
    }

    private void clearValues() {
        java.util.Arrays.fill(values, empty());
    }

    /** Sparse: the days that hold something, as (days before the last day, value). */
    void write(DataOutputStream out) throws IOException {
        out.writeLong(lastDay);
        if (lastDay == NONE) {
            return;
        }
        double empty = empty();
        int n = 0;
        for (double v : values) {
            if (v != empty) {
                n++;
            }
        }
        out.writeShort(n);
        for (int back = 0; back < values.length; back++) {
            double v = values[slot(lastDay - back)];
            if (v != empty) {
                out.writeShort(back);
                out.writeDouble(v);
            }
        }
    }

    void read(DataInputStream in) throws IOException {
        lastDay = in.readLong();
        clearValues();
        if (lastDay == NONE) {
            return;
        }
        int n = in.readUnsignedShort();
        for (int k = 0; k < n; k++) {
            int back = in.readUnsignedShort();
            values[slot(lastDay - back)] = in.readDouble();
        }
    }
}
