package io.crosstrust.ingest.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ChainListenerOutput} in memory: keeps every committed batch and the state they add up
 * to; can fail the next commit (a crash before the commit: nothing of that batch is kept).
 */
final class InMemoryOutput implements ChainListenerOutput {
    final List<ListenerBatch> committed = new ArrayList<>();
    private ListenerCursor cursor;
    private final java.util.TreeMap<Long, ProcessedBlock> window = new java.util.TreeMap<>();
    int failCommitAfter = -1;

    @Override
    public ListenerState recover() {
        return new ListenerState(cursor, new ArrayList<>(window.values()));
    }

    @Override
    public void commit(ListenerBatch batch) {
        if (failCommitAfter == 0) {
            failCommitAfter = -1;
            throw new IllegalStateException("simulated crash before commit");
        }
        if (failCommitAfter > 0) {
            failCommitAfter--;
        }
        committed.add(batch);
        batch.droppedBlocks().forEach(window::remove);
        batch.addedBlocks().forEach(b -> window.put(b.number(), b));
        cursor = batch.cursor();
    }

    /** Every event committed, in order. */
    List<ProcessedBlock.Emitted> events() {
        List<ProcessedBlock.Emitted> all = new ArrayList<>();
        committed.forEach(b -> all.addAll(b.events()));
        return all;
    }

    List<io.crosstrust.events.ops.DeadLetter> deadLetters() {
        List<io.crosstrust.events.ops.DeadLetter> all = new ArrayList<>();
        committed.forEach(b -> all.addAll(b.deadLetters()));
        return all;
    }

    @Override
    public void close() {}
}
