package io.crosstrust.jobs.scoring;

/**
 * Per-entity bookkeeping of the scoring function beside the model's feature state: what was last
 * published (to decide whether a new score differs enough), when, the pending wake-up timer, and
 * where the entity lives. A Flink POJO kept in keyed state.
 */
public class ScoreState {
    public static final long NONE = Long.MIN_VALUE;

    /** score_version of the last published score (0 = none yet). */
    public long version;

    public double composite = Double.NaN;
    public double pd = Double.NaN;
    public String grade;
    public String topReason;

    /** Content hash of the model that produced the last published score. */
    public String modelHash;

    public long lastPublishedMillis = NONE;

    public long lastEventMillis = NONE;
    public String lastEventId;
    public long timerMillis = NONE;

    /** Earliest due time of an open instalment, {@link Long#MAX_VALUE} when none. */
    public long earliestDueMillis = Long.MAX_VALUE;

    /** Earliest order time of an order awaiting shipment, {@link Long#MAX_VALUE} when none. */
    public long earliestAwaitingMillis = Long.MAX_VALUE;

    public String region;
    public String chainAddress;

    public ScoreState() {}
}
