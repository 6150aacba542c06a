package io.crosstrust.ingest.chain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the chain listener needs from an EVM node: the chain id, the head, block headers and logs.
 * The small seam between the listener and JSON-RPC (web3j's {@code Web3jService} pattern): {@link
 * Web3jChainRpc} talks to one node, {@link FailoverChainRpc} retries and fails over among several,
 * and unit tests answer from memory.
 *
 * <p>Every method throws {@link ChainRpcException} on failure; its kind says whether a retry can
 * help.
 */
public interface ChainRpc extends AutoCloseable {
    /** EIP-155 chain id ({@code eth_chainId}). */
    long chainId();

    /** Number of the newest block ({@code eth_blockNumber}). */
    long blockNumber();

    /**
     * Headers of the given blocks ({@code eth_getBlockByNumber}, batched). A block the node does
     * not have (yet) is absent from the map.
     */
    Map<Long, BlockHeader> headers(Collection<Long> numbers);

    /**
     * Logs of blocks {@code fromBlock..toBlock} (inclusive) emitted by any of {@code addresses}
     * with a first topic in {@code topic0s} ({@code eth_getLogs}), in chain order.
     *
     * @throws ChainRpcException of kind {@link ChainRpcException.Kind#RANGE_TOO_LARGE} when the
     *     node refuses the range or the result size: ask again with a smaller range
     */
    List<RawLog> logs(long fromBlock, long toBlock, List<String> addresses, List<String> topic0s);

    /** Where this talks to, for messages (no credentials). */
    String endpoint();

    @Override
    void close();
}
