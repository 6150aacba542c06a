package io.crosstrust.ingest.chain;

import java.util.List;
import java.util.Objects;

/**
 * One EVM log exactly as the node returned it, before decoding. Hex strings are 0x-prefixed and
 * lower-case.
 *
 * @param address emitting contract
 * @param topics topic 0 (the event signature hash) and the indexed arguments
 * @param data the ABI-encoded non-indexed arguments
 * @param blockNumber block the log is in
 * @param blockHash hash of that block (the fork the node saw)
 * @param txHash transaction that emitted it
 * @param logIndex index of the log in its block
 * @param blockTimestamp block timestamp in unix seconds when the node includes it in the log
 *     (anvil, recent geth and reth do), else null and the listener reads the header
 */
public record RawLog(
        String address,
        List<String> topics,
        String data,
        long blockNumber,
        String blockHash,
        String txHash,
        int logIndex,
        Long blockTimestamp) {
    public RawLog {
        Objects.requireNonNull(address, "address");
        topics = List.copyOf(topics);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(txHash, "txHash");
    }

    /** The same log with the block timestamp filled in. */
    public RawLog withBlockTimestamp(long seconds) {
        return new RawLog(address, topics, data, blockNumber, blockHash, txHash, logIndex, seconds);
    }
}
