package io.crosstrust.jobs.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through map that throws once, after at least {@code afterRecords} records went through it
 * and a checkpoint completed, so the job must restart from that checkpoint. The trigger is static:
 * the MiniCluster runs in the test's JVM, and a restarted task must not fail again.
 *
 * <p>Once the record count is reached and no checkpoint has completed yet, every record is held
 * back a few milliseconds. On a fast machine the whole input could otherwise pass before the first
 * checkpoint, and the failure would never be injected; the pause lets barriers and the completion
 * notice through between records.
 */
public final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong SEEN = new AtomicLong();
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

    private static final long HOLD_MILLIS = 5;

    private final long afterRecords;

    public FailOnceAfterCheckpoint(long afterRecords) {
        this.afterRecords = afterRecords;
    }

    /** Arms the trigger for a new test. */
    public static void reset() {
        FAILED.set(false);
        SEEN.set(0);
        CHECKPOINTED.set(false);
    }

    @Override
    public T map(T value) throws InterruptedException {
        if (SEEN.incrementAndGet() < afterRecords || FAILED.get()) {
            return value;
        }
        if (!CHECKPOINTED.get()) {
            Thread.sleep(HOLD_MILLIS);
        } else if (FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected task failure (test)");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
