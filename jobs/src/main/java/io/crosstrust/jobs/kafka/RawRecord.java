package io.crosstrust.jobs.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record as it arrived, undecoded: the source emits these so that a value that fails to
 * decode still reaches the dead-letter topic whole, with where it came from. A Flink POJO.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** topic/partition/offset: unique per record, the dead letter's id. */
    public String position() {
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp
                && Objects.equals(topic, r.topic)
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawRecord{" + position() + ", " + (value == null ? 0 : value.length) + " bytes}";
    }
}
