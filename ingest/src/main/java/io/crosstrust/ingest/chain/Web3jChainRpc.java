package io.crosstrust.ingest.chain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * {@link ChainRpc} over one node's JSON-RPC through a web3j {@link Web3jService} (HTTP in
 * production, a stub in unit tests). Replies are read into small local types rather than web3j's
 * full block and log objects: the listener needs a handful of fields, and the lean types also keep
 * the {@code blockTimestamp} that current nodes put in logs.
 *
 * <p>Header requests go out as JSON-RPC batches of up to {@value #MAX_BATCH} calls. Errors are
 * classified into {@link ChainRpcException.Kind}s; this class never retries (see {@link
 * FailoverChainRpc}).
 */
public final class Web3jChainRpc implements ChainRpc {
    static final int MAX_BATCH = 200;

    private final Web3jService service;
    private final String endpoint;

    public Web3jChainRpc(Web3jService service, String endpoint) {
        this.service = service;
        this.endpoint = endpoint;
    }

    /** A client for an HTTP(S) JSON-RPC URL with the given connect/read timeout. */
    public static Web3jChainRpc http(String url, Duration timeout) {
        OkHttpClient client =
                new OkHttpClient.Builder()
                        .connectTimeout(timeout)
                        .readTimeout(timeout)
                        .writeTimeout(timeout)
                        .retryOnConnectionFailure(false)
                        .build();
        return new Web3jChainRpc(new HttpService(url, client, false), redact(url));
    }

    /** The URL without user info or query (which may carry API keys), for messages. */
    static String redact(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme()
                    + "://"
                    + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getPath() == null ? "" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return "(unparseable url)";
        }
    }

    @Override
    public long chainId() {
        return quantity("eth_chainId", send("eth_chainId", List.of(), QuantityResponse.class));
    }

    @Override
    public long blockNumber() {
        return quantity(
                "eth_blockNumber", send("eth_blockNumber", List.of(), QuantityResponse.class));
    }

    @Override
    public Map<Long, BlockHeader> headers(Collection<Long> numbers) {
        Map<Long, BlockHeader> headers = new LinkedHashMap<>();
        List<Long> all = new ArrayList<>(numbers);
        for (int start = 0; start < all.size(); start += MAX_BATCH) {
            List<Long> chunk = all.subList(start, Math.min(all.size(), start + MAX_BATCH));
            if (chunk.size() == 1) {
                HeaderJson json =
                        send(
                                "eth_getBlockByNumber",
                                List.of(hex(chunk.get(0)), false),
                                HeaderResponse.class);
                put(headers, chunk.get(0), json);
                continue;
            }
            BatchRequest batch = new BatchRequest(service);
            Map<Long, Long> numberById = new HashMap<>();
            for (long n : chunk) {
                Request<Object, HeaderResponse> request =
                        new Request<>(
                                "eth_getBlockByNumber",
                                List.of(hex(n), false),
                                service,
                                HeaderResponse.class);
                numberById.put(request.getId(), n);
                batch.add(request);
            }
            BatchResponse response;
            try {
                response = service.sendBatch(batch);
            } catch (IOException e) {
                throw transport("eth_getBlockByNumber (batch)", e);
            } catch (RuntimeException e) {
                throw new ChainRpcException(
                        ChainRpcException.Kind.BAD_REPLY,
                        endpoint + ": unreadable batch reply: " + e.getMessage(),
                        e);
            }
            if (response.getResponses().size() != chunk.size()) {
                throw new ChainRpcException(
                        ChainRpcException.Kind.BAD_REPLY,
                        endpoint
                                + ": batch of "
                                + chunk.size()
                                + " got "
                                + response.getResponses().size()
                                + " replies");
            }
            for (Response<?> r : response.getResponses()) {
                Long n = numberById.get(r.getId());
                if (n == null) {
                    throw new ChainRpcException(
                            ChainRpcException.Kind.BAD_REPLY,
                            endpoint + ": batch reply with unknown id " + r.getId());
                }
                check("eth_getBlockByNumber", r);
                put(headers, n, (HeaderJson) r.getResult());
            }
        }
        return headers;
    }

    private void put(Map<Long, BlockHeader> headers, long number, HeaderJson json) {
        if (json == null) {
            return; // the node does not have this block (yet)
        }
        if (json.hash == null || json.parentHash == null || json.timestamp == null) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY,
                    endpoint + ": header of block " + number + " lacks hash/parentHash/timestamp");
        }
        long got = quantity("eth_getBlockByNumber", json.number);
        if (got != number) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY,
                    endpoint + ": asked for block " + number + ", got " + got);
        }
        headers.put(
                number,
                new BlockHeader(
                        number,
                        lower(json.hash),
                        lower(json.parentHash),
                        quantity("eth_getBlockByNumber", json.timestamp)));
    }

    @Override
    public List<RawLog> logs(
            long fromBlock, long toBlock, List<String> addresses, List<String> topic0s) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", hex(fromBlock));
        filter.put("toBlock", hex(toBlock));
        filter.put("address", addresses);
        filter.put("topics", List.of(topic0s));
        List<LogJson> json = send("eth_getLogs", List.of(filter), LogsResponse.class);
        if (json == null) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY, endpoint + ": eth_getLogs returned null");
        }
        List<RawLog> logs = new ArrayList<>(json.size());
        for (LogJson l : json) {
            if (l.address == null
                    || l.topics == null
                    || l.blockHash == null
                    || l.transactionHash == null
                    || l.blockNumber == null
                    || l.logIndex == null) {
                throw new ChainRpcException(
                        ChainRpcException.Kind.BAD_REPLY,
                        endpoint + ": eth_getLogs returned a log without its position (pending?)");
            }
            List<String> topics = new ArrayList<>(l.topics.size());
            for (String t : l.topics) {
                topics.add(lower(t));
            }
            logs.add(
                    new RawLog(
                            lower(l.address),
                            topics,
                            l.data == null ? "0x" : lower(l.data),
                            quantity("eth_getLogs", l.blockNumber),
                            lower(l.blockHash),
                            lower(l.transactionHash),
                            Math.toIntExact(quantity("eth_getLogs", l.logIndex)),
                            l.blockTimestamp == null
                                    ? null
                                    : quantity("eth_getLogs", l.blockTimestamp)));
        }
        return logs;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing an HTTP client: nothing to recover
        }
    }

    private <T, R extends Response<T>> T send(String method, List<?> params, Class<R> type) {
        Request<?, R> request = new Request<>(method, params, service, type);
        R response;
        try {
            response = service.send(request, type);
        } catch (IOException e) {
            throw transport(method, e);
        } catch (RuntimeException e) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY,
                    endpoint + ": unreadable reply to " + method + ": " + e.getMessage(),
                    e);
        }
        if (response == null) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY, endpoint + ": no reply to " + method);
        }
        check(method, response);
        return response.getResult();
    }

    private ChainRpcException transport(String method, IOException e) {
        return new ChainRpcException(
                ChainRpcException.Kind.TRANSPORT, endpoint + ": " + method + " failed: " + e, e);
    }

    private void check(String method, Response<?> response) {
        if (!response.hasError()) {
            return;
        }
        Response.Error error = response.getError();
        String message = error.getMessage() == null ? "" : error.getMessage();
        throw new ChainRpcException(
                classify(method, error.getCode(), message),
                endpoint + ": " + method + " error " + error.getCode() + ": " + message);
    }

    /** Maps a JSON-RPC error to a kind; range limits differ by node, so the message is read too. */
    static ChainRpcException.Kind classify(String method, int code, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (code == 429 || m.contains("rate limit") || m.contains("rate-limit")) {
            return ChainRpcException.Kind.NODE_ERROR; // back off, do not shrink the range
        }
        if (method.equals("eth_getLogs")
                && (code == -32005
                        || m.contains("more than")
                        || m.contains("too many")
                        || m.contains("range")
                        || m.contains("limit")
                        || m.contains("exceed")
                        || m.contains("too large")
                        || m.contains("timeout")
                        || m.contains("timed out"))) {
            return ChainRpcException.Kind.RANGE_TOO_LARGE;
        }
        if (code == -32601 || code == -32602 || code == -32600) {
            return ChainRpcException.Kind.REJECTED;
        }
        return ChainRpcException.Kind.NODE_ERROR;
    }

    static String hex(long quantity) {
        return "0x" + Long.toHexString(quantity);
    }

    private long quantity(String method, String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() < 3 || hex.length() > 18) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY,
                    endpoint + ": " + method + " returned a bad quantity: " + hex);
        }
        try {
            return Long.parseLong(hex.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.BAD_REPLY,
                    endpoint + ": " + method + " returned a bad quantity: " + hex,
                    e);
        }
    }

    private static String lower(String hex) {
        return hex.toLowerCase(Locale.ROOT);
    }

    /** eth_chainId / eth_blockNumber reply. */
    public static final class QuantityResponse extends Response<String> {}

    /** eth_getBlockByNumber reply (null result: no such block). */
    public static final class HeaderResponse extends Response<HeaderJson> {}

    /** eth_getLogs reply. */
    public static final class LogsResponse extends Response<List<LogJson>> {}

    /** The header fields the listener reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class HeaderJson {
        public String number;
        public String hash;
        public String parentHash;
        public String timestamp;
    }

    /** A log as JSON-RPC returns it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class LogJson {
        public String address;
        public List<String> topics;
        public String data;
        public String blockNumber;
        public String blockHash;
        public String blockTimestamp;
        public String transactionHash;
        public String logIndex;
        public boolean removed;
    }
}
