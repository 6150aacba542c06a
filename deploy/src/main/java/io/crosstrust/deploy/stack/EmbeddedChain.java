package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.ChainListener;
import io.crosstrust.ingest.chain.ChainListenerMetrics;
import io.crosstrust.ingest.chain.ChainListenerOptions;
import io.crosstrust.ingest.chain.ListenerCursor;
import io.crosstrust.ingest.chain.escrow.EscrowExecutor;
import io.crosstrust.ingest.generator.GeneratedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chain side of the embedded stack, in this JVM: the escrow executor trading the world's
 * escrow-settled orders on the stack's anvil (fed the world by the platform feed's tap, one block
 * per second of wall time), and the chain listener reading the escrow contract into chain.events
 * with {@code confirmations} blocks of depth (the local chain never reorganises; the listener still
 * checks). Inactive (every method a no-op) when the stack's chain is external: only a local anvil
 * lets the executor trade from the world's addresses and set block times.
 */
public final class EmbeddedChain implements AutoCloseable {
    /** The listener's id: its transactional id and state keys in chain.listener.state. */
    public static final String LISTENER_ID = "crosstrust-run";

    private final LocalStack stack;
    private final EscrowExecutor executor;
    private final ChainListener listener;
    private final Thread thread;
    private final AtomicReference<Throwable> listenerError = new AtomicReference<>();

    private EmbeddedChain(LocalStack stack, EscrowExecutor executor, ChainListener listener) {
        this.stack = stack;
        this.executor = executor;
        this.listener = listener;
        if (listener == null) {
            this.thread = null;
            return;
        }
        this.thread =
                new Thread(
                        () -> {
                            try {
                                listener.run();
                            } catch (RuntimeException e) {
                                listenerError.set(e);
                            }
                        },
                        "chain-listener-" + LISTENER_ID);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts the executor and the listener on a stack started for a world; else inactive. */
    public static EmbeddedChain start(LocalStack stack, int confirmations) {
        if (stack.escrow() == null) {
            return new EmbeddedChain(stack, null, null);
        }
        ChainListenerOptions options =
                ChainListenerOptions.builder()
                        .listenerId(LISTENER_ID)
                        .rpcUrl(stack.rpcUrl())
                        .expectedChainId(AnvilNode.CHAIN_ID)
                        .escrowContracts(List.of(stack.escrow().escrow()))
                        .confirmations(confirmations)
                        .pollInterval(Duration.ofMillis(250))
                        .build();
        EscrowExecutor executor =
                EscrowExecutor.start(
                        stack.chain(),
                        stack.escrow(),
                        EscrowExecutor.Options.builder()
                                .minBlockInterval(Duration.ofSeconds(1))
                                .build());
        try {
            return new EmbeddedChain(
                    stack, executor, ChainListener.create(options, stack.bootstrapServers()));
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    public boolean active() {
        return executor != null;
    }

    /** Hands the world's next event to the executor (the feed's tap); may wait (back-pressure). */
    public void offer(GeneratedEvent event) throws InterruptedException {
        if (executor != null) {
            executor.offer(event);
        }
    }

    /** What stopped the executor or the listener, or null while both run. */
    public String failure() {
        if (executor == null) {
            return null;
        }
        String e = executor.snapshot().error();
        if (e != null) {
            return "the escrow executor stopped: " + e;
        }
        Throwable t = listenerError.get();
        return t == null ? null : "the chain listener stopped: " + t.getMessage();
    }

    /**
     * Stops trading (what is planned is mined), mines the confirmation depth on top, and waits
     * until the listener has read every block.
     *
     * @return whether the listener got there within the timeout
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        if (executor == null) {
            return true;
        }
        executor.close();
        long head = stack.chain().head();
        long target = head;
        ListenerCursor cursor = listener.cursor();
        long deadline = System.nanoTime() + timeout.toNanos();
        int mined = 0;
        while (System.nanoTime() < deadline && failure() == null) {
            cursor = listener.cursor();
            if (cursor != null && cursor.number() >= target) {
                return true;
            }
            if (mined < 64) {
                // confirmations for the last blocks: nobody else mines now (at the chain's own
                // time, not the wall clock's)
                stack.chain().mineAt(stack.chain().latestTimestamp() + 1);
                mined++;
            }
            Thread.sleep(100);
        }
        return cursor != null && cursor.number() >= target;
    }

    /** The executor's figures, or null when inactive. */
    public EscrowExecutor.Snapshot executor() {
        return executor == null ? null : executor.snapshot();
    }

    /** The listener's figures, or null when inactive. */
    public ChainListenerMetrics.Snapshot listener() {
        return listener == null ? null : listener.metrics().snapshot();
    }

    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.close();
        listener.stop();
        try {
            thread.join(5_000);
            if (thread.isAlive()) {
                // on Ctrl-C anvil may be gone already: cut the listener's retries short
                thread.interrupt();
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
    }
}
