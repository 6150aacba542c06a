package io.crosstrust.ingest.chain;

import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A block whose logs the listener committed, kept while it is within the reorg window: its hash (to
 * notice when the chain replaced it) and the events emitted from it (to retract them then).
 *
 * @param number block number
 * @param hash block hash when processed
 * @param parentHash parent hash when known (null when the listener state was written without it)
 * @param events the chain events emitted from this block, in log order
 */
public record ProcessedBlock(
        long number, String hash, String parentHash, List<ProcessedBlock.Emitted> events) {
    public ProcessedBlock {
        Objects.requireNonNull(hash, "hash");
        events = List.copyOf(events);
    }

    /**
     * One event as it went to Kafka.
     *
     * @param key the Kafka key
     * @param record the Avro chain event
     */
    public record Emitted(String key, SpecificRecord record) {
        public Emitted {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(record, "record");
        }
    }
}
