package io.crosstrust.ingest.chain;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a listener knows after its last committed batch: the cursor (null before the first batch)
 * and the reorg window, the processed blocks above {@code cursor - reorgWindow} by number.
 */
public final class ListenerState {
    private ListenerCursor cursor;
    private final TreeMap<Long, ProcessedBlock> window = new TreeMap<>();

    public ListenerState(ListenerCursor cursor, Iterable<ProcessedBlock> blocks) {
        this.cursor = cursor;
        for (ProcessedBlock b : blocks) {
            window.put(b.number(), b);
        }
    }

    public static ListenerState empty() {
        return new ListenerState(null, java.util.List.of());
    }

    public ListenerCursor cursor() {
        return cursor;
    }

    public NavigableMap<Long, ProcessedBlock> window() {
        return Collections.unmodifiableNavigableMap(window);
    }

    /** Applies a committed batch. */
    public void apply(ListenerBatch batch) {
        batch.droppedBlocks().forEach(window::remove);
        batch.addedBlocks().forEach(b -> window.put(b.number(), b));
        cursor = batch.cursor();
    }
}
