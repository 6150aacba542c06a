package io.crosstrust.sinks.oracle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * An in-memory chain for the poster's unit tests: one sender, a mempool by nonce (a higher-paying
 * transaction replaces a pending one), blocks mined on demand, receipts by hash; transport failures
 * can be injected before or after a transaction reaches the pool.
 */
final class FakeOracleChain implements OracleChain {
    long chainId = 31337;
    long head = 100;
    long time = 1_800_000_000L;
    BigInteger baseFee = BigInteger.valueOf(1_000_000_000L);
    boolean updater = true;
    boolean autoMine = true;
    long minedNonce = 0;

    /** pending transactions by nonce: raw hex. */
    final TreeMap<Long, String> pool = new TreeMap<>();

    final Map<String, Receipt> receipts = new HashMap<>();
    final List<String> sent = new ArrayList<>();
    int failNextSendsBeforeDelivery;
    int failNextSendsAfterDelivery;
    int failNextReads;

    @Override
    public long chainId() {
        maybeFailRead();
        return chainId;
    }

    private void maybeFailRead() {
        if (failNextReads > 0) {
            failNextReads--;
            throw new OracleRpcException(OracleRpcException.Kind.TRANSPORT, "connection refused");
        }
    }

    @Override
    public long blockNumber() {
        maybeFailRead();
        return head;
    }

    @Override
    public Head head() {
        maybeFailRead();
        return new Head(head, time, baseFee);
    }

    @Override
    public BigInteger maxPriorityFeePerGas() {
        return BigInteger.valueOf(1_000_000_000L);
    }

    @Override
    public BigInteger gasPrice() {
        return baseFee;
    }

    @Override
    public BigInteger nonce(String address, boolean pending) {
        maybeFailRead();
        long n = minedNonce;
        if (pending) {
            while (pool.containsKey(n)) {
                n++;
            }
        }
        return BigInteger.valueOf(n);
    }

    @Override
    public String code(String address) {
        return "0x6080";
    }

    @Override
    public BigInteger estimateGas(String from, String to, String data) {
        maybeFailRead();
        return BigInteger.valueOf(100_000);
    }

    @Override
    public String call(String from, String to, String data) {
        maybeFailRead();
        if (data.startsWith(OracleRevert.selector("hasRole(bytes32,address)"))) {
            return FunctionEncoder.encodeConstructor(List.of(new Bool(updater)));
        }
        throw new IllegalStateException("unexpected call " + data.substring(0, 10));
    }

    @Override
    public String sendRawTransaction(String signedHex) {
        if (failNextSendsBeforeDelivery > 0) {
            failNextSendsBeforeDelivery--;
            throw new OracleRpcException(OracleRpcException.Kind.TRANSPORT, "connection refused");
        }
        sent.add(signedHex);
        String hash = Hash.sha3(signedHex);
        RawTransaction tx = TransactionDecoder.decode(signedHex);
        long nonce = tx.getNonce().longValueExact();
        if (receipts.containsKey(hash) || signedHex.equals(pool.get(nonce))) {
            throw new OracleRpcException(OracleRpcException.Kind.ALREADY_KNOWN, "already known");
        }
        if (nonce < minedNonce) {
            throw new OracleRpcException(OracleRpcException.Kind.NONCE_TOO_LOW, "nonce too low");
        }
        String old = pool.get(nonce);
        if (old != null
                && fee(old).compareTo(
                                        fee(signedHex)
                                                .multiply(BigInteger.TEN)
                                                .divide(BigInteger.valueOf(11)))
                        > 0) {
            throw new OracleRpcException(
                    OracleRpcException.Kind.UNDERPRICED, "replacement transaction underpriced");
        }
        pool.put(nonce, signedHex);
        if (autoMine) {
            mine();
        }
        if (failNextSendsAfterDelivery > 0) {
            failNextSendsAfterDelivery--;
            throw new OracleRpcException(OracleRpcException.Kind.TRANSPORT, "read timed out");
        }
        return hash;
    }

    static BigInteger fee(String hex) {
        RawTransaction tx = TransactionDecoder.decode(hex);
        return ((Transaction1559) tx.getTransaction()).getMaxFeePerGas();
    }

    /** Mines every consecutive pending transaction, one block each. */
    void mine() {
        while (pool.containsKey(minedNonce)) {
            String hex = pool.remove(minedNonce);
            head++;
            time += 2;
            String hash = Hash.sha3(hex);
            receipts.put(
                    hash,
                    new Receipt(
                            hash,
                            head,
                            "0xblock" + head,
                            true,
                            BigInteger.valueOf(90_000),
                            baseFee));
            minedNonce++;
        }
    }

    /** Another sender with the same key uses the next nonce. */
    void foreignTransaction() {
        pool.remove(minedNonce);
        minedNonce++;
        head++;
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
        maybeFailRead();
        return Optional.ofNullable(receipts.get(txHash));
    }

    @Override
    public void close() {}
}
