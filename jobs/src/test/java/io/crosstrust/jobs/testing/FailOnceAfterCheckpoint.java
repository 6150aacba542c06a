package io.crosstrust.jobs.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through map that throws once, after at least {@code afterRecords} records went through it
 * and a checkpoint completed, so the job must restart from that checkpoint. The trigger is static:
 * the MiniCluster runs in the test's JVM, and a restarted task must not fail again.
 */
public final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong SEEN = new AtomicLong();
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

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
    public T map(T value) {
        if (SEEN.incrementAndGet() >= afterRecords
                && CHECKPOINTED.get()
                && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected task failure (test)");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
