package io.crosstrust.jobs.scoring;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The scoring function's tunables, read once from {@link ScoringOptions}.
 *
 * @param emitEpsilon publish a new score when the composite moved at least this many points (the
 *     grade, the top reason or the model changing always publishes)
 * @param heartbeatMillis publish the current score (as of then, decayed) at least this often per
 *     entity, in event time
 * @param heartbeatIdleMillis stop the heartbeats of an entity this long after its last event (its
 *     next event publishes again)
 * @param inactivityMillis forget an entity with no event for this long, in event time
 * @param overdue when pending payments and shipments start to count (see {@link
 *     EntityCreditState#scoringView})
 */
public record ScoringSettings(
        double emitEpsilon,
        long heartbeatMillis,
        long heartbeatIdleMillis,
        long inactivityMillis,
        OverdueThresholds overdue)
        implements Serializable {

    public ScoringSettings {
        if (!(emitEpsilon >= 0)) {
            throw new IllegalArgumentException("emit epsilon must be >= 0, got " + emitEpsilon);
        }
        if (heartbeatMillis <= 0 || heartbeatIdleMillis < 0 || inactivityMillis <= 0) {
            throw new IllegalArgumentException(
                    "heartbeat and inactivity must be > 0, the idle limit >= 0");
        }
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(
                ScoringOptions.EMIT_EPSILON.defaultValue(),
                ScoringOptions.HEARTBEAT_INTERVAL.defaultValue().toMillis(),
                ScoringOptions.HEARTBEAT_IDLE_LIMIT.defaultValue().toMillis(),
                ScoringOptions.INACTIVITY_TTL.defaultValue().toMillis(),
                OverdueThresholds.DEFAULT);
    }

    public static ScoringSettings of(ReadableConfig conf) {
        return new ScoringSettings(
                conf.get(ScoringOptions.EMIT_EPSILON),
                conf.get(ScoringOptions.HEARTBEAT_INTERVAL).toMillis(),
                conf.get(ScoringOptions.HEARTBEAT_IDLE_LIMIT).toMillis(),
                conf.get(ScoringOptions.INACTIVITY_TTL).toMillis(),
                OverdueThresholds.of(
                        conf.get(ScoringOptions.PAYMENT_OVERDUE_AFTER),
                        conf.get(ScoringOptions.SHIP_WITHIN)));
    }

    public ScoringSettings withHeartbeat(Duration interval) {
        return new ScoringSettings(
                emitEpsilon, interval.toMillis(), heartbeatIdleMillis, inactivityMillis, overdue);
    }

    public ScoringSettings withInactivity(Duration ttl) {
        return new ScoringSettings(
                emitEpsilon, heartbeatMillis, heartbeatIdleMillis, ttl.toMillis(), overdue);
    }

    public ScoringSettings withHeartbeatIdleLimit(Duration limit) {
        return new ScoringSettings(
                emitEpsilon, heartbeatMillis, limit.toMillis(), inactivityMillis, overdue);
    }

    /** No heartbeats at all (tests that compare runs: heartbeats depend on watermark timing). */
    public ScoringSettings withoutHeartbeats() {
        return new ScoringSettings(emitEpsilon, Long.MAX_VALUE / 4, 0, inactivityMillis, overdue);
    }

    public ScoringSettings withEpsilon(double points) {
        return new ScoringSettings(
                points, heartbeatMillis, heartbeatIdleMillis, inactivityMillis, overdue);
    }
}
