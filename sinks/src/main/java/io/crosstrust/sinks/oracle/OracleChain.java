package io.crosstrust.sinks.oracle;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The JSON-RPC calls the oracle poster makes, behind a small seam (STYLE #7): {@link
 * Web3jOracleChain} talks to a node over HTTP; tests wrap it to inject outages and crashes. Every
 * method throws {@link OracleRpcException} and nothing else; its kind says whether a retry can
 * help.
 */
public interface OracleChain extends AutoCloseable {
    long chainId();

    long blockNumber();

    /** The newest block's number, time (unix seconds) and base fee (null before London). */
    Head head();

    /** eth_maxPriorityFeePerGas; OracleRpcException when the node does not offer it. */
    BigInteger maxPriorityFeePerGas();

    /** eth_gasPrice, for chains without a base fee. */
    BigInteger gasPrice();

    /** eth_getTransactionCount at "pending" (true) or "latest" (false). */
    BigInteger nonce(String address, boolean pending);

    /** eth_getCode at latest: "0x" when no contract lives there. */
    String code(String address);

    /** eth_estimateGas; REVERTED with the revert data when the call would revert. */
    BigInteger estimateGas(String from, String to, String data);

    /** eth_call at latest; REVERTED with the revert data when it reverts. */
    String call(String from, String to, String data);

    /**
     * eth_sendRawTransaction; the kinds NONCE_TOO_LOW, ALREADY_KNOWN and UNDERPRICED tell the
     * poster what the node thinks of the transaction.
     */
    String sendRawTransaction(String signedHex);

    Optional<Receipt> receipt(String txHash);

    @Override
    void close();

    /** The chain head. */
    record Head(long number, long timestamp, BigInteger baseFeePerGas) {}

    /** What the poster needs of a receipt. */
    record Receipt(
            String txHash,
            long blockNumber,
            String blockHash,
            boolean success,
            BigInteger gasUsed,
            BigInteger effectiveGasPrice) {}
}
