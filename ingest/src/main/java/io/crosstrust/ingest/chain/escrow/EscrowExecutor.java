package io.crosstrust.ingest.chain.escrow;

import io.crosstrust.ingest.chain.ChainLogDecoder;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.generator.GeneratedEvent;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the trade world's escrow-settled orders on a local chain (anvil), as the world's events
 * come in: {@link EscrowLifecycles} turns each event into TradeEscrow calls, {@link EscrowBlocks}
 * packs them into blocks, and this class sends each block as one JSON-RPC batch, mines it with its
 * timestamp ({@code evm_mine}) and reads the block's receipts back.
 *
 * <p>The executor is the chain's block producer: it turns automine and interval mining off, and
 * mines a block per {@code blockSpan} of world time, or, paced by the wall clock, one per {@code
 * minBlockInterval} (at most {@code maxCallsPerBlock} calls either way), an open block after {@code
 * idleSeal} without events, and an empty one every {@code emptyBlockEvery} while the world is
 * quiet, so that confirmations keep growing. anvil recomputes its state root over the whole state
 * for every block, so a block costs more the more orders the chain holds: a long fast run wants
 * few, large blocks (wall-paced), a test wants reproducible ones (world-paced). Block timestamps
 * follow the world's clock (when the chain starts before the world, as the local stack arranges),
 * so chain events and platform events share one timeline.
 *
 * <p>Accounts: buyers and sellers send from the chain addresses the world registered, through
 * anvil's auto-impersonation: no private key exists anywhere. Each gets 1,000 ether of gas money
 * (anvil_setBalance) when it first trades on-chain; buyers get test stablecoins minted by the
 * deployer. Nonces are assigned here, per sender, so a sender's calls run in order within a block.
 *
 * <p>Deterministic given the world when paced by it: the same events give the same blocks
 * (timestamps, calls, nonces, hence transaction hashes) as long as the world comes in faster than
 * {@code idleSeal} between events; idle seals, empty blocks and wall-paced blocks depend on the
 * wall clock (the calls and their order per sender do not). Feeding is back-pressured: {@link
 * #offer} waits while {@code queueCapacity} events are queued. A call the node refuses or that
 * reverts is counted and logged, and its order is no longer followed. For local chains only:
 * auto-impersonation and timestamp control are anvil's.
 */
public final class EscrowExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EscrowExecutor.class);
    private static final BigInteger GAS_MONEY = BigInteger.TEN.pow(21); // 1,000 ether
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L); // 2 gwei
    private static final int MAX_BATCH = 1_000;
    private static final int VERIFY_EVERY_BLOCKS = 16;
    private static final int VERIFY_EVERY_CALLS = 500;

    /**
     * A call after its block was mined.
     *
     * @param block where it was mined, -1 when known from its receipt only (a revert)
     */
    public record Executed(EscrowCall call, String txHash, long block, boolean success) {}

    /** The event each kind of call emits first: its evidence of success in the logs. */
    private static final Map<EscrowCall.Kind, String> EVENT_TOPICS = eventTopics();

    private static Map<EscrowCall.Kind, String> eventTopics() {
        Map<EscrowCall.Kind, String> t = new java.util.EnumMap<>(EscrowCall.Kind.class);
        t.put(EscrowCall.Kind.MINT, ChainLogDecoder.TRANSFER_TOPIC);
        t.put(
                EscrowCall.Kind.APPROVE,
                org.web3j.abi.EventEncoder.buildEventSignature(
                        "Approval(address,address,uint256)"));
        t.put(EscrowCall.Kind.CREATE, ChainLogDecoder.ORDER_CREATED);
        t.put(EscrowCall.Kind.FUND, ChainLogDecoder.ORDER_FUNDED);
        t.put(EscrowCall.Kind.SHIP, ChainLogDecoder.ORDER_SHIPPED);
        t.put(EscrowCall.Kind.CONFIRM, ChainLogDecoder.DELIVERY_CONFIRMED);
        t.put(EscrowCall.Kind.RELEASE, ChainLogDecoder.PAYMENT_RELEASED);
        t.put(EscrowCall.Kind.DISPUTE, ChainLogDecoder.DISPUTE_OPENED);
        t.put(EscrowCall.Kind.RESOLVE, ChainLogDecoder.DISPUTE_RESOLVED);
        t.put(EscrowCall.Kind.REFUND, ChainLogDecoder.REFUNDED);
        return Map.copyOf(t);
    }

    /** Settings; {@link #builder()} validates them. */
    public record Options(
            Duration blockSpan,
            Duration minBlockInterval,
            int maxCallsPerBlock,
            Duration idleSeal,
            Duration emptyBlockEvery,
            int queueCapacity,
            EscrowLifecycles.Settings lifecycles,
            Consumer<Executed> onExecuted) {
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Builds {@link Options}. */
    public static final class Builder {
        private Duration blockSpan = Duration.ofHours(1);
        private Duration minBlockInterval = Duration.ZERO;
        private int maxCallsPerBlock = 2_000;
        private Duration idleSeal = Duration.ofMillis(200);
        private Duration emptyBlockEvery = Duration.ofSeconds(1);
        private int queueCapacity = 50_000;
        private EscrowLifecycles.Settings lifecycles = EscrowLifecycles.Settings.DEFAULT;
        private Consumer<Executed> onExecuted = e -> {};

        /** World time a block spans (default 1 h), when blocks are paced by the world. */
        public Builder blockSpan(Duration d) {
            this.blockSpan = d;
            return this;
        }

        /**
         * Paces blocks by the wall clock instead: one block per interval while events come in (0,
         * the default: one per {@code blockSpan} of world time, deterministic). anvil's cost per
         * block grows with its state, so a long fast run needs few, large blocks.
         */
        public Builder minBlockInterval(Duration d) {
            this.minBlockInterval = d;
            return this;
        }

        /** Most calls in one block (default 2,000). */
        public Builder maxCallsPerBlock(int n) {
            this.maxCallsPerBlock = n;
            return this;
        }

        /** Wall time without events after which an open block is mined (default 200 ms). */
        public Builder idleSeal(Duration d) {
            this.idleSeal = d;
            return this;
        }

        /** Wall time between empty blocks while nothing happens (default 1 s). */
        public Builder emptyBlockEvery(Duration d) {
            this.emptyBlockEvery = d;
            return this;
        }

        /** Events queued before {@link #offer} waits (default 50,000). */
        public Builder queueCapacity(int n) {
            this.queueCapacity = n;
            return this;
        }

        public Builder lifecycles(EscrowLifecycles.Settings s) {
            this.lifecycles = s;
            return this;
        }

        /** Told of every mined call, on the executor's thread (tests). */
        public Builder onExecuted(Consumer<Executed> c) {
            this.onExecuted = c;
            return this;
        }

        public Options build() {
            Objects.requireNonNull(blockSpan, "blockSpan");
            Objects.requireNonNull(minBlockInterval, "minBlockInterval");
            if (minBlockInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "minBlockInterval must be >= 0, got " + minBlockInterval);
            }
            Objects.requireNonNull(idleSeal, "idleSeal");
            Objects.requireNonNull(emptyBlockEvery, "emptyBlockEvery");
            Objects.requireNonNull(lifecycles, "lifecycles");
            Objects.requireNonNull(onExecuted, "onExecuted");
            if (blockSpan.toSeconds() < 1) {
                throw new IllegalArgumentException("blockSpan must be >= 1 s, got " + blockSpan);
            }
            if (maxCallsPerBlock < 1) {
                throw new IllegalArgumentException(
                        "maxCallsPerBlock must be >= 1, got " + maxCallsPerBlock);
            }
            if (idleSeal.isNegative() || idleSeal.isZero()) {
                throw new IllegalArgumentException("idleSeal must be > 0, got " + idleSeal);
            }
            if (emptyBlockEvery.toMillis() < 10) {
                throw new IllegalArgumentException(
                        "emptyBlockEvery must be >= 10 ms, got " + emptyBlockEvery);
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException(
                        "queueCapacity must be >= 1, got " + queueCapacity);
            }
            return new Options(
                    blockSpan,
                    minBlockInterval,
                    maxCallsPerBlock,
                    idleSeal,
                    emptyBlockEvery,
                    queueCapacity,
                    lifecycles,
                    onExecuted);
        }
    }

    /**
     * Figures of a running executor.
     *
     * @param events world events taken
     * @param backlog events queued plus calls waiting for a block
     * @param escrowOrders escrow orders the world placed
     * @param openOrders escrow orders followed now
     * @param sent transactions the node accepted
     * @param mined transactions mined (successful or not)
     * @param reverted transactions that reverted
     * @param refused transactions the node refused to take
     * @param skipped world steps not sent (see {@link EscrowLifecycles#skipped()})
     * @param blocks blocks mined
     * @param head newest block number
     * @param txPerSecond mined transactions per second of wall time since the first block
     * @param capacityTxPerSecond mined transactions per second of the executor's busy time
     * @param error what stopped the executor, or null
     */
    public record Snapshot(
            long events,
            long backlog,
            long escrowOrders,
            long openOrders,
            long sent,
            long mined,
            long reverted,
            long refused,
            long skipped,
            long blocks,
            long head,
            double txPerSecond,
            double capacityTxPerSecond,
            String error) {}

    private final LocalChainClient chain;
    private final EscrowDeployment deployment;
    private final Options options;
    private final EscrowLifecycles lifecycles;
    private final EscrowBlocks blocks;
    private final BlockingQueue<GeneratedEvent> queue;
    private final Map<String, Long> nonces = new HashMap<>();
    private final Map<Long, Map<String, EscrowCall>> unverified = new LinkedHashMap<>();
    private final AtomicLong unverifiedCalls = new AtomicLong();
    private final Thread thread;

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong mined = new AtomicLong();
    private final AtomicLong reverted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong skippedTotal = new AtomicLong();
    private final AtomicLong blocksMined = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong firstBlockNanos = new AtomicLong();
    private final AtomicLong lastBlockNanos = new AtomicLong();
    private final AtomicLong pendingCalls = new AtomicLong();
    private final AtomicLong escrowOrders = new AtomicLong();
    private final AtomicLong openOrders = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final List<EscrowCall> droppedCalls = new ArrayList<>();
    private final AtomicLong offered = new AtomicLong();
    private volatile Map<String, Long> skipped = Map.of();
    private volatile boolean accepting = true;
    private volatile boolean stopping;
    private volatile boolean busy;
    private volatile long head;
    private long chainTime;

    private EscrowExecutor(LocalChainClient chain, EscrowDeployment deployment, Options options) {
        this.chain = chain;
        this.deployment = deployment;
        this.options = options;
        chain.autoImpersonate(true);
        chain.setAutomine(false);
        chain.stopIntervalMining();
        this.head = chain.head();
        this.chainTime = chain.latestTimestamp();
        this.lifecycles = new EscrowLifecycles(deployment, options.lifecycles(), chainTime);
        this.blocks =
                new EscrowBlocks(
                        options.minBlockInterval().isZero()
                                ? options.blockSpan().toSeconds()
                                : Long.MAX_VALUE / 4, // sealed by the wall clock
                        callsPerBlock(options.maxCallsPerBlock(), chain.blockGasLimit()),
                        chainTime,
                        droppedCalls::add);
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.thread = new Thread(this::loop, "escrow-executor");
        this.thread.setDaemon(true);
    }

    /** At most what fits the node's block gas limit at every call's gas limit. */
    static int callsPerBlock(int wanted, long blockGasLimit) {
        long largest =
                EscrowLifecycles.GAS.values().stream().mapToLong(Long::longValue).max().orElse(1);
        return (int) Math.max(1, Math.min(wanted, blockGasLimit / largest));
    }

    /**
     * Takes over mining on the node (automine and interval mining off, auto-impersonation on) and
     * starts the executor's thread.
     */
    public static EscrowExecutor start(
            LocalChainClient chain, EscrowDeployment deployment, Options options) {
        EscrowExecutor executor = new EscrowExecutor(chain, deployment, options);
        executor.thread.start();
        return executor;
    }

    /**
     * The anvil arguments the executor wants on a node it starts: no mining of its own, no base
     * fee, a block gas limit for thousands of calls, a genesis a day before {@code worldStart} so
     * that block times can follow the world's clock, and no historical states (nothing here reads
     * state at past blocks; it halves anvil's memory, blocks and logs stay).
     */
    public static List<String> anvilArguments(java.time.Instant worldStart) {
        return List.of(
                "--no-mining",
                "--prune-history",
                "--base-fee",
                "0",
                "--gas-limit",
                "1000000000",
                "--timestamp",
                Long.toString(worldStart.getEpochSecond() - 86_400));
    }

    public EscrowDeployment deployment() {
        return deployment;
    }

    /**
     * Hands over the world's next event (call in the world's order, from one thread). Waits while
     * the queue is full; returns false, dropping the event, once the executor stopped.
     */
    public boolean offer(GeneratedEvent event) throws InterruptedException {
        while (accepting) {
            if (queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                offered.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until every event offered so far is executed (its blocks mined), or the timeout.
     *
     * @return whether everything was executed
     */
    public boolean awaitExecuted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (error.get() != null) {
                return false;
            }
            if (events.get() == offered.get()
                    && !busy
                    && pendingCalls.get() == 0
                    && unverifiedCalls.get() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public Snapshot snapshot() {
        long first = firstBlockNanos.get();
        double wall = first == 0 ? 0 : (lastBlockNanos.get() - first) / 1e9;
        double busySeconds = busyNanos.get() / 1e9;
        long m = mined.get();
        Throwable t = error.get();
        return new Snapshot(
                events.get(),
                queue.size() + pendingCalls.get(),
                escrowOrders.get(),
                openOrders.get(),
                sent.get(),
                m,
                reverted.get(),
                refused.get(),
                skippedTotal.get(),
                blocksMined.get(),
                head,
                wall > 0 ? m / wall : 0,
                busySeconds > 0 ? m / busySeconds : 0,
                t == null ? null : String.valueOf(t.getMessage()));
    }

    /** World steps not sent, per reason, as of the last block mined. */
    public Map<String, Long> skipped() {
        return skipped;
    }

    /** Stops taking events; the thread mines what it has planned and ends. */
    public void stop() {
        accepting = false;
        stopping = true;
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        boolean wallPaced = !options.minBlockInterval().isZero();
        long lastActivity = System.nanoTime();
        lastBlockNanos.set(lastActivity);
        try {
            while (!stopping) {
                GeneratedEvent event = queue.poll(20, TimeUnit.MILLISECONDS);
                if (event != null) {
                    busy = true;
                    long t0 = System.nanoTime();
                    int n = 0;
                    do {
                        handle(event);
                        n++;
                    } while (n < 1_000 && (event = queue.poll()) != null);
                    if (wallPaced
                            && blocks.isOpen()
                            && System.nanoTime() - lastBlockNanos.get()
                                    >= options.minBlockInterval().toNanos()) {
                        execute(blocks.seal());
                    }
                    busyNanos.addAndGet(System.nanoTime() - t0);
                    busy = false;
                    lastActivity = System.nanoTime();
                    continue;
                }
                long now = System.nanoTime();
                if (blocks.isOpen()) {
                    if (now - lastActivity >= options.idleSeal().toNanos()) {
                        busy = true;
                        execute(blocks.seal());
                        verify();
                        busy = false;
                    }
                } else if (!unverified.isEmpty()) {
                    busy = true;
                    verify();
                    busy = false;
                } else if (now - lastBlockNanos.get() >= options.emptyBlockEvery().toNanos()) {
                    execute(List.of(blocks.empty()));
                }
            }
            // stopping: what is planned goes on-chain; events still queued are not taken
            busy = true;
            execute(blocks.seal());
            verify();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error.set(e);
            accepting = false;
            LOG.error("escrow executor stopped: {}", e.getMessage(), e);
        } finally {
            busy = false;
        }
    }

    private void handle(GeneratedEvent event) {
        List<EscrowCall> calls = lifecycles.on(event);
        long t = event.eventTime().getEpochSecond() + lifecycles.offsetSeconds();
        execute(blocks.add(t, calls));
        escrowOrders.set(lifecycles.escrowOrders());
        openOrders.set(lifecycles.openOrders());
        pendingCalls.set(blocks.pending());
        events.incrementAndGet();
    }

    private void execute(List<EscrowBlocks.Block> sealed) {
        for (EscrowBlocks.Block b : sealed) {
            long t0 = System.nanoTime();
            mine(b);
            long t1 = System.nanoTime();
            firstBlockNanos.compareAndSet(0, t0);
            lastBlockNanos.set(t1);
        }
        for (EscrowCall c : droppedCalls) {
            lifecycles.abandon(c.orderId(), "past its deadline after waiting for a block");
        }
        droppedCalls.clear();
        unverifiedCalls.set(unverified.values().stream().mapToLong(Map::size).sum());
        if (!sealed.isEmpty()) {
            skipped = lifecycles.skipped();
            skippedTotal.set(skipped.values().stream().mapToLong(Long::longValue).sum());
        }
        pendingCalls.set(blocks.pending());
    }

    private void mine(EscrowBlocks.Block block) {
        List<String> accounts = lifecycles.drainNewAccounts();
        for (int i = 0; i < accounts.size(); i += MAX_BATCH) {
            List<String> chunk = accounts.subList(i, Math.min(accounts.size(), i + MAX_BATCH));
            chain.setBalances(chunk, GAS_MONEY);
            nonces.putAll(chain.nonces(chunk));
        }
        Map<String, EscrowCall> byHash = new HashMap<>();
        List<EscrowCall> calls = block.calls();
        for (int i = 0; i < calls.size(); i += MAX_BATCH) {
            List<EscrowCall> chunk = calls.subList(i, Math.min(calls.size(), i + MAX_BATCH));
            List<Map<String, Object>> txs = new ArrayList<>(chunk.size());
            for (EscrowCall c : chunk) {
                long nonce = nonces.computeIfAbsent(c.from(), chain::nonce);
                nonces.put(c.from(), nonce + 1);
                txs.add(
                        LocalChainClient.request(
                                c.from(), c.to(), c.data(), c.gas(), nonce, GAS_PRICE));
            }
            List<LocalChainClient.Sent> answers = chain.sendAll(txs);
            for (int k = 0; k < chunk.size(); k++) {
                EscrowCall c = chunk.get(k);
                LocalChainClient.Sent s = answers.get(k);
                if (s.error() != null) {
                    refused.incrementAndGet();
                    nonces.remove(c.from()); // ask the node again before this sender's next call
                    lifecycles.abandon(c.orderId(), "refused by the node");
                    LOG.warn(
                            "node refused {} of order {} from {}: {}",
                            c.kind(),
                            c.orderId(),
                            c.from(),
                            s.error());
                } else {
                    sent.incrementAndGet();
                    byHash.put(s.txHash(), c);
                }
            }
        }
        mineAt(Math.max(block.timestamp(), chainTime + 1));
        if (!byHash.isEmpty()) {
            unverified.put(head, byHash);
        }
        if (unverified.size() >= VERIFY_EVERY_BLOCKS
                || unverified.values().stream().mapToInt(Map::size).sum() >= VERIFY_EVERY_CALLS) {
            verify();
        }
    }

    private void mineAt(long timestamp) {
        chain.mineAt(timestamp);
        chainTime = timestamp;
        head++;
        blocksMined.incrementAndGet();
        blocks.chainAt(timestamp);
    }

    /**
     * Checks the blocks mined since the last check with one eth_getLogs: a call succeeded when its
     * transaction emitted the event its kind emits (receipts cost anvil about as much as the
     * transactions themselves). The receipts of the few without it say whether they reverted or are
     * still in the pool (a full block: they go into the next one).
     */
    private void verify() {
        if (unverified.isEmpty()) {
            return;
        }
        long from = unverified.keySet().iterator().next();
        Map<String, EscrowCall> missing = new LinkedHashMap<>();
        unverified.values().forEach(missing::putAll);
        unverified.clear();
        for (LocalChainClient.LogRef log :
                chain.logs(from, head, List.of(deployment.escrow(), deployment.token()))) {
            EscrowCall c = missing.get(log.txHash());
            if (c != null && EVENT_TOPICS.get(c.kind()).equals(log.topic0())) {
                missing.remove(log.txHash());
                mined.incrementAndGet();
                options.onExecuted().accept(new Executed(c, log.txHash(), log.block(), true));
            }
        }
        int extra = 0;
        while (!missing.isEmpty()) {
            Map<String, LocalChainClient.Mined> receipts =
                    chain.receipts(new ArrayList<>(missing.keySet()));
            for (Map.Entry<String, LocalChainClient.Mined> r : receipts.entrySet()) {
                if (r.getValue() == null) {
                    continue; // still in the pool
                }
                EscrowCall c = missing.remove(r.getKey());
                mined.incrementAndGet();
                if (!r.getValue().success()) {
                    reverted.incrementAndGet();
                    lifecycles.abandon(c.orderId(), "reverted on-chain");
                    LOG.warn("{} of order {} reverted (tx {})", c.kind(), c.orderId(), r.getKey());
                }
                options.onExecuted()
                        .accept(new Executed(c, r.getKey(), -1, r.getValue().success()));
            }
            if (missing.isEmpty()) {
                break;
            }
            if (++extra > 10) {
                throw new IllegalStateException(
                        missing.size() + " transactions still unmined after " + extra + " blocks");
            }
            mineAt(chainTime + 1); // the node left them in its pool: a full block
        }
        unverifiedCalls.set(0);
    }
}
