package io.crosstrust.ingest.generator;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event of a {@link TradeWorld}.
 *
 * @param sequence 0-based position in the world's sequence (a Flink source can checkpoint it and
 *     resume with {@link TradeWorld#skip(long)})
 * @param eventId the record's event_id (deterministic, unique)
 * @param eventTime the record's event_time
 * @param record the platform event (io.crosstrust.events.platform)
 * @param partitionKey Kafka key: the order id for order lifecycle events, the entity id for
 *     registrations
 */
public record GeneratedEvent(
        long sequence,
        String eventId,
        Instant eventTime,
        SpecificRecord record,
        String partitionKey) {
    /** Checks the fields. */
    public GeneratedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(partitionKey, "partitionKey");
    }

    /** The record's schema name, e.g. {@code OrderPlaced}. */
    public String type() {
        return record.getSchema().getName();
    }
}
