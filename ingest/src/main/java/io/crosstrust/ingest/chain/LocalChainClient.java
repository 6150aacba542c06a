package io.crosstrust.ingest.chain;

import com.fasterxml.jackson.databind.JsonNode;
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
 *
 * <p>The batch methods ({@link #sendAll}, {@link #setBalances}, {@link #nonces}, {@link #receipts})
 * send one JSON-RPC batch per call through a lean client of their own: anvil answers the requests
 * of a batch concurrently, so the order in which a batch's transactions reach the pool is not the
 * list order. Transactions that must run in order either come from one sender with explicit nonces
 * or go into different blocks.
 */
public final class LocalChainClient implements AutoCloseable {
    /** Gas price and limit for every transaction: anvil's defaults are far below both. */
    public static final ContractGasProvider GAS =
            new StaticGasProvider(
                    BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(6_000_000));

    private final HttpService service;
    private final JsonRpcBatch rpc;
    private final Web3j web3j;
    private final List<String> accounts;

    private LocalChainClient(String rpcUrl) {
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(60))
                        .build();
        this.service = new HttpService(rpcUrl, http, false);
        this.rpc = new JsonRpcBatch(rpcUrl, Duration.ofSeconds(60));
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

    /**
     * Lets any address send transactions through {@code eth_sendTransaction} (anvil: {@code
     * anvil_autoImpersonateAccount}): the node signs nothing and no key exists anywhere.
     */
    public void autoImpersonate(boolean on) {
        call("anvil_autoImpersonateAccount", List.of(on), ObjectResponse.class);
    }

    /** Stops interval mining (anvil: {@code evm_setIntervalMining 0}); blocks come from mine(). */
    public void stopIntervalMining() {
        call("evm_setIntervalMining", List.of(0), ObjectResponse.class);
    }

    /** Mines one block with the given timestamp (unix seconds, later than the newest block's). */
    public void mineAt(long timestamp) {
        rpc.call("evm_mine", List.of(timestamp));
    }

    /** Sets the ether balance (wei) of each address, in one JSON-RPC batch (anvil_setBalance). */
    public void setBalances(List<String> addresses, BigInteger wei) {
        List<JsonRpcBatch.Call> calls = new ArrayList<>();
        for (String a : addresses) {
            calls.add(
                    new JsonRpcBatch.Call("anvil_setBalance", List.of(a, "0x" + wei.toString(16))));
        }
        for (JsonNode r : rpc.send(calls)) {
            if (JsonRpcBatch.error(r) != null) {
                throw new IllegalStateException(
                        "anvil_setBalance failed: " + JsonRpcBatch.error(r));
            }
        }
    }

    /** The outcome of one transaction of {@link #sendAll}: its hash, or the node's error. */
    public record Sent(String txHash, String error) {}

    /**
     * Sends transactions ({@link #request} maps, with or without a nonce) in one JSON-RPC batch
     * without waiting for them to be mined.
     *
     * @return per transaction, in list order, the hash or the error the node answered
     */
    public List<Sent> sendAll(List<Map<String, Object>> transactions) {
        List<JsonRpcBatch.Call> calls = new ArrayList<>();
        for (Map<String, Object> tx : transactions) {
            calls.add(new JsonRpcBatch.Call("eth_sendTransaction", List.of(tx)));
        }
        List<Sent> out = new ArrayList<>();
        for (JsonNode r : rpc.send(calls)) {
            String error = JsonRpcBatch.error(r);
            out.add(
                    error != null
                            ? new Sent(null, error)
                            : new Sent(r.get("result").asText(), null));
        }
        return out;
    }

    /** The outcome of one mined transaction. */
    public record Mined(String txHash, boolean success, long gasUsed) {}

    /** The receipt of each transaction, or null for one not mined (one JSON-RPC batch). */
    public Map<String, Mined> receipts(List<String> txHashes) {
        List<JsonRpcBatch.Call> calls = new ArrayList<>();
        for (String h : txHashes) {
            calls.add(new JsonRpcBatch.Call("eth_getTransactionReceipt", List.of(h)));
        }
        List<JsonNode> answers = rpc.send(calls);
        Map<String, Mined> out = new LinkedHashMap<>();
        for (int i = 0; i < txHashes.size(); i++) {
            JsonNode r = answers.get(i);
            if (JsonRpcBatch.error(r) != null) {
                throw new IllegalStateException(
                        "eth_getTransactionReceipt failed: " + JsonRpcBatch.error(r));
            }
            JsonNode receipt = r.get("result");
            out.put(
                    txHashes.get(i),
                    receipt == null || receipt.isNull()
                            ? null
                            : new Mined(
                                    receipt.path("transactionHash").asText(),
                                    "0x1".equals(receipt.path("status").asText()),
                                    Long.decode(receipt.path("gasUsed").asText())));
        }
        return out;
    }

    /** A log reduced to what identifies its transaction and event. */
    public record LogRef(String txHash, long block, String topic0) {}

    /** The logs of the given contracts in blocks {@code from..to} (one eth_getLogs). */
    public List<LogRef> logs(long from, long to, List<String> addresses) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", "0x" + Long.toHexString(from));
        filter.put("toBlock", "0x" + Long.toHexString(to));
        filter.put("address", addresses);
        JsonNode result = rpc.call("eth_getLogs", List.of(filter));
        List<LogRef> out = new ArrayList<>();
        for (JsonNode log : result) {
            JsonNode topics = log.path("topics");
            out.add(
                    new LogRef(
                            log.path("transactionHash").asText(),
                            Long.decode(log.path("blockNumber").asText()),
                            topics.size() > 0 ? topics.get(0).asText() : null));
        }
        return out;
    }

    /** The next nonce of an address, counting transactions still in the pool. */
    public long nonce(String address) {
        return nonces(List.of(address)).get(address);
    }

    /** The next nonce of each address, counting transactions in the pool (one JSON-RPC batch). */
    public Map<String, Long> nonces(List<String> addresses) {
        List<JsonRpcBatch.Call> calls = new ArrayList<>();
        for (String a : addresses) {
            calls.add(new JsonRpcBatch.Call("eth_getTransactionCount", List.of(a, "pending")));
        }
        List<JsonNode> answers = rpc.send(calls);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            JsonNode r = answers.get(i);
            if (JsonRpcBatch.error(r) != null) {
                throw new IllegalStateException(
                        "eth_getTransactionCount failed: " + JsonRpcBatch.error(r));
            }
            out.put(addresses.get(i), Long.decode(r.get("result").asText()));
        }
        return out;
    }

    /** A transaction request with an explicit nonce and gas price, for {@link #sendAll}. */
    public static Map<String, Object> request(
            String from, String to, String data, long gas, long nonce, BigInteger gasPrice) {
        Map<String, Object> tx = request(from, to, data, gas);
        tx.put("nonce", "0x" + Long.toHexString(nonce));
        tx.put("gasPrice", "0x" + gasPrice.toString(16));
        return tx;
    }

    public long head() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gas limit of the newest block. */
    public long blockGasLimit() {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getGasLimit()
                    .longValueExact();
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
