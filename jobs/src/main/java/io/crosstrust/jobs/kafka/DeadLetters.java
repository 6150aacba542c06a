package io.crosstrust.jobs.kafka;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the dead-letter envelope: the raw bytes, where they came from, and why they failed. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter of(
            RawRecord raw,
            String stage,
            FailureKind failure,
            String reason,
            String eventIdHint,
            Instant now) {
        return DeadLetter.newBuilder()
                .setEventId(raw.position())
                .setFailedAt(now)
                .setStage(stage)
                .setFailure(failure)
                .setReason(reason == null ? failure.name() : reason)
                .setSourceTopic(raw.topic == null ? "" : raw.topic)
                .setSourcePartition(raw.partition)
                .setSourceOffset(raw.offset)
                .setSourceTimestamp(raw.timestamp >= 0 ? Instant.ofEpochMilli(raw.timestamp) : null)
                .setKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                .setValue(raw.value == null ? null : ByteBuffer.wrap(raw.value))
                .setEventIdHint(eventIdHint)
                .build();
    }
}
