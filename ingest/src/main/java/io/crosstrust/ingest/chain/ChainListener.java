package io.crosstrust.ingest.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the logs of the tracked contracts (TradeEscrow events, ERC-20 Transfers) from an EVM node
 * and delivers them as Avro chain events, with no gap, no duplicate and no event a reorg removed.
 *
 * <p>How:
 *
 * <ul>
 *   <li><b>Confirmations.</b> Only blocks with {@code confirmations} blocks on top of them are
 *       read, so a reorg shallower than that never reaches the output.
 *   <li><b>Backfill, then follow.</b> From the cursor (or {@code startBlock}) the listener reads
 *       eth_getLogs over block ranges that adapt to the node: halved when the node refuses a range,
 *       doubled while results stay under {@code targetLogsPerRange}. Up to {@code fetchAhead}
 *       ranges are read ahead, concurrently, while the current one is decoded, and a range's Kafka
 *       transaction commits while the next is processed. Blocks more than {@code reorgWindow} below
 *       the head are final: only the range ends' headers are read. Nearer the head every block
 *       header is read, before the logs, and chained by parent hash.
 *   <li><b>Reorgs.</b> Each step near the head first checks that the cursor block's hash is still
 *       on the chain (a range of final blocks must name it as its first block's parent, and the
 *       cursor is checked when it does not). If not, it walks down the remembered window to the
 *       newest block that still is, emits a retraction (the same record with {@code log.removed =
 *       true}) for every event of the abandoned blocks, newest first, and resumes above the common
 *       ancestor, which emits the replacements. A reorg deeper than the window stops the listener
 *       with an error.
 *   <li><b>Exactly once.</b> Each step is one {@link ListenerBatch}: events, dead letters, cursor
 *       and window, committed atomically by the {@link ChainListenerOutput} (one Kafka
 *       transaction). A restart recovers the last committed state and carries on from there.
 *   <li><b>Bad logs</b> (wrong topic count, undecodable data) go to the dead letters with the
 *       reason; they never stop the listener.
 * </ul>
 *
 * <p>Reads from a node whose view changes mid-step (a log's block hash that disagrees with the
 * header, a broken parent link) are discarded and the step is retried. RPC retries and failover
 * happen in the {@link ChainRpc} (see {@link FailoverChainRpc}). One thread runs a listener (it
 * uses helper threads of its own: {@code fetchAhead} read-ahead threads and a commit thread);
 * {@link #metrics()} and {@link #cursor()} may be read from any thread.
 */
public final class ChainListener implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one {@link #step()} did. */
    public enum Progress {
        /** Committed a batch of blocks. */
        ADVANCED,
        /** Nothing confirmed beyond the cursor yet. */
        CAUGHT_UP,
        /** Retracted the events of blocks a reorg removed. */
        REORG,
        /** The node refused the range: it was shrunk; step again. */
        RESIZED,
        /** The node's view changed during the step; nothing committed; step again. */
        INCONSISTENT
    }

    private final ChainListenerOptions options;
    private final ChainRpc rpc;
    private final ChainListenerOutput output;
    private final ChainListenerMetrics metrics;
    private final Clock clock;
    private final ExecutorService committer;
    private final ExecutorService fetcher;

    /** Ranges being read, in block order: the next step's range first, then those ahead. */
    private final ArrayDeque<Prefetch> prefetch = new ArrayDeque<>();

    private ChainLogDecoder decoder;
    private ListenerState state; // as planned: includes a batch still being committed
    private volatile ListenerCursor committed;
    private Future<?> pending;
    private int range;
    private long knownHead = -1; // the head as last read, and when (System.nanoTime)
    private long knownHeadAt;
    private volatile boolean stopped;

    /**
     * A listener over the given RPC and output, which it owns (closes on {@link #close()}). Most
     * callers want {@link #create(ChainListenerOptions, String)}.
     */
    public ChainListener(
            ChainListenerOptions options,
            ChainRpc rpc,
            ChainListenerOutput output,
            ChainListenerMetrics metrics,
            Clock clock) {
        this.options = options;
        this.rpc = rpc;
        this.output = output;
        this.metrics = metrics;
        this.clock = clock;
        this.range = options.initialRange();
        this.committer = daemonThread("chain-listener-commit-" + options.listenerId());
        this.fetcher =
                daemonThreads(
                        "chain-listener-fetch-" + options.listenerId(), options.fetchAhead() + 1);
    }

    private static ExecutorService daemonThread(String name) {
        return daemonThreads(name, 1);
    }

    private static ExecutorService daemonThreads(String name, int n) {
        return Executors.newFixedThreadPool(
                n,
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A range as read from the node: the headers a step needs, and the tracked logs. */
    private record Fetched(Map<Long, BlockHeader> headers, List<RawLog> logs) {}

    /**
     * A range being read on a fetch thread, asked for before its step; {@code deep} if it was read
     * as final blocks (only the headers of its ends and of logs without a timestamp).
     */
    private record Prefetch(long from, long to, boolean deep, Future<Fetched> fetched) {}

    /**
     * A listener reading over JSON-RPC (web3j; retries and failover among {@code rpcUrls}) and
     * writing to Kafka at {@code bootstrapServers} with transactions; creates its state topic if
     * missing.
     */
    public static ChainListener create(ChainListenerOptions options, String bootstrapServers) {
        ChainListenerMetrics metrics = new ChainListenerMetrics();
        List<ChainRpc> nodes = new ArrayList<>();
        for (String url : options.rpcUrls()) {
            nodes.add(Web3jChainRpc.http(url, options.rpcTimeout()));
        }
        FailoverChainRpc rpc = new FailoverChainRpc(nodes, options.retry(), metrics);
        KafkaChainListenerOutput output =
                KafkaChainListenerOutput.create(bootstrapServers, options);
        return new ChainListener(options, rpc, output, metrics, Clock.systemUTC());
    }

    /**
     * Checks the chain id and recovers the committed state (fencing any earlier instance). Called
     * by {@link #run()} and {@link #runUntil} if not called before.
     */
    public void recover() {
        long chainId = rpc.chainId();
        if (options.expectedChainId() != null && options.expectedChainId() != chainId) {
            throw new IllegalStateException(
                    "the node at "
                            + rpc.endpoint()
                            + " serves chain "
                            + chainId
                            + ", expected "
                            + options.expectedChainId());
        }
        decoder = new ChainLogDecoder(chainId, options.escrowContracts(), options.tokenContracts());
        state = output.recover();
        committed = state.cursor();
        if (state.cursor() != null) {
            metrics.cursor(state.cursor().number());
            LOG.info(
                    "chain listener {} resumes after block {} ({} blocks in the reorg window)",
                    options.listenerId(),
                    state.cursor().number(),
                    state.window().size());
        } else {
            LOG.info(
                    "chain listener {} starts at block {}",
                    options.listenerId(),
                    options.startBlock());
        }
    }

    /** Reads and commits until stopped; pauses {@code pollInterval} when caught up. */
    @Override
    public void run() {
        if (state == null) {
            recover();
        }
        metrics.started();
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            Progress progress = step();
            if (progress == Progress.CAUGHT_UP) {
                pause(options.pollInterval());
            } else if (progress == Progress.INCONSISTENT) {
                pause(Duration.ofMillis(Math.min(100, options.pollInterval().toMillis())));
            }
        }
        awaitCommitted();
    }

    /**
     * Steps until the cursor reaches {@code block} or the timeout passes.
     *
     * @return whether the cursor reached {@code block}
     */
    public boolean runUntil(long block, Duration timeout) {
        if (state == null) {
            recover();
        }
        metrics.started();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stopped && System.nanoTime() < deadline) {
            if (state.cursor() != null && state.cursor().number() >= block) {
                awaitCommitted();
                return true;
            }
            Progress progress = step();
            if (progress == Progress.CAUGHT_UP) {
                pause(options.pollInterval());
            }
        }
        awaitCommitted();
        return committed != null && committed.number() >= block;
    }

    /** Asks {@link #run()} to return after the current step. */
    public void stop() {
        stopped = true;
    }

    /** One step: reorg check, then at most one range of confirmed blocks. */
    public Progress step() {
        if (state == null) {
            recover();
        }
        ListenerCursor cursor = state.cursor();
        long from = cursor == null ? options.startBlock() : cursor.number() + 1;
        long head = head(from);
        if (cursor != null && head < cursor.number()) {
            awaitCommitted();
            return Progress.CAUGHT_UP; // a node behind us (after a failover): wait for it
        }
        long finalized = head - options.reorgWindow();
        boolean deep = from <= finalized;
        if (cursor != null && !deep) {
            Progress moved = checkCursor(cursor);
            if (moved != null) {
                return moved;
            }
        }
        long safe = head - options.confirmations();
        if (from > safe) {
            awaitCommitted();
            return Progress.CAUGHT_UP;
        }
        long to = Math.min(safe, from + range - 1);
        if (deep) {
            to = Math.min(to, finalized);
        }

        long t0 = System.nanoTime();
        Prefetch current = prefetch.pollFirst();
        boolean startedBefore = // by an earlier step, and still this step's range
                current != null
                        && current.from() == from
                        && current.to() <= to
                        && !(current.deep() && !deep);
        if (!startedBefore) {
            if (current != null) {
                current.fetched().cancel(false);
            }
            cancelReadAhead(); // the ranges moved (resized, or the head changed): read anew
            current = read(from, to, deep);
        }
        to = current.to();
        if (prefetch.isEmpty()) {
            readAhead(to, safe, finalized); // nothing ahead yet: read the next ones meanwhile
        }
        Fetched fetched;
        try {
            fetched = fetched(current, startedBefore);
        } catch (ChainRpcException e) {
            if (e.kind() != ChainRpcException.Kind.RANGE_TOO_LARGE) {
                throw e;
            }
            cancelReadAhead();
            if (to == from) {
                throw new IllegalStateException(
                        "the node refuses eth_getLogs even for the single block " + from, e);
            }
            range = (int) Math.max(1, Math.min(range, to - from + 1) / 2);
            metrics.rangeShrink();
            LOG.info("eth_getLogs range {}..{} refused ({}): now {} blocks", from, to, e, range);
            return Progress.RESIZED;
        }
        List<RawLog> logs = fetched.logs();
        Map<Long, BlockHeader> headers = fetched.headers();
        adapt(logs.size(), to - from + 1);
        readAhead(to, safe, finalized); // with the range as adapted
        for (RawLog log : logs) {
            if (log.blockNumber() < from || log.blockNumber() > to) {
                throw new ChainRpcException(
                        ChainRpcException.Kind.BAD_REPLY,
                        "eth_getLogs "
                                + from
                                + ".."
                                + to
                                + " returned a log of block "
                                + log.blockNumber());
            }
        }
        long t1 = System.nanoTime();
        if (!consistent(cursor, from, to, deep, headers, logs)) {
            cancelReadAhead();
            knownHead = -1;
            if (cursor != null && deep) {
                Progress moved = checkCursor(cursor); // not checked before a final range
                if (moved != null) {
                    return moved;
                }
            }
            metrics.inconsistentRead();
            return Progress.INCONSISTENT;
        }

        logs = new ArrayList<>(logs);
        logs.sort(Comparator.comparingLong(RawLog::blockNumber).thenComparingInt(RawLog::logIndex));
        List<ProcessedBlock.Emitted> events = new ArrayList<>(logs.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        Map<Long, List<ProcessedBlock.Emitted>> byBlock = new HashMap<>();
        for (RawLog log : logs) {
            RawLog timed =
                    log.blockTimestamp() != null
                            ? log
                            : log.withBlockTimestamp(headers.get(log.blockNumber()).timestamp());
            DecodedLog decoded = decoder.decode(timed);
            if (decoded instanceof DecodedLog.Event e) {
                ProcessedBlock.Emitted emitted = new ProcessedBlock.Emitted(e.key(), e.record());
                events.add(emitted);
                byBlock.computeIfAbsent(timed.blockNumber(), b -> new ArrayList<>()).add(emitted);
            } else if (decoded instanceof DecodedLog.Malformed m) {
                deadLetters.add(deadLetter(timed, m.reason()));
            }
        }

        long keepAbove = to - options.reorgWindow();
        List<ProcessedBlock> added = new ArrayList<>();
        if (!deep) {
            for (long b = Math.max(from, keepAbove + 1); b <= to; b++) {
                BlockHeader h = headers.get(b);
                added.add(
                        new ProcessedBlock(
                                b, h.hash(), h.parentHash(), byBlock.getOrDefault(b, List.of())));
            }
        }
        // Final blocks (deep backfill) are not remembered: no reorg can reach them, and the
        // cursor record carries the hash the next step checks.
        List<Long> dropped = new ArrayList<>(state.window().headMap(keepAbove, true).keySet());
        ListenerBatch batch =
                new ListenerBatch(
                        events,
                        deadLetters,
                        new ListenerCursor(to, headers.get(to).hash()),
                        added,
                        dropped);
        long t2 = System.nanoTime();
        long blocks = to - from + 1;
        int logCount = events.size();
        int deadCount = deadLetters.size();
        commit(
                batch,
                true,
                () -> metrics.committed(batch.cursor().number(), blocks, logCount, deadCount));
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "blocks {}..{} ({}): {} logs; waited {} ms for the read, decode {} ms, wait"
                            + " for the previous commit {} ms",
                    from,
                    to,
                    deep ? "final" : "window",
                    logs.size(),
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }
        return Progress.ADVANCED;
    }

    /**
     * The head to plan this step with. In a backfill of final blocks the head read by an earlier
     * step serves for up to {@code pollInterval}: a newer head would only make more blocks final,
     * so an older one is conservative, and not asking for it each step saves a round trip while the
     * node serves the ranges read ahead. Near the head it is read every step.
     */
    private long head(long from) {
        if (knownHead >= 0
                && from <= knownHead - options.reorgWindow()
                && System.nanoTime() - knownHeadAt < options.pollInterval().toNanos()) {
            return knownHead;
        }
        long head = rpc.blockNumber();
        metrics.head(head);
        knownHead = head;
        knownHeadAt = System.nanoTime();
        return head;
    }

    /**
     * Checks that the cursor block is still on the chain: null if it is; {@link Progress#REORG}
     * after retracting what the abandoned blocks emitted if it is not; {@link
     * Progress#INCONSISTENT} if the node does not serve it (yet). Every step near the head checks
     * it first. Before a range of final blocks it is not checked (their first block's parent hash
     * must be the cursor's, which covers it), only when that link fails.
     */
    private Progress checkCursor(ListenerCursor cursor) {
        BlockHeader atCursor = rpc.headers(List.of(cursor.number())).get(cursor.number());
        if (atCursor == null) {
            metrics.inconsistentRead();
            return Progress.INCONSISTENT;
        }
        if (!atCursor.hash().equals(cursor.hash())) {
            cancelReadAhead();
            rewind();
            return Progress.REORG;
        }
        return null;
    }

    /** Checks that logs and headers describe one chain that continues the cursor. */
    private boolean consistent(
            ListenerCursor cursor,
            long from,
            long to,
            boolean deep,
            Map<Long, BlockHeader> headers,
            List<RawLog> logs) {
        for (long b : headersNeeded(from, to, deep, logs)) {
            if (!headers.containsKey(b)) {
                LOG.debug("block {} not (yet) served by {}", b, rpc.endpoint());
                return false;
            }
        }
        if (cursor != null
                && from == cursor.number() + 1
                && !headers.get(from).parentHash().equals(cursor.hash())) {
            LOG.debug("block {} no longer follows the cursor: the chain changed", from);
            return false;
        }
        if (!deep) {
            for (long b = from + 1; b <= to; b++) {
                if (!headers.get(b).parentHash().equals(headers.get(b - 1).hash())) {
                    LOG.debug("block {} does not follow block {}: the chain changed", b, b - 1);
                    return false;
                }
            }
        }
        for (RawLog log : logs) {
            BlockHeader h = headers.get(log.blockNumber());
            if (h != null && !h.hash().equals(log.blockHash())) {
                LOG.debug("a log of block {} names another block hash", log.blockNumber());
                return false;
            }
        }
        return true;
    }

    /** The cursor block left the chain: retract what the abandoned blocks emitted. */
    private void rewind() {
        awaitCommitted();
        NavigableMap<Long, ProcessedBlock> window = state.window();
        Map<Long, BlockHeader> now = rpc.headers(window.keySet());
        ProcessedBlock ancestor = null;
        List<ProcessedBlock> abandoned = new ArrayList<>();
        for (ProcessedBlock b : window.descendingMap().values()) {
            BlockHeader h = now.get(b.number());
            if (h != null && h.hash().equals(b.hash())) {
                ancestor = b;
                break;
            }
            abandoned.add(b);
        }
        if (ancestor == null) {
            throw new IllegalStateException(
                    "reorg deeper than the reorg window: none of the "
                            + window.size()
                            + " remembered blocks (down to "
                            + (window.isEmpty() ? "none" : window.firstKey())
                            + ") is on the chain any more; events below cannot be checked."
                            + " Raise reorgWindow, or replay from an earlier block with a new listener id");
        }
        List<ProcessedBlock.Emitted> retractions = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        for (ProcessedBlock b : abandoned) {
            dropped.add(b.number());
            for (int i = b.events().size() - 1; i >= 0; i--) {
                ProcessedBlock.Emitted e = b.events().get(i);
                retractions.add(new ProcessedBlock.Emitted(e.key(), retraction(e.record())));
            }
        }
        ListenerBatch batch =
                new ListenerBatch(
                        retractions,
                        List.of(),
                        new ListenerCursor(ancestor.number(), ancestor.hash()),
                        List.of(),
                        dropped);
        long ancestorNumber = ancestor.number();
        commit(batch, false, () -> metrics.reorg(retractions.size(), ancestorNumber));
        LOG.warn(
                "reorg: blocks {}..{} left the chain; {} events retracted, resuming after block {}",
                abandoned.get(abandoned.size() - 1).number(),
                abandoned.get(0).number(),
                retractions.size(),
                ancestor.number());
    }

    /**
     * Commits a batch after the previous one. A step's batch ({@code async}) commits on the
     * committer thread while the next range is processed, which overlaps the node's and Kafka's
     * latencies; the planned state moves on at once, {@link #cursor()} only once committed. A
     * failed commit surfaces at the next step and stops the listener; a restart recovers the last
     * committed state. A step that waits (caught up, or a reorg) first waits for the commit, and a
     * reorg's retractions commit before it returns.
     */
    private void commit(ListenerBatch batch, boolean async, Runnable onCommitted) {
        awaitCommitted();
        Runnable work =
                () -> {
                    output.commit(batch);
                    committed = batch.cursor();
                    onCommitted.run();
                };
        if (async) {
            state.apply(batch);
            pending = committer.submit(work);
        } else {
            work.run();
            state.apply(batch);
        }
    }

    /** Starts reading blocks from..to on a fetch thread. */
    private Prefetch read(long from, long to, boolean deep) {
        List<String> addresses = decoder.addresses();
        List<String> topics = decoder.topic0s();
        return new Prefetch(
                from, to, deep, fetcher.submit(() -> fetch(from, to, deep, addresses, topics)));
    }

    /**
     * Keeps {@code fetchAhead} ranges after the current one (which ends at {@code current}) being
     * read, up to the confirmed head, so that the node's latency and Kafka's overlap (one call at a
     * time left the read the critical path). Ranges of final blocks stop at {@code finalized}, as a
     * step's do.
     */
    private void readAhead(long current, long safe, long finalized) {
        long next = prefetch.isEmpty() ? current + 1 : prefetch.peekLast().to() + 1;
        while (prefetch.size() < options.fetchAhead()) {
            long to = Math.min(safe, next + range - 1);
            boolean deep = next <= finalized;
            if (deep) {
                to = Math.min(to, finalized);
            }
            if (next > to) {
                return;
            }
            prefetch.addLast(read(next, to, deep));
            next = to + 1;
        }
    }

    /**
     * What a read returned. A read that an earlier step started ({@code startedBefore}) and that
     * failed is read once more, on this thread (the node may have recovered since); otherwise its
     * failure, which comes after the RPC's own retries, stops the step.
     */
    private Fetched fetched(Prefetch p, boolean startedBefore) {
        try {
            return p.fetched().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause();
            boolean tooLarge =
                    cause instanceof ChainRpcException c
                            && c.kind() == ChainRpcException.Kind.RANGE_TOO_LARGE;
            if (cause instanceof RuntimeException r && (tooLarge || !startedBefore)) {
                throw r;
            }
            return fetch(p.from(), p.to(), p.deep(), decoder.addresses(), decoder.topic0s());
        }
    }

    /**
     * Reads blocks from..to. Final blocks: the logs, then the headers of the range's ends and of
     * logs without a timestamp. Blocks a reorg can still reach: every header first, then the logs.
     * In that order a reorg between the two calls cannot go unseen: a log of a new block names a
     * hash no header has, and an old header committed as the cursor fails the next step's check.
     * (Logs first, a new block whose logs were not read would be committed under its new hash, its
     * logs never read.)
     */
    private Fetched fetch(
            long from, long to, boolean deep, List<String> addresses, List<String> topics) {
        if (deep) {
            List<RawLog> logs = rpc.logs(from, to, addresses, topics);
            return new Fetched(rpc.headers(headersNeeded(from, to, true, logs)), logs);
        }
        Map<Long, BlockHeader> headers = rpc.headers(headersNeeded(from, to, false, List.of()));
        return new Fetched(headers, rpc.logs(from, to, addresses, topics));
    }

    /** The headers a step over blocks from..to needs. */
    private static TreeSet<Long> headersNeeded(
            long from, long to, boolean deep, List<RawLog> logs) {
        TreeSet<Long> needed = new TreeSet<>();
        needed.add(from);
        needed.add(to);
        if (!deep) {
            for (long b = from + 1; b < to; b++) {
                needed.add(b);
            }
        }
        for (RawLog log : logs) {
            if (log.blockTimestamp() == null) {
                needed.add(log.blockNumber());
            }
        }
        return needed;
    }

    private void cancelReadAhead() {
        for (Prefetch p : prefetch) {
            p.fetched().cancel(false);
        }
        prefetch.clear();
    }

    /** Waits for the batch being committed, if any; rethrows its failure. */
    private void awaitCommitted() {
        Future<?> p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        try {
            p.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being committed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The same chain event with {@code log.removed = true}. */
    static SpecificRecord retraction(SpecificRecord record) {
        Schema schema = record.getSchema();
        SpecificRecord copy = (SpecificRecord) SpecificData.newInstance(record.getClass(), schema);
        for (Schema.Field f : schema.getFields()) {
            copy.put(f.pos(), record.get(f.pos()));
        }
        int logField = schema.getField("log").pos();
        ChainLog log = (ChainLog) record.get(logField);
        copy.put(
                logField,
                new ChainLog(
                        log.getChainId(),
                        log.getContractAddress(),
                        log.getBlockNumber(),
                        log.getBlockHash(),
                        log.getTxHash(),
                        log.getLogIndex(),
                        log.getBlockTime(),
                        true));
        return copy;
    }

    private DeadLetter deadLetter(RawLog log, String reason) {
        long chainId = decoder.chainId();
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("address", log.address());
        raw.put("topics", log.topics());
        raw.put("data", log.data());
        raw.put("blockNumber", log.blockNumber());
        raw.put("blockHash", log.blockHash());
        raw.put("transactionHash", log.txHash());
        raw.put("logIndex", log.logIndex());
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(raw);
        } catch (JsonProcessingException e) {
            value = log.toString().getBytes(StandardCharsets.UTF_8);
        }
        String source = "chain:" + chainId;
        return new DeadLetter(
                source + "/" + log.blockNumber() + "/" + log.logIndex(),
                clock.instant(),
                "chain-listener",
                FailureKind.UNDECODABLE,
                reason
                        + " (contract "
                        + log.address()
                        + ", block "
                        + log.blockNumber()
                        + ", tx "
                        + log.txHash()
                        + ", log "
                        + log.logIndex()
                        + ")",
                source,
                log.logIndex(),
                log.blockNumber(),
                Instant.ofEpochSecond(log.blockTimestamp()),
                null,
                ByteBuffer.wrap(value),
                decoder.eventId(log));
    }

    private void adapt(int logCount, long span) {
        int target = options.targetLogsPerRange();
        if (logCount > 2 * target && range > 1) {
            range = Math.max(1, range / 2);
        } else if (logCount < target / 2 && span >= range && range < options.maxRange()) {
            range = Math.min(options.maxRange(), range * 2);
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last committed cursor, or null before the first batch. Safe from any thread. */
    public ListenerCursor cursor() {
        return committed;
    }

    /** The current eth_getLogs range, in blocks. */
    public int range() {
        return range;
    }

    public ChainListenerMetrics metrics() {
        return metrics;
    }

    /** Stops and closes the RPC clients and the output. Call after {@link #run()} returned. */
    @Override
    public void close() {
        stopped = true;
        try {
            awaitCommitted();
        } catch (RuntimeException e) {
            LOG.warn("the last batch did not commit: {}", e.getMessage());
        } finally {
            committer.shutdownNow();
            fetcher.shutdownNow();
            try {
                output.close();
            } finally {
                rpc.close();
            }
        }
    }
}
