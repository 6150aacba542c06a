package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ClientTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A web3j client for a local development chain (anvil): its unlocked accounts send transactions
 * without keys in this process ({@code eth_sendTransaction}), and the anvil/evm methods control
 * mining, time and reorgs. For the embedded stack, the tests and the benchmarks, never for a real
 * network (that would need signed transactions and real gas pricing).
 */
public final class LocalChainClient implements AutoCloseable {
    /** Gas price and limit for every transaction: anvil's defaults are far below both. */
    public static final ContractGasProvider GAS =
            new StaticGasProvider(
                    BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(6_000_000));

    private final HttpService service;
    private final Web3j web3j;
    private final List<String> accounts;

    private LocalChainClient(String rpcUrl) {
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(60))
                        .build();
        this.service = new HttpService(rpcUrl, http, false);
        this.web3j = Web3j.build(service);
        this.accounts = List.copyOf(call("eth_accounts", List.of(), AccountsResponse.class));
    }

    public static LocalChainClient connect(String rpcUrl) {
        return new LocalChainClient(rpcUrl);
    }

    public Web3j web3j() {
        return web3j;
    }

    /** The node's unlocked development accounts (anvil: 10, each with 10,000 ETH). */
    public List<String> accounts() {
        return accounts;
    }

    /** Sends as {@code from} through the node and waits for receipts by polling every 10 ms. */
    public TransactionManager manager(String from) {
        return new ClientTransactionManager(
                web3j, from, new PollingTransactionReceiptProcessor(web3j, 10, 6_000));
    }

    /** Deploys the test stablecoin; {@code admin} may mint. */
    public TestStablecoin deployStablecoin(String admin) {
        try {
            return TestStablecoin.deploy(web3j, manager(admin), GAS, admin).send();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "deploying TestStablecoin failed: " + e.getMessage(), e);
        }
    }

    /** Deploys TradeEscrow with the given admin and arbiter and allows {@code token} in it. */
    public TradeEscrow deployEscrow(String admin, String arbiter, String token) {
        try {
            TradeEscrow escrow =
                    TradeEscrow.deploy(web3j, manager(admin), GAS, admin, arbiter).send();
            escrow.setTokenAllowed(token, true).send();
            return escrow;
        } catch (Exception e) {
            throw new IllegalStateException("deploying TradeEscrow failed: " + e.getMessage(), e);
        }
    }

    /** Deploys CreditOracle; {@code updater} and {@code pauser} may be null (no such role yet). */
    public CreditOracle deployOracle(String admin, String updater, String pauser) {
        String none = "0x0000000000000000000000000000000000000000";
        try {
            return CreditOracle.deploy(
                            web3j,
                            manager(admin),
                            GAS,
                            admin,
                            updater == null ? none : updater,
                            pauser == null ? none : pauser)
                    .send();
        } catch (Exception e) {
            throw new IllegalStateException("deploying CreditOracle failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a transaction without waiting for it to be mined; the node fills in the nonce.
     *
     * @return the transaction hash
     */
    public String send(String from, String to, String data, long gas) {
        return call(
                "eth_sendTransaction", List.of(request(from, to, data, gas)), StringResponse.class);
    }

    /** The revert data an {@code eth_call} returns (0x-hex), or null when the call succeeds. */
    public String revertData(String from, String to, String data) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("from", from);
        tx.put("to", to);
        tx.put("data", data);
        tx.put("gas", "0x" + GAS.getGasLimit().toString(16));
        StringResponse r = raw("eth_call", List.of(tx, "latest"), StringResponse.class);
        if (!r.hasError()) {
            return null;
        }
        String revert = r.getError().getData();
        if (revert == null) {
            throw new IllegalStateException(
                    "eth_call failed without revert data: " + r.getError().getMessage());
        }
        return revert.replace("\"", "");
    }

    public void setAutomine(boolean on) {
        call("evm_setAutomine", List.of(on), ObjectResponse.class);
    }

    /** Mines one block with whatever is pending. */
    public void mine() {
        call("evm_mine", List.of(), ObjectResponse.class);
    }

    /** Mines {@code blocks} blocks at once (anvil_mine). */
    public void mine(int blocks) {
        call("anvil_mine", List.of("0x" + Integer.toHexString(blocks)), ObjectResponse.class);
    }

    /** Mines until no transaction is pending; returns how many blocks that took. */
    public int mineUntilEmpty() {
        int blocks = 0;
        while (pending() > 0) {
            mine();
            blocks++;
        }
        return blocks;
    }

    /** Transactions waiting in the pool (pending + queued). */
    public long pending() {
        @SuppressWarnings("unchecked")
        Map<String, String> status = call("txpool_status", List.of(), MapResponse.class);
        return Long.decode(status.get("pending")) + Long.decode(status.get("queued"));
    }

    /**
     * Empties the transaction pool (anvil_dropAllTransactions): after a reorg, anvil may put the
     * transactions of the removed blocks back into the pool, to be mined again with the next block.
     */
    public void dropAllTransactions() {
        call("anvil_dropAllTransactions", List.of(), ObjectResponse.class);
    }

    /** Moves the chain's clock forward; the next block carries the new time. */
    public void increaseTime(long seconds) {
        call("evm_increaseTime", List.of(seconds), ObjectResponse.class);
    }

    /** Sets the timestamp of the next block (unix seconds, later than the newest block's). */
    public void setNextBlockTimestamp(long seconds) {
        call("evm_setNextBlockTimestamp", List.of(seconds), ObjectResponse.class);
    }

    /**
     * A transaction to put into a block of a reorg.
     *
     * @param transaction a JSON transaction request (a map with from/to/data/gas, from an unlocked
     *     account) or a raw signed transaction (0x-hex, e.g. from {@link #rawTransaction})
     * @param blockOffset which of the new blocks, 0 = the first replaced one
     */
    public record ReorgTransaction(Object transaction, int blockOffset) {}

    /**
     * Replaces the newest {@code depth} blocks by {@code depth} new ones (anvil_reorg) holding the
     * given transactions; the abandoned blocks' other transactions are dropped.
     */
    public void reorg(int depth, List<ReorgTransaction> transactions) {
        List<Object> pairs = new ArrayList<>();
        for (ReorgTransaction t : transactions) {
            pairs.add(List.of(t.transaction(), t.blockOffset()));
        }
        call("anvil_reorg", List.of(depth, pairs), ObjectResponse.class);
    }

    /** A mined transaction as raw signed bytes (0x-hex), to re-include it elsewhere. */
    public String rawTransaction(String txHash) {
        return call("eth_getRawTransactionByHash", List.of(txHash), StringResponse.class);
    }

    /** A transaction request from an unlocked account, for {@link #reorg}. */
    public static Map<String, Object> request(String from, String to, String data, long gas) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("from", from);
        tx.put("to", to);
        tx.put("data", data);
        tx.put("gas", "0x" + Long.toHexString(gas));
        tx.put("gasPrice", "0x" + GAS.getGasPrice().toString(16));
        return tx;
    }

    public long head() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Timestamp of the newest block, unix seconds: "now" on the chain's clock. */
    public long latestTimestamp() {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getTimestamp()
                    .longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The receipt of a mined transaction (throws if it is not mined). */
    public TransactionReceipt receipt(String txHash) {
        try {
            return web3j.ethGetTransactionReceipt(txHash)
                    .send()
                    .getTransactionReceipt()
                    .orElseThrow(() -> new IllegalStateException(txHash + " is not mined"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T, R extends Response<T>> T call(String method, List<?> params, Class<R> type) {
        R response = raw(method, params, type);
        if (response.hasError()) {
            throw new IllegalStateException(
                    method + " failed: " + response.getError().getMessage());
        }
        return response.getResult();
    }

    private <R extends Response<?>> R raw(String method, List<?> params, Class<R> type) {
        try {
            return new Request<>(method, params, service, type).send();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** A string result. */
    public static final class StringResponse extends Response<String> {}

    /** Any result. */
    public static final class ObjectResponse extends Response<Object> {}

    /** An object result. */
    @SuppressWarnings("rawtypes")
    public static final class MapResponse extends Response<Map> {}

    /** eth_accounts. */
    public static final class AccountsResponse extends Response<List<String>> {}
}
