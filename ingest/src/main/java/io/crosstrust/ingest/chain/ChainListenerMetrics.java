package io.crosstrust.ingest.chain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one chain listener, safe to read from any thread ({@link #snapshot()}). Rates are
 * averages since the first processed block.
 */
public final class ChainListenerMetrics {
    private final AtomicLong head = new AtomicLong(-1);
    private final AtomicLong cursor = new AtomicLong(-1);
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong logs = new AtomicLong();
    private final AtomicLong retractions = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong reorgs = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong inconsistentReads = new AtomicLong();
    private final AtomicLong rangeShrinks = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong firstBlockNanos = new AtomicLong();
    private final AtomicLong lastBlockNanos = new AtomicLong();

    /**
     * A point-in-time copy.
     *
     * @param head newest block the node reported
     * @param cursor last block whose logs were committed
     * @param headLag head - cursor, in blocks (at least the confirmation depth when caught up)
     * @param blocks blocks processed (committed)
     * @param logs chain events emitted (decoded logs; retractions not included)
     * @param retractions retraction events emitted after reorgs
     * @param deadLetters malformed logs sent to the dead letters
     * @param reorgs reorgs that reached processed blocks
     * @param retries RPC calls retried (any endpoint)
     * @param inconsistentReads reads discarded because the node's view changed in between
     * @param rangeShrinks eth_getLogs ranges the node refused as too large
     * @param batches Kafka transactions committed
     * @param seconds time from the first to the last processed block
     * @param blocksPerSecond blocks / seconds
     * @param logsPerSecond logs / seconds
     */
    public record Snapshot(
            long head,
            long cursor,
            long headLag,
            long blocks,
            long logs,
            long retractions,
            long deadLetters,
            long reorgs,
            long retries,
            long inconsistentReads,
            long rangeShrinks,
            long batches,
            double seconds,
            double blocksPerSecond,
            double logsPerSecond) {}

    public Snapshot snapshot() {
        long h = head.get();
        long c = cursor.get();
        double seconds = Math.max(0, lastBlockNanos.get() - firstBlockNanos.get()) / 1e9;
        long b = blocks.get();
        long l = logs.get();
        return new Snapshot(
                h,
                c,
                h < 0 || c < 0 ? -1 : Math.max(0, h - c),
                b,
                l,
                retractions.get(),
                deadLetters.get(),
                reorgs.get(),
                retries.get(),
                inconsistentReads.get(),
                rangeShrinks.get(),
                batches.get(),
                seconds,
                seconds > 0 ? b / seconds : 0,
                seconds > 0 ? l / seconds : 0);
    }

    void head(long number) {
        head.set(number);
    }

    void committed(long cursorBlock, long blockCount, long logCount, long deadLetterCount) {
        long now = System.nanoTime();
        firstBlockNanos.compareAndSet(0, now);
        lastBlockNanos.set(now);
        cursor.set(cursorBlock);
        blocks.addAndGet(blockCount);
        logs.addAndGet(logCount);
        deadLetters.addAndGet(deadLetterCount);
        batches.incrementAndGet();
    }

    /** Marks the start of timing (the listener calls it before its first read). */
    void started() {
        firstBlockNanos.compareAndSet(0, System.nanoTime());
    }

    void reorg(long retracted, long cursorBlock) {
        reorgs.incrementAndGet();
        retractions.addAndGet(retracted);
        cursor.set(cursorBlock);
        batches.incrementAndGet();
    }

    void cursor(long cursorBlock) {
        cursor.set(cursorBlock);
    }

    void retry() {
        retries.incrementAndGet();
    }

    void inconsistentRead() {
        inconsistentReads.incrementAndGet();
    }

    void rangeShrink() {
        rangeShrinks.incrementAndGet();
    }
}
