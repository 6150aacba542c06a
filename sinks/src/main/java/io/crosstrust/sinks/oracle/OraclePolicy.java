package io.crosstrust.sinks.oracle;

import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.io.Serializable;
import java.time.Duration;

/**
 * When an entity's new score goes on-chain, judged against what the chain holds (deviation +
 * heartbeat, as price oracles do):
 *
 * <ul>
 *   <li>{@link Decision#STALE}: the chain already has this version or a newer one: never posted (at
 *       most one on-chain update per entity and version, across restarts);
 *   <li>{@link Decision#NEW}: the entity has no record yet;
 *   <li>{@link Decision#GRADE}: the grade changed;
 *   <li>{@link Decision#MODEL}: the model version changed;
 *   <li>{@link Decision#DEVIATION}: the score moved at least {@code scoreThreshold} points;
 *   <li>{@link Decision#HEARTBEAT}: the record is at least {@code heartbeat} old (chain time);
 *   <li>{@link Decision#HOLD}: none of these: kept as the entity's latest unposted score, and
 *       posted once its heartbeat falls due (checked at every checkpoint) or a later score moves
 *       enough.
 * </ul>
 */
public record OraclePolicy(int scoreThreshold, Duration heartbeat) implements Serializable {
    /** What to do with a new score. */
    public enum Decision {
        STALE(false),
        NEW(true),
        GRADE(true),
        MODEL(true),
        DEVIATION(true),
        HEARTBEAT(true),
        HOLD(false);

        private final boolean post;

        Decision(boolean post) {
            this.post = post;
        }

        public boolean post() {
            return post;
        }
    }

    public OraclePolicy {
        if (scoreThreshold < 1) {
            throw new IllegalArgumentException(
                    "scoreThreshold must be >= 1 point, got " + scoreThreshold);
        }
        if (heartbeat == null || heartbeat.toSeconds() < 1) {
            throw new IllegalArgumentException("heartbeat must be at least 1 s, got " + heartbeat);
        }
    }

    /**
     * @param onChain the entity's record as the chain holds it (or as this sink last posted it)
     * @param chainTime the newest block's time, unix seconds
     */
    public Decision decide(OracleRecord onChain, OracleEntry candidate, long chainTime) {
        if (candidate.version() <= onChain.version()) {
            return Decision.STALE;
        }
        if (!onChain.exists()) {
            return Decision.NEW;
        }
        if (candidate.grade() != onChain.grade()) {
            return Decision.GRADE;
        }
        if (candidate.modelVersion() != onChain.modelVersion()) {
            return Decision.MODEL;
        }
        if (Math.abs(candidate.score() - onChain.score()) >= scoreThreshold) {
            return Decision.DEVIATION;
        }
        return heartbeatDue(onChain, chainTime) ? Decision.HEARTBEAT : Decision.HOLD;
    }

    /** True when the record exists and is at least {@code heartbeat} old at {@code chainTime}. */
    public boolean heartbeatDue(OracleRecord onChain, long chainTime) {
        return onChain.exists() && chainTime - onChain.updatedAt() >= heartbeat.toSeconds();
    }
}
