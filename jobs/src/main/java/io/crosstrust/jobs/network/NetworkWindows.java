package io.crosstrust.jobs.network;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The event-time windows the network job computes, all aligned to the epoch (UTC midnight for
 * day-sized windows): one tumbling window of size T and optionally one sliding window of size S
 * advancing by D. Each window is the union of <b>panes</b> of size gcd(T, S, D): trades are added
 * once, to their pane's graph, and a window's graph is the merge of its panes when it fires, so a
 * 30-day window sliding by a day costs one graph update per trade (not 30) and 30 daily panes of
 * state (not 30 overlapping 30-day graphs).
 */
public final class NetworkWindows implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One kind of window: size, slide (= size when tumbling) and its name in NetworkMetrics. */
    public record Kind(String name, long sizeMs, long slideMs) implements Serializable {
        /** Ends of the windows of this kind that contain the pane [start, start + pane). */
        void endsContaining(long paneStart, long paneMs, List<Long> out) {
            long first = ceilDiv(paneStart + paneMs, slideMs) * slideMs;
            for (long end = first; end - sizeMs <= paneStart; end += slideMs) {
                out.add(end);
            }
        }
    }

    private final List<Kind> kinds;
    private final long paneMs;
    private final long retentionMs;

    /**
     * @param tumbling size of the tumbling window (> 0)
     * @param sliding size of the sliding window, or zero for none
     * @param slide how far the sliding window advances (> 0, at most its size; ignored without a
     *     sliding window)
     */
    public NetworkWindows(Duration tumbling, Duration sliding, Duration slide) {
        long t = positive(tumbling, "tumbling window");
        List<Kind> list = new ArrayList<>();
        list.add(new Kind("tumbling-" + name(t), t, t));
        long pane = t;
        long retention = t;
        if (!sliding.isZero()) {
            long s = positive(sliding, "sliding window");
            long d = positive(slide, "slide");
            if (d > s) {
                throw new IllegalArgumentException(
                        "slide " + slide + " is longer than the sliding window " + sliding);
            }
            String n = "sliding-" + name(s) + (d == 86_400_000L ? "" : "-by-" + name(d));
            list.add(new Kind(n, s, d));
            pane = gcd(pane, gcd(s, d));
            retention = Math.max(retention, s);
        }
        kinds = List.copyOf(list);
        paneMs = pane;
        retentionMs = retention;
    }

    /** The default: 1-day tumbling and 30-day sliding by a day. */
    public static NetworkWindows defaults() {
        return new NetworkWindows(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(1));
    }

    public List<Kind> kinds() {
        return kinds;
    }

    public long paneMs() {
        return paneMs;
    }

    /** The pane a timestamp falls in (its start). */
    public long paneStart(long timestamp) {
        return Math.floorDiv(timestamp, paneMs) * paneMs;
    }

    /** A pane is no longer needed once every window containing it has fired. */
    public boolean paneExpired(long paneStart, long firedEnd) {
        return paneStart + retentionMs <= firedEnd;
    }

    /** Ends of every window (all kinds) containing the pane, ascending, without repeats. */
    public List<Long> windowEnds(long paneStart) {
        List<Long> ends = new ArrayList<>();
        for (Kind k : kinds) {
            k.endsContaining(paneStart, paneMs, ends);
        }
        return ends.stream().distinct().sorted().toList();
    }

    static String name(long ms) {
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }

    private static long positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, got " + d);
        }
        return d.toMillis();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public String toString() {
        return "NetworkWindows" + kinds + ", pane " + name(paneMs);
    }
}
