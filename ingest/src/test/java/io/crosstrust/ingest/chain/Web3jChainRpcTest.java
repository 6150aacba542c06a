package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reactivex.Flowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.websocket.events.Notification;

/** Web3jChainRpc against stubbed JSON-RPC replies (no node). */
class Web3jChainRpcTest {
    private static final ObjectMapper MAPPER = ObjectMapperFactory.getObjectMapper();

    /** Answers each request with the JSON "result" or "error" the function returns for it. */
    static final class StubService implements Web3jService {
        final Function<Request<?, ?>, String> answer;
        final List<Request<?, ?>> requests = new ArrayList<>();
        int batches;
        IOException failWith;

        StubService(Function<Request<?, ?>, String> answer) {
            this.answer = answer;
        }

        private <T extends Response> T reply(Request<?, ?> request, Class<T> type)
                throws IOException {
            requests.add(request);
            if (failWith != null) {
                throw failWith;
            }
            String body = answer.apply(request);
            String json = "{\"jsonrpc\":\"2.0\",\"id\":" + request.getId() + "," + body + "}";
            return MAPPER.readValue(json, type);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public <T extends Response> T send(Request request, Class<T> responseType)
                throws IOException {
            return reply(request, responseType);
        }

        @Override
        @SuppressWarnings("unchecked")
        public BatchResponse sendBatch(BatchRequest batch) throws IOException {
            batches++;
            List<Response<?>> responses = new ArrayList<>();
            for (Request<?, ? extends Response<?>> r : batch.getRequests()) {
                responses.add(reply(r, r.getResponseType()));
            }
            java.util.Collections.reverse(responses); // replies may come in any order
            return new BatchResponse(batch.getRequests(), responses);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public <T extends Response> CompletableFuture<T> sendAsync(
                Request request, Class<T> responseType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public <T extends Notification<?>> Flowable<T> subscribe(
                Request request, String unsubscribeMethod, Class<T> responseType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    private static String header(long n) {
        return String.format(
                "\"result\":{\"number\":\"0x%x\",\"hash\":\"0x%064X\",\"parentHash\":\"0x%064x\","
                        + "\"timestamp\":\"0x%x\",\"miner\":\"0x0\",\"transactions\":[]}",
                n, n + 1, n, 1_700_000_000L + n);
    }

    @Test
    void readsChainIdHeadAndBatchedHeaders() {
        StubService stub =
                new StubService(
                        r ->
                                switch (r.getMethod()) {
                                    case "eth_chainId" -> "\"result\":\"0x7a69\"";
                                    case "eth_blockNumber" -> "\"result\":\"0x10\"";
                                    case "eth_getBlockByNumber" -> {
                                        String tag = (String) r.getParams().get(0);
                                        long n = Long.decode(tag);
                                        yield n > 0x10 ? "\"result\":null" : header(n);
                                    }
                                    default -> throw new AssertionError(r.getMethod());
                                });
        Web3jChainRpc rpc = new Web3jChainRpc(stub, "stub");
        assertThat(rpc.chainId()).isEqualTo(31337);
        assertThat(rpc.blockNumber()).isEqualTo(16);
        Map<Long, BlockHeader> headers = rpc.headers(List.of(15L, 16L, 17L));
        assertThat(stub.batches).isEqualTo(1);
        assertThat(headers).containsOnlyKeys(15L, 16L);
        BlockHeader h = headers.get(16L);
        assertThat(h.hash()).isEqualTo(String.format("0x%064x", 17)); // lower-cased
        assertThat(h.parentHash()).isEqualTo(String.format("0x%064x", 16));
        assertThat(h.timestamp()).isEqualTo(1_700_000_016L);
        assertThat(List.<Object>copyOf(stub.requests.get(2).getParams()))
                .containsExactly("0xf", false);

        List<Long> many = new ArrayList<>();
        for (long n = 0; n < 450; n++) {
            many.add(n % 17);
        }
        rpc.headers(many);
        assertThat(stub.batches).isEqualTo(1 + 3); // at most 200 calls per batch
    }

    @Test
    void readsLogsWithTheirPositionAndTimestampAndSendsTheFilter() {
        String log =
                "{\"address\":\"0xABCDEF0000000000000000000000000000000001\","
                        + "\"topics\":[\"0xDDF252AD1BE2C89B69C2B068FC378DAA952BA7F163C4A11628F55A4DF523B3EF\"],"
                        + "\"data\":\"0x01\",\"blockNumber\":\"0x2\",\"blockHash\":\"0xAA\","
                        + "\"blockTimestamp\":\"0x6b00df89\",\"transactionHash\":\"0xBB\","
                        + "\"transactionIndex\":\"0x0\",\"logIndex\":\"0x3\",\"removed\":false}";
        String noTimestamp = log.replace("\"blockTimestamp\":\"0x6b00df89\",", "");
        StubService stub = new StubService(r -> "\"result\":[" + log + "," + noTimestamp + "]");
        Web3jChainRpc rpc = new Web3jChainRpc(stub, "stub");
        List<RawLog> logs =
                rpc.logs(1, 9, List.of("0xabc"), List.of(ChainLogDecoder.TRANSFER_TOPIC));
        assertThat(logs).hasSize(2);
        RawLog first = logs.get(0);
        assertThat(first.address()).isEqualTo("0xabcdef0000000000000000000000000000000001");
        assertThat(first.topics()).containsExactly(ChainLogDecoder.TRANSFER_TOPIC);
        assertThat(first.blockNumber()).isEqualTo(2);
        assertThat(first.blockHash()).isEqualTo("0xaa");
        assertThat(first.txHash()).isEqualTo("0xbb");
        assertThat(first.logIndex()).isEqualTo(3);
        assertThat(first.blockTimestamp()).isEqualTo(0x6b00df89L);
        assertThat(logs.get(1).blockTimestamp()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = (Map<String, Object>) stub.requests.get(0).getParams().get(0);
        assertThat(filter)
                .containsEntry("fromBlock", "0x1")
                .containsEntry("toBlock", "0x9")
                .containsEntry("address", List.of("0xabc"))
                .containsEntry("topics", List.of(List.of(ChainLogDecoder.TRANSFER_TOPIC)));
    }

    @Test
    void classifiesFailures() {
        StubService tooMany =
                new StubService(
                        r ->
                                "\"error\":{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}");
        assertThatThrownBy(
                        () -> new Web3jChainRpc(tooMany, "stub").logs(1, 2, List.of(), List.of()))
                .isInstanceOfSatisfying(
                        ChainRpcException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(ChainRpcException.Kind.RANGE_TOO_LARGE));
        assertThat(
                        Web3jChainRpc.classify(
                                "eth_getLogs",
                                -32000,
                                "Requested range exceeds maximum RPC range limit"))
                .isEqualTo(ChainRpcException.Kind.RANGE_TOO_LARGE);
        assertThat(Web3jChainRpc.classify("eth_getLogs", 429, "rate limit exceeded"))
                .isEqualTo(ChainRpcException.Kind.NODE_ERROR);
        assertThat(Web3jChainRpc.classify("eth_blockNumber", -32602, "invalid params"))
                .isEqualTo(ChainRpcException.Kind.REJECTED);
        assertThat(Web3jChainRpc.classify("eth_blockNumber", -32000, "header not found"))
                .isEqualTo(ChainRpcException.Kind.NODE_ERROR);

        StubService down = new StubService(r -> "");
        down.failWith = new java.net.ConnectException("Connection refused");
        assertThatThrownBy(() -> new Web3jChainRpc(down, "stub").blockNumber())
                .isInstanceOfSatisfying(
                        ChainRpcException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(ChainRpcException.Kind.TRANSPORT);
                            assertThat(e.retryable()).isTrue();
                        });

        StubService garbage = new StubService(r -> "\"result\":\"twelve\"");
        assertThatThrownBy(() -> new Web3jChainRpc(garbage, "stub").blockNumber())
                .isInstanceOfSatisfying(
                        ChainRpcException.class,
                        e -> assertThat(e.kind()).isEqualTo(ChainRpcException.Kind.BAD_REPLY));
    }

    @Test
    void messagesNeverCarryCredentialsFromTheUrl() {
        assertThat(Web3jChainRpc.redact("https://user:secret@node.example:8545/v3/abc?key=KEY"))
                .isEqualTo("https://node.example:8545/v3/abc");
    }
}
