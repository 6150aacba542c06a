package io.crosstrust.sinks.oracle;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oracle sink's writer: turns each {@link CreditScore} into an {@link OracleEntry}, keeps the
 * newest per entity, judges it with the {@link OraclePolicy} against the entity's on-chain record
 * (read from the chain the first time the entity is seen, then tracked as this writer posts), and
 * hands the entities to post to the {@link OraclePoster} in batches of {@code batchSize}.
 *
 * <ul>
 *   <li>{@code write}: once {@code batchSize} entities are waiting, they are judged and full
 *       batches are sent (not awaited). An entity already decided and waiting for a full batch is
 *       not judged again: its newer score takes the waiting one's place.
 *   <li>{@code flush} (before every checkpoint barrier, at end of input): every waiting entity is
 *       judged, held scores whose heartbeat is due join, the rest is sent, and the flush returns
 *       only when every transaction is confirmed; entities of a reverted transaction are re-read
 *       and judged again. So a completed checkpoint means everything before it is on-chain or held.
 *   <li>state: the held scores only ({@link OracleWriterState}).
 * </ul>
 *
 * Memory: one on-chain record (~150 bytes) per entity seen since the start, plus the held scores.
 */
final class OracleSinkWriter implements StatefulSinkWriter<CreditScore, OracleWriterState> {
    private static final Logger LOG = LoggerFactory.getLogger(OracleSinkWriter.class);
    private static final int MAX_FLUSH_ROUNDS = 5;

    private final OraclePoster poster;
    private final OraclePolicy policy;
    private final int batchSize;
    private final OracleSinkMetrics metrics;
    private final Map<ByteBuffer, OracleEntry> incoming = new LinkedHashMap<>();
    private final Map<ByteBuffer, OracleEntry> held = new HashMap<>();
    private final Map<ByteBuffer, OracleRecord> known = new HashMap<>();
    private final LinkedHashMap<ByteBuffer, OracleEntry> toPost = new LinkedHashMap<>();

    OracleSinkWriter(
            OraclePoster poster,
            OraclePolicy policy,
            int batchSize,
            OracleSinkMetrics metrics,
            Collection<OracleWriterState> restored)
            throws InterruptedException {
        this.poster = poster;
        this.policy = policy;
        this.batchSize = batchSize;
        this.metrics = metrics;
        for (OracleWriterState state : restored) {
            for (OracleEntry e : state.held()) {
                held.merge(key(e), e, OracleSinkWriter::newer);
            }
        }
        poster.start();
        if (!held.isEmpty()) {
            LOG.info("oracle writer restored {} held scores", held.size());
        }
    }

    private static ByteBuffer key(OracleEntry e) {
        return ByteBuffer.wrap(e.entity());
    }

    private static OracleEntry newer(OracleEntry a, OracleEntry b) {
        return b.version() > a.version() ? b : a;
    }

    OracleSinkMetrics metrics() {
        return metrics;
    }

