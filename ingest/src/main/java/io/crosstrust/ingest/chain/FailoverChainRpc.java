package io.crosstrust.ingest.chain;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChainRpc} over several nodes (JSON-RPC URLs) of the same chain: a call that fails with a
 * retryable error ({@link ChainRpcException#retryable()}) is retried on the next node after a
 * backoff ({@link RetryPolicy}), round robin, until it succeeds or the policy gives up. Calls stay
 * on the node that last answered, so one healthy node serves every call while it lasts.
 *
 * <p>Non-retryable errors (a range too large, a rejected request) pass straight through. Nodes may
 * lag each other by a few blocks: the listener treats a missing block as "not there yet". Safe for
 * the two threads a listener uses (its own and its read-ahead): either may move on to the next
 * endpoint.
 */
public final class FailoverChainRpc implements ChainRpc {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverChainRpc.class);

    /** Pauses between retries; tests pass one that records instead of sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final List<ChainRpc> nodes;
    private final RetryPolicy policy;
    private final ChainListenerMetrics metrics;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;
    private volatile int current; // shared by the listener thread and its read-ahead threads

    public FailoverChainRpc(
            List<? extends ChainRpc> nodes, RetryPolicy policy, ChainListenerMetrics metrics) {
        this(nodes, policy, metrics, Sleeper.REAL, System::nanoTime);
    }

    FailoverChainRpc(
            List<? extends ChainRpc> nodes,
            RetryPolicy policy,
            ChainListenerMetrics metrics,
            Sleeper sleeper,
            LongSupplier nanoClock) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC endpoint is needed");
        }
        this.nodes = List.copyOf(nodes);
        this.policy = policy;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    @Override
    public long chainId() {
        return call("eth_chainId", ChainRpc::chainId);
    }

    @Override
    public long blockNumber() {
        return call("eth_blockNumber", ChainRpc::blockNumber);
    }

    @Override
    public Map<Long, BlockHeader> headers(Collection<Long> numbers) {
        return call("eth_getBlockByNumber", n -> n.headers(numbers));
    }

    @Override
    public List<RawLog> logs(
            long fromBlock, long toBlock, List<String> addresses, List<String> topic0s) {
        return call("eth_getLogs", n -> n.logs(fromBlock, toBlock, addresses, topic0s));
    }

    private <T> T call(String method, Function<ChainRpc, T> body) {
        long firstFailure = 0;
        int retry = 0;
        while (true) {
            ChainRpc node = nodes.get(current);
            try {
                return body.apply(node);
            } catch (ChainRpcException e) {
                if (!e.retryable()) {
                    throw e;
                }
                long now = nanoClock.getAsLong();
                if (retry == 0) {
                    firstFailure = now;
                }
                Duration failingFor = Duration.ofNanos(now - firstFailure);
                if (failingFor.compareTo(policy.giveUpAfter()) >= 0) {
                    throw new ChainRpcException(
                            e.kind(),
                            method
                                    + " failed on every endpoint for "
                                    + failingFor.toSeconds()
                                    + " s ("
                                    + retry
                                    + " retries); last: "
                                    + e.getMessage(),
                            e);
                }
                retry++;
                metrics.retry();
                current = (current + 1) % nodes.size();
                Duration pause = policy.backoff(retry);
                if (retry == 1 || retry % 10 == 0) {
                    LOG.warn(
                            "{} (retry {} in {} ms on {})",
                            e.getMessage(),
                            retry,
                            pause.toMillis(),
                            nodes.get(current).endpoint());
                }
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ChainRpcException(
                            ChainRpcException.Kind.TRANSPORT, "interrupted while retrying", e);
                }
            }
        }
    }

    @Override
    public String endpoint() {
        return nodes.get(current).endpoint();
    }

    @Override
    public void close() {
        nodes.forEach(ChainRpc::close);
    }
}
