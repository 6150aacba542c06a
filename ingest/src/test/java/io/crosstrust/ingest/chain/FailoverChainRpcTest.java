package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverChainRpcTest {
    private final List<Duration> pauses = new ArrayList<>();
    private long nanos;

    private FailoverChainRpc failover(
            List<FakeChain> nodes, RetryPolicy policy, ChainListenerMetrics metrics) {
        return new FailoverChainRpc(
                nodes,
                policy,
                metrics,
                d -> {
                    pauses.add(d);
                    nanos += d.toNanos();
                },
                () -> nanos);
    }

    private static ChainRpcException down() {
        return new ChainRpcException(ChainRpcException.Kind.TRANSPORT, "connection refused");
    }

    @Test
    void retriesOnTheNextEndpointWithExponentialBackoffAndStaysThere() {
        FakeChain a = new FakeChain();
        FakeChain b = new FakeChain();
        b.mineEmpty(5);
        a.failNext(down());
        ChainListenerMetrics metrics = new ChainListenerMetrics();
        FailoverChainRpc rpc =
                failover(
                        List.of(a, b),
                        new RetryPolicy(
                                Duration.ofMillis(100),
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(1)),
                        metrics);
        assertThat(rpc.blockNumber()).isEqualTo(5); // answered by b
        assertThat(rpc.blockNumber()).isEqualTo(5); // still b
        assertThat(metrics.snapshot().retries()).isEqualTo(1);
        assertThat(pauses).containsExactly(Duration.ofMillis(100));

        b.failNext(down());
        a.failNext(down());
        b.failNext(down());
        assertThat(rpc.blockNumber()).isEqualTo(0); // b, a, b failed; a answers
        assertThat(pauses.subList(1, 4))
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(metrics.snapshot().retries()).isEqualTo(4);
    }

    @Test
    void ridesOutAnOutageWithinTheBudgetAndGivesUpAfterIt() {
        FakeChain node = new FakeChain();
        for (int i = 0; i < 12; i++) {
            node.failNext(down());
        }
        RetryPolicy policy =
                new RetryPolicy(
                        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30));
        FailoverChainRpc rpc = failover(List.of(node), policy, new ChainListenerMetrics());
        assertThat(rpc.chainId()).isEqualTo(31337);
        assertThat(pauses).hasSize(12);
        assertThat(pauses.get(11)).isEqualTo(Duration.ofSeconds(2)); // capped

        for (int i = 0; i < 100; i++) {
            node.failNext(down());
        }
        assertThatThrownBy(rpc::blockNumber)
                .isInstanceOf(ChainRpcException.class)
                .hasMessageContaining(
                        "eth_blockNumber failed on every endpoint for 31 s (18 retries)");
    }

    @Test
    void passesNonRetryableErrorsStraightThrough() {
        FakeChain node = new FakeChain();
        node.failNext(new ChainRpcException(ChainRpcException.Kind.RANGE_TOO_LARGE, "too big"));
        FailoverChainRpc rpc =
                failover(List.of(node), RetryPolicy.DEFAULT, new ChainListenerMetrics());
        assertThatThrownBy(rpc::blockNumber).hasMessage("too big");
        assertThat(pauses).isEmpty();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy p =
                new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ZERO);
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(20)))
                .containsExactly(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(300),
                        Duration.ofMillis(300));
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
