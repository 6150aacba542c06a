package io.crosstrust.sinks.oracle;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.MetricGroup;

/**
 * What the oracle sink did, as counters any thread may read: the writer registers them with Flink
 * ({@link #register}); tests and the CLI read {@link #snapshot()}.
 */
public final class OracleSinkMetrics {
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong skippedByPolicy = new AtomicLong();
    private final AtomicLong skippedStale = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong gasUsed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failedTransactions = new AtomicLong();
    private final AtomicLong rpcRetries = new AtomicLong();
    private final AtomicLong replacements = new AtomicLong();

    /**
     * @param received scores the sink was given
     * @param posted entity updates confirmed on-chain
     * @param skippedByPolicy scores held back by the policy (small move, heartbeat not due)
     * @param skippedStale scores whose version the chain already had (replays after a restart)
     * @param invalid scores that cannot be represented on-chain (unknown grade, bad model version)
     * @param transactions oracle transactions confirmed (successful or reverted)
     * @param gasUsed gas of the confirmed transactions
     * @param pending transactions sent and not yet confirmed
     * @param failedTransactions transactions that reverted on-chain (their entities are re-checked)
     * @param rpcRetries JSON-RPC calls retried after a transient failure
     * @param replacements stuck transactions re-sent with higher fees
     */
    public record Snapshot(
            long received,
            long posted,
            long skippedByPolicy,
            long skippedStale,
            long invalid,
            long transactions,
            long gasUsed,
            long pending,
            long failedTransactions,
            long rpcRetries,
            long replacements) {}

    public Snapshot snapshot() {
        return new Snapshot(
                received.get(),
                posted.get(),
                skippedByPolicy.get(),
                skippedStale.get(),
                invalid.get(),
                transactions.get(),
                gasUsed.get(),
                pending.get(),
                failedTransactions.get(),
                rpcRetries.get(),
                replacements.get());
    }

    /** Registers every counter as a gauge under the writer's metric group. */
    public void register(MetricGroup group) {
        MetricGroup g = group.addGroup("oracle");
        g.gauge("received", received::get);
        g.gauge("posted", posted::get);
        g.gauge("skippedByPolicy", skippedByPolicy::get);
        g.gauge("skippedStale", skippedStale::get);
        g.gauge("invalid", invalid::get);
        g.gauge("transactions", transactions::get);
        g.gauge("gasUsed", gasUsed::get);
        g.gauge("pending", pending::get);
        g.gauge("failedTransactions", failedTransactions::get);
        g.gauge("rpcRetries", rpcRetries::get);
        g.gauge("replacements", replacements::get);
    }

    void received() {
        received.incrementAndGet();
    }

    void posted(long n) {
        posted.addAndGet(n);
    }

    void skippedByPolicy() {
        skippedByPolicy.incrementAndGet();
    }

    void skippedStale(long n) {
        skippedStale.addAndGet(n);
    }

    void invalid() {
        invalid.incrementAndGet();
    }

    void confirmed(long gas, boolean success) {
        transactions.incrementAndGet();
        gasUsed.addAndGet(gas);
        if (!success) {
            failedTransactions.incrementAndGet();
        }
    }

    void pending(long n) {
        pending.set(n);
    }

    void rpcRetry() {
        rpcRetries.incrementAndGet();
    }

    void replaced() {
        replacements.incrementAndGet();
    }
}
