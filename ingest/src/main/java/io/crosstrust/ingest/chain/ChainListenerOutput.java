package io.crosstrust.ingest.chain;

/**
 * Where a chain listener's batches go, and where its state comes back from on restart. An
 * implementation must commit each batch atomically (all of its events, dead letters and state, or
 * nothing) and {@link #recover()} exactly the state of the last committed batch: that pairing is
 * the whole no-gap, no-duplicate guarantee. {@link KafkaChainListenerOutput} does it with one Kafka
 * transaction per batch.
 */
public interface ChainListenerOutput extends AutoCloseable {
    /**
     * Fences any earlier instance of this listener (a zombie must not commit after us) and returns
     * the state of the last committed batch, or an empty state.
     */
    ListenerState recover();

    /** Commits one batch atomically; throws if it could not, in which case nothing is visible. */
    void commit(ListenerBatch batch);

    @Override
    void close();
}
