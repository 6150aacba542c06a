package io.crosstrust.ingest.chain;

import java.util.Objects;

/**
 * The part of a block header the listener tracks: enough to chain blocks by parent hash and to
 * timestamp their logs.
 *
 * @param number block number
 * @param hash 0x-prefixed lower-case block hash
 * @param parentHash 0x-prefixed lower-case hash of the parent block
 * @param timestamp block timestamp, unix seconds
 */
public record BlockHeader(long number, String hash, String parentHash, long timestamp) {
    public BlockHeader {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(parentHash, "parentHash");
    }
}
