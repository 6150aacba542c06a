package io.crosstrust.sinks.oracle;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * {@link OracleChain} over one node's HTTP JSON-RPC endpoint with web3j. Transport failures and
 * HTTP 5xx/429 are TRANSPORT/NODE_ERROR (retryable); reverts carry their revert data; the send
 * errors nodes report in words (geth/anvil/Besu: nonce too low, already known / known transaction,
 * replacement underpriced) get their own kinds.
 */
public final class Web3jOracleChain implements OracleChain {
    private final String url;
    private final Web3j web3j;

    private Web3jOracleChain(String url, Duration timeout) {
        this.url = url;
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(timeout)
                        .readTimeout(timeout)
                        .writeTimeout(timeout)
                        .build();
        this.web3j = Web3j.build(new HttpService(url, http, false));
    }

    public static Web3jOracleChain http(String url, Duration timeout) {
        return new Web3jOracleChain(url, timeout);
    }

    @Override
    public long chainId() {
        return send("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
    }

    @Override
    public long blockNumber() {
        return send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    @Override
    public Head head() {
        EthBlock.Block b =
                send(
                                "eth_getBlockByNumber",
                                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
                        .getBlock();
        if (b == null) {
            throw new OracleRpcException(
                    OracleRpcException.Kind.NODE_ERROR, url + ": no latest block");
        }
        String baseFee = b.getBaseFeePerGasRaw();
        return new Head(
                b.getNumber().longValueExact(),
                b.getTimestamp().longValueExact(),
                baseFee == null ? null : Numeric.decodeQuantity(baseFee));
    }

    @Override
    public BigInteger maxPriorityFeePerGas() {
        return send("eth_maxPriorityFeePerGas", web3j.ethMaxPriorityFeePerGas())
                .getMaxPriorityFeePerGas();
    }

    @Override
    public BigInteger gasPrice() {
        return send("eth_gasPrice", web3j.ethGasPrice()).getGasPrice();
    }

    @Override
    public BigInteger nonce(String address, boolean pending) {
        return send(
                        "eth_getTransactionCount",
                        web3j.ethGetTransactionCount(
                                address,
                                pending
                                        ? DefaultBlockParameterName.PENDING
                                        : DefaultBlockParameterName.LATEST))
                .getTransactionCount();
    }

    @Override
    public String code(String address) {
        return send("eth_getCode", web3j.ethGetCode(address, DefaultBlockParameterName.LATEST))
                .getCode();
    }

    @Override
    public BigInteger estimateGas(String from, String to, String data) {
        return send(
                        "eth_estimateGas",
                        web3j.ethEstimateGas(Transaction.createEthCallTransaction(from, to, data)))
                .getAmountUsed();
    }

    @Override
    public String call(String from, String to, String data) {
        return send(
                        "eth_call",
                        web3j.ethCall(
                                Transaction.createEthCallTransaction(from, to, data),
                                DefaultBlockParameterName.LATEST))
                .getValue();
    }

    @Override
    public String sendRawTransaction(String signedHex) {
        return send("eth_sendRawTransaction", web3j.ethSendRawTransaction(signedHex))
                .getTransactionHash();
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
        Optional<TransactionReceipt> r =
                send("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash))
                        .getTransactionReceipt();
        return r.map(
                t ->
                        new Receipt(
                                t.getTransactionHash(),
                                t.getBlockNumber().longValueExact(),
                                t.getBlockHash(),
                                t.isStatusOK(),
                                t.getGasUsed(),
                                t.getEffectiveGasPrice() == null
                                        ? null
                                        : Numeric.decodeQuantity(t.getEffectiveGasPrice())));
    }

    private <R extends Response<?>> R send(String method, Request<?, R> request) {
        R response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new OracleRpcException(
                    OracleRpcException.Kind.TRANSPORT,
                    method + " to " + url + " failed: " + e,
                    null,
                    e);
        } catch (ClientConnectionException e) {
            // HTTP status other than 2xx: web3j puts the status line into the message
            String m = String.valueOf(e.getMessage());
            boolean busy = m.contains(" 5") || m.contains("429");
            throw new OracleRpcException(
                    busy ? OracleRpcException.Kind.NODE_ERROR : OracleRpcException.Kind.REJECTED,
                    method + " to " + url + " failed: " + m,
                    null,
                    e);
        } catch (RuntimeException e) {
            throw new OracleRpcException(
                    OracleRpcException.Kind.NODE_ERROR,
                    method + " to " + url + " failed: " + e,
                    null,
                    e);
        }
        if (response.hasError()) {
            Response.Error error = response.getError();
            String data = error.getData() == null ? null : error.getData().replace("\"", "");
            throw new OracleRpcException(
                    classify(method, error.getCode(), String.valueOf(error.getMessage()), data),
                    method
                            + " to "
                            + url
                            + ": "
                            + error.getMessage()
                            + " (code "
                            + error.getCode()
                            + ")",
                    data,
                    null);
        }
        return response;
    }

    static OracleRpcException.Kind classify(String method, int code, String message, String data) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("revert") || (code == 3 && data != null)) {
            return OracleRpcException.Kind.REVERTED;
        }
        if (m.contains("nonce too low") || m.contains("nonce_too_low")) {
            return OracleRpcException.Kind.NONCE_TOO_LOW;
        }
        if (m.contains("already known")
                || m.contains("known transaction")
                || m.contains("already imported")
                || m.contains("already exists")) {
            return OracleRpcException.Kind.ALREADY_KNOWN;
        }
        if (m.contains("underpriced")) {
            return OracleRpcException.Kind.UNDERPRICED;
        }
        if (code == -32602 || code == -32601 || method.equals("eth_sendRawTransaction")) {
            return OracleRpcException.Kind.REJECTED; // invalid params / unknown method / refused tx
        }
        return OracleRpcException.Kind.NODE_ERROR;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
