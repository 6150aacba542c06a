package io.crosstrust.ingest.generator;

import java.time.Instant;
import java.util.List;

/**
 * The incidents of one kind for one entity.
 *
 * @param count how many happened
 * @param times when, in order; at most {@link #MAX_TIMES} (the first ones) are kept, so {@code
 *     count} may exceed {@code times.size()} in long runs
 */
public record IncidentLog(long count, List<Instant> times) {
    /** How many times are kept per entity and kind. */
    public static final int MAX_TIMES = 1000;

    /** Copies the list. */
    public IncidentLog {
        times = List.copyOf(times);
    }

    /** The first time, or null if none. */
    public Instant first() {
        return times.isEmpty() ? null : times.get(0);
    }
}