    @Override
    public void write(CreditScore score, Context context) throws IOException, InterruptedException {
        metrics.received();
        OracleEntry entry;
        try {
            entry = OracleEntry.of(score);
        } catch (IllegalArgumentException e) {
            metrics.invalid();
            LOG.warn(
                    "credit score {} of entity {} cannot go on-chain and is skipped: {}",
                    score.getEventId(),
                    score.getEntityId(),
                    e.getMessage());
            return;
        }
        incoming.merge(key(entry), entry, OracleSinkWriter::newer);
        if (incoming.size() >= batchSize) {
            decideAndSend(false);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        for (int round = 1; ; round++) {
            decideAndSend(true);
            poster.awaitConfirmed();
            List<OracleEntry> failed = poster.takeFailed();
            if (failed.isEmpty()) {
                return;
            }
            if (round >= MAX_FLUSH_ROUNDS) {
                throw new OracleSinkException(
                        "oracle transactions kept reverting on-chain ("
                                + failed.size()
                                + " entities in the last round of "
                                + round
                                + ")");
            }
            requeue(failed);
        }
    }

    private void requeue(List<OracleEntry> failed) {
        for (OracleEntry e : failed) {
            known.remove(key(e)); // read it from the chain again
            incoming.merge(key(e), e, OracleSinkWriter::newer);
        }
    }

    /**
     * Judges the waiting entities and sends full batches; with {@code all}, also the due heartbeats
     * and the last partial batch.
     */
    private void decideAndSend(boolean all) throws InterruptedException {
        poster.poll();
        requeue(poster.takeFailed());
        Set<ByteBuffer> unknown = new HashSet<>();
        for (ByteBuffer k : incoming.keySet()) {
            if (!known.containsKey(k)) {
                unknown.add(k);
            }
        }
        if (all) {
            for (ByteBuffer k : held.keySet()) {
                if (!known.containsKey(k)) {
                    unknown.add(k);
                }
            }
        }
        if (incoming.isEmpty() && toPost.isEmpty() && (!all || held.isEmpty())) {
            return;
        }
        if (!unknown.isEmpty()) {
            known.putAll(poster.read(unknown));
        }
        long now = poster.chainTime();
        for (Map.Entry<ByteBuffer, OracleEntry> in : incoming.entrySet()) {
            ByteBuffer k = in.getKey();
            OracleEntry e = in.getValue();
            if (toPost.containsKey(k)) {
                // decided before and waiting for a full batch: it goes with its newest score.
                // Judged against the older record still on-chain, a score that moved back
                // towards it would be held and the one about to be sent would stay.
                OracleEntry h = held.remove(k);
                toPost.merge(k, h != null ? newer(e, h) : e, OracleSinkWriter::newer);
                continue;
            }
            OracleRecord onChain = known.get(k);
            OraclePolicy.Decision d = policy.decide(onChain, e, now);
            if (d.post()) {
                // a newer score held back earlier (scores of one entity may arrive out of version
                // order) goes instead: dropping it would leave the chain on an older score
                OracleEntry h = held.remove(k);
                toPost.merge(k, h != null ? newer(e, h) : e, OracleSinkWriter::newer);
            } else if (d == OraclePolicy.Decision.HOLD) {
                held.merge(k, e, OracleSinkWriter::newer);
                metrics.skippedByPolicy();
            } else {
                metrics.skippedStale(1);
                OracleEntry h = held.get(k);
                if (h != null && h.version() <= onChain.version()) {
                    held.remove(k);
                }
            }
        }
        incoming.clear();
        if (all) {
            for (Iterator<Map.Entry<ByteBuffer, OracleEntry>> it = held.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<ByteBuffer, OracleEntry> h = it.next();
                OracleRecord onChain = known.get(h.getKey());
                if (h.getValue().version() <= onChain.version()) {
                    it.remove(); // someone (an earlier run) posted it or a newer one
                } else if (policy.heartbeatDue(onChain, now)) {
                    toPost.merge(h.getKey(), h.getValue(), OracleSinkWriter::newer);
                    it.remove();
                }
            }
        }
        while (toPost.size() >= batchSize || (all && !toPost.isEmpty())) {
            List<OracleEntry> batch = new ArrayList<>(Math.min(batchSize, toPost.size()));
            for (Iterator<OracleEntry> it = toPost.values().iterator();
                    it.hasNext() && batch.size() < batchSize; ) {
                batch.add(it.next());
                it.remove();
            }
            List<OracleEntry> stale = poster.post(batch);
            Set<ByteBuffer> staleKeys = new HashSet<>();
            for (OracleEntry e : stale) {
                staleKeys.add(key(e));
                known.remove(key(e));
            }
            metrics.skippedStale(stale.size());
            for (OracleEntry e : batch) {
                if (!staleKeys.contains(key(e))) {
                    known.put(key(e), OracleRecord.of(e, now));
                }
            }
        }
    }

    @Override
    public List<OracleWriterState> snapshotState(long checkpointId) {
        return List.of(new OracleWriterState(new ArrayList<>(held.values())));
    }

    /** Scores held back by the policy, by entity. */
    int held() {
        return held.size();
    }

    @Override
    public void close() {
        if (!incoming.isEmpty() || !toPost.isEmpty() || poster.pending() > 0) {
            LOG.warn(
                    "closing the oracle writer with {} scores not judged, {} not sent and {} transactions"
                            + " not confirmed (replayed from the last checkpoint and checked against the"
                            + " chain on restart)",
                    incoming.size(),
                    toPost.size(),
                    poster.pending());
        }
        poster.close();
    }
}
