package io.crosstrust.ingest.chain;

import org.apache.avro.specific.SpecificRecord;

/** What {@link ChainLogDecoder} made of one raw log. */
public sealed interface DecodedLog {
    /**
     * A chain event, ready for chain.events.
     *
     * @param key Kafka key: the order id for escrow events, the token address for transfers
     * @param record the Avro chain event (io.crosstrust.events.chain.*)
     */
    record Event(String key, SpecificRecord record) implements DecodedLog {}

    /** A log of a tracked contract and event that does not decode: goes to the dead letters. */
    record Malformed(String reason) implements DecodedLog {}

    /** A log this listener does not track (e.g. an escrow event signature from a token address). */
    record Ignored(String why) implements DecodedLog {}
}
