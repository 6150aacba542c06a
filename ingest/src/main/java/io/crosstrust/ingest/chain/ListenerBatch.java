package io.crosstrust.ingest.chain;

import io.crosstrust.events.ops.DeadLetter;
import java.util.List;
import java.util.Objects;

/**
 * Everything one listener step commits, atomically: the chain events (and retractions), the dead
 * letters, and the new state (cursor, window blocks added and dropped). A {@link
 * ChainListenerOutput} writes all of it or none of it, which is what makes restarts gap- and
 * duplicate-free.
 *
 * @param events chain events and retractions, in emission order
 * @param deadLetters malformed logs
 * @param cursor the cursor after this batch
 * @param addedBlocks blocks entering the reorg window
 * @param droppedBlocks block numbers leaving it (pruned, or removed by a reorg)
 */
public record ListenerBatch(
        List<ProcessedBlock.Emitted> events,
        List<DeadLetter> deadLetters,
        ListenerCursor cursor,
        List<ProcessedBlock> addedBlocks,
        List<Long> droppedBlocks) {
    public ListenerBatch {
        events = List.copyOf(events);
        deadLetters = List.copyOf(deadLetters);
        Objects.requireNonNull(cursor, "cursor");
        addedBlocks = List.copyOf(addedBlocks);
        droppedBlocks = List.copyOf(droppedBlocks);
    }
}
