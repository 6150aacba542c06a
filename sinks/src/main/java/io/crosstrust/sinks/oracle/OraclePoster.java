package io.crosstrust.sinks.oracle;

import io.crosstrust.ingest.chain.RetryPolicy;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Sends CreditOracle batch updates from one signing key and sees them confirmed; the chain side of
 * {@link OracleSinkWriter}, usable without Flink (the CLI, the benchmark, tests).
 *
 * <ul>
 *   <li><b>Start</b> ({@link #start}): refuses a node that serves another chain id, an address
 *       without a contract, and a key whose address lacks UPDATER_ROLE, each with a message that
 *       says so; then waits for transactions a previous run left pending (pending nonce above the
 *       mined one) to be mined, so nothing is read from the chain before they land, and takes the
 *       pending nonce as its next nonce.
 *   <li><b>Batches</b> ({@link #post}): one {@code updateBatch} transaction per batch; the gas is
 *       estimated first, and a batch whose estimate exceeds the gas cap is split in halves. An
 *       estimate that reverts is decoded: an entity the chain already has at this version or newer
 *       is dropped from the batch and returned (never posted twice); a paused oracle is waited for
 *       (within the retry policy); a missing role fails.
 *   <li><b>Fees</b>: EIP-1559 with the node's suggested priority fee (or the configured default)
 *       and max fee = 2 x base fee + priority fee, both capped by {@code maxFeePerGas}; a legacy
 *       gas price on chains without a base fee.
 *   <li><b>Nonces</b>: consecutive from the start nonce; a signed transaction is re-sent as is
 *       after a transport failure (same hash: the node answers "already known" or "nonce too low"
 *       if it had it), so an outage never burns or skips a nonce.
 *   <li><b>Stuck transactions</b>: not mined {@code replaceAfter} after sending, a transaction is
 *       signed again with the same nonce and data and fees raised by 25 % (at least the current
 *       market's, at most the cap); every hash sent for a nonce is watched.
 *   <li><b>Confirmation</b>: a transaction counts once its block has {@code confirmations} blocks
 *       (itself included). A reverted one hands its entries back ({@link #takeFailed}) to be
 *       checked against the chain again. At most {@code maxInFlight} transactions are pending.
 *   <li><b>Retries</b>: transient RPC failures are retried with the retry policy's backoff; past
 *       its give-up time the poster fails.
 * </ul>
 *
 * Not thread-safe. Never logs or reports the signing key.
 */
public final class OraclePoster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OraclePoster.class);

    static final byte[] UPDATER_ROLE =
            Hash.sha3("UPDATER_ROLE".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final int READ_CHUNK = 1_000;

    /** What the poster is told. */
    public record Settings(
            String oracle,
            long expectedChainId,
            int batchSize,
            long gasCap,
            int confirmations,
            BigInteger maxFeePerGas,
            BigInteger defaultPriorityFee,
            Duration replaceAfter,
            int maxInFlight,
            Duration pollInterval,
            Duration drainTimeout,
            Duration confirmTimeout,
            RetryPolicy retry) {
        public Settings {
            Objects.requireNonNull(oracle, "oracle");
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
            Objects.requireNonNull(defaultPriorityFee, "defaultPriorityFee");
            Objects.requireNonNull(replaceAfter, "replaceAfter");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            Objects.requireNonNull(confirmTimeout, "confirmTimeout");
            Objects.requireNonNull(retry, "retry");
        }
    }

    /** Waits between polls and retries; tests may replace it. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** Fees of one transaction: EIP-1559 (tip and max fee) or legacy (gas price). */
    record Fees(BigInteger maxPriorityFee, BigInteger maxFee, BigInteger gasPrice) {
        boolean legacy() {
            return gasPrice != null;
        }
    }

    /** A signed transaction. */
    private record Signed(String hex, String hash, Fees fees) {}

    /** A transaction sent and not yet confirmed; every hash sent for its nonce is watched. */
    private static final class InFlight {
        final BigInteger nonce;
        final List<OracleEntry> entries;
        final String data;
        final BigInteger gasLimit;
        final List<String> hashes = new ArrayList<>();
        Signed last;
        long lastSentNanos;

        InFlight(BigInteger nonce, List<OracleEntry> entries, String data, BigInteger gasLimit) {
            this.nonce = nonce;
            this.entries = entries;
            this.data = data;
            this.gasLimit = gasLimit;
        }
    }

    private final OracleChain chain;
    private final Credentials credentials;
    private final String from;
    private final Settings settings;
    private final OracleSinkMetrics metrics;
    private final Sleeper sleeper;
    private final LongSupplier nanos;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final List<OracleEntry> failed = new ArrayList<>();
    private long chainId;
    private BigInteger nextNonce;

    public OraclePoster(
            OracleChain chain,
            Credentials credentials,
            Settings settings,
            OracleSinkMetrics metrics) {
        this(chain, credentials, settings, metrics, Thread::sleep, System::nanoTime);
    }

    OraclePoster(
            OracleChain chain,
            Credentials credentials,
            Settings settings,
            OracleSinkMetrics metrics,
            Sleeper sleeper,
            LongSupplier nanos) {
        this.chain = chain;
        this.credentials = credentials;
        this.from = credentials.getAddress();
        this.settings = settings;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    /** The signing address (public). */
    public String address() {
        return from;
    }

    /** Checks chain, contract and role; waits for a previous run's pending transactions. */
    public void start() throws InterruptedException {
        chainId = rpc("eth_chainId", chain::chainId);
        if (chainId != settings.expectedChainId()) {
            throw new OracleSinkException(
                    "wrong chain: the node serves chain id "
                            + chainId
                            + " but the oracle sink is configured for chain id "
                            + settings.expectedChainId()
                            + " (check the RPC URL and the chain id)");
        }
        String code = rpc("eth_getCode", () -> chain.code(settings.oracle()));
        if (code == null || code.equals("0x") || code.isEmpty()) {
            throw new OracleSinkException(
                    "no contract at "
                            + settings.oracle()
                            + " on chain "
                            + chainId
                            + " (wrong CreditOracle address?)");
        }
        Function hasRole =
                new Function(
                        "hasRole",
                        List.of(new Bytes32(UPDATER_ROLE), new Address(from)),
                        List.of(new TypeReference<Bool>() {}));
        String answer =
                rpc(
                        "eth_call hasRole",
                        () -> chain.call(from, settings.oracle(), FunctionEncoder.encode(hasRole)));
        List<Type> decoded = FunctionReturnDecoder.decode(answer, hasRole.getOutputParameters());
        if (decoded.isEmpty() || !((Bool) decoded.get(0)).getValue()) {
            throw new OracleSinkException(
                    "wrong key: the signing address "
                            + from
                            + " has no UPDATER_ROLE on the CreditOracle at "
                            + settings.oracle()
                            + " (chain "
                            + chainId
                            + "): use the updater's key, or grant it the role");
        }
        BigInteger mined = rpc("eth_getTransactionCount latest", () -> chain.nonce(from, false));
        BigInteger pending = rpc("eth_getTransactionCount pending", () -> chain.nonce(from, true));
        long deadline = nanos.getAsLong() + settings.drainTimeout().toNanos();
        if (pending.compareTo(mined) > 0) {
            LOG.info(
                    "oracle {}: {} transaction(s) of a previous run pending (nonces {}..{}); waiting for them to be mined",
                    from,
                    pending.subtract(mined),
                    mined,
                    pending.subtract(BigInteger.ONE));
        }
        while (pending.compareTo(mined) > 0) {
            if (nanos.getAsLong() > deadline) {
                throw new OracleSinkException(
                        pending.subtract(mined)
                                + " transaction(s) from "
                                + from
                                + " (nonces "
                                + mined
                                + ".."
                                + pending.subtract(BigInteger.ONE)
                                + ") are still pending after "
                                + settings.drainTimeout()
                                + ": the oracle sink waits for a previous run's transactions to be mined"
                                + " before it reads the chain (raise the fee cap, or replace them)");
            }
            sleeper.sleep(settings.pollInterval().toMillis());
            mined = rpc("eth_getTransactionCount latest", () -> chain.nonce(from, false));
            pending = rpc("eth_getTransactionCount pending", () -> chain.nonce(from, true));
        }
        nextNonce = pending;
        LOG.info(
                "oracle sink ready: CreditOracle {} on chain {}, updater {}, next nonce {}",
                settings.oracle(),
                chainId,
                from,
                nextNonce);
    }

    /** The next nonce this poster will use (the pending nonce at start, then counted). */
    public BigInteger nextNonce() {
        return nextNonce;
    }

    /** The newest block's time, unix seconds: "now" for the heartbeat. */
    public long chainTime() throws InterruptedException {
        return rpc("eth_getBlockByNumber", chain::head).timestamp();
    }

    /** The on-chain records of these entity keys (32 bytes each); absent ones are NONE. */
    public Map<ByteBuffer, OracleRecord> read(Collection<ByteBuffer> entities)
            throws InterruptedException {
        Map<ByteBuffer, OracleRecord> out = new HashMap<>(entities.size() * 2);
        List<ByteBuffer> all = new ArrayList<>(entities);
        for (int start = 0; start < all.size(); start += READ_CHUNK) {
            List<ByteBuffer> chunk = all.subList(start, Math.min(all.size(), start + READ_CHUNK));
            List<Bytes32> keys = new ArrayList<>(chunk.size());
            for (ByteBuffer k : chunk) {
                keys.add(new Bytes32(bytes(k)));
            }
            Function f =
                    new Function(
                            "packedRecordsOf",
                            List.of(new DynamicArray<>(Bytes32.class, keys)),
                            List.of(new TypeReference<DynamicArray<Uint256>>() {}));
            String data = FunctionEncoder.encode(f);
            String answer =
                    rpc(
                            "eth_call packedRecordsOf",
                            () -> chain.call(from, settings.oracle(), data));
            List<Type> decoded = FunctionReturnDecoder.decode(answer, f.getOutputParameters());
            if (decoded.isEmpty()) {
                throw new OracleRpcException(
                        OracleRpcException.Kind.NODE_ERROR, "packedRecordsOf returned nothing");
            }
            @SuppressWarnings("unchecked")
            List<Uint256> words = ((DynamicArray<Uint256>) decoded.get(0)).getValue();
            for (int i = 0; i < chunk.size(); i++) {
                out.put(chunk.get(i), OracleRecord.unpack(words.get(i).getValue()));
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer key) {
        byte[] b = new byte[key.remaining()];
        key.duplicate().get(b);
        return b;
    }

    /**
     * Sends these entries (distinct entities) in as many transactions as the gas cap needs, without
     * waiting for them to be mined.
     *
     * @return the entries the chain already holds at their version or newer (not sent)
     */
    public List<OracleEntry> post(List<OracleEntry> entries) throws InterruptedException {
        List<OracleEntry> stale = new ArrayList<>();
        ArrayDeque<List<OracleEntry>> work = new ArrayDeque<>();
        for (int i = 0; i < entries.size(); i += settings.batchSize()) {
            work.addLast(
                    new ArrayList<>(
                            entries.subList(
                                    i, Math.min(entries.size(), i + settings.batchSize()))));
        }
        long pausedSince = -1;
        int pausedWaits = 0;
        while (!work.isEmpty()) {
            List<OracleEntry> batch = work.pollFirst();
            if (batch.isEmpty()) {
                continue;
            }
            String data = encodeUpdate(batch);
            BigInteger estimate;
            try {
                estimate =
                        rpc(
                                "eth_estimateGas",
                                () -> chain.estimateGas(from, settings.oracle(), data));
            } catch (OracleRpcException e) {
                if (e.kind() != OracleRpcException.Kind.REVERTED) {
                    throw e;
                }
                OracleRevert revert = OracleRevert.decode(e.revertData());
                switch (revert.reason()) {
                    case STALE_VERSION -> {
                        List<OracleEntry> rest = new ArrayList<>();
                        for (OracleEntry entry : batch) {
                            if (entry.entityHex().equalsIgnoreCase(revert.entityHex())) {
                                stale.add(entry);
                            } else {
                                rest.add(entry);
                            }
                        }
                        if (rest.size() == batch.size()) {
                            throw new OracleSinkException(
                                    "the CreditOracle refused a batch: " + revert.text());
                        }
                        work.addFirst(rest);
                        continue;
                    }
                    case PAUSED -> {
                        long now = nanos.getAsLong();
                        if (pausedSince < 0) {
                            pausedSince = now;
                            LOG.warn(
                                    "the CreditOracle at {} is paused: waiting to post",
                                    settings.oracle());
                        }
                        if (now - pausedSince > settings.retry().giveUpAfter().toNanos()) {
                            throw new OracleSinkException(
                                    "the CreditOracle at "
                                            + settings.oracle()
                                            + " stayed paused for "
                                            + settings.retry().giveUpAfter());
                        }
                        sleeper.sleep(settings.retry().backoff(++pausedWaits).toMillis());
                        work.addFirst(batch);
                        continue;
                    }
                    case UNAUTHORIZED ->
                            throw new OracleSinkException(
                                    "the signing address "
                                            + from
                                            + " lost UPDATER_ROLE on the CreditOracle at "
                                            + settings.oracle());
                    default ->
                            throw new OracleSinkException(
                                    "the CreditOracle refused a batch: " + revert.text());
                }
            }
            if (estimate.compareTo(BigInteger.valueOf(settings.gasCap())) > 0) {
                if (batch.size() == 1) {
                    throw new OracleSinkException(
                            "one entity's update needs "
                                    + estimate
                                    + " gas, above the gas cap "
                                    + settings.gasCap());
                }
                int half = batch.size() / 2;
                work.addFirst(new ArrayList<>(batch.subList(half, batch.size())));
                work.addFirst(new ArrayList<>(batch.subList(0, half)));
                continue;
            }
            // 20 % above the estimate (state may change before mining), never above the cap
            BigInteger gasLimit =
                    estimate.add(estimate.divide(BigInteger.valueOf(5)))
                            .min(BigInteger.valueOf(settings.gasCap()));
            awaitRoom();
            send(batch, data, gasLimit);
        }
        return stale;
    }

    static String encodeUpdate(List<OracleEntry> batch) {
        return FunctionEncoder.encode(
                new Function(
                        "updateBatch",
                        List.of(new DynamicBytes(OracleEntry.encodeBatch(batch))),
                        List.of()));
    }

    private void awaitRoom() throws InterruptedException {
        long deadline = nanos.getAsLong() + settings.confirmTimeout().toNanos();
        while (inFlight.size() >= settings.maxInFlight()) {
            poll();
            if (inFlight.size() < settings.maxInFlight()) {
                return;
            }
            if (nanos.getAsLong() > deadline) {
                throw new OracleSinkException(
                        inFlight.size()
                                + " oracle transactions not confirmed within "
                                + settings.confirmTimeout());
            }
            sleeper.sleep(settings.pollInterval().toMillis());
        }
    }

    private void send(List<OracleEntry> batch, String data, BigInteger gasLimit)
            throws InterruptedException {
        Fees fees = currentFees();
        InFlight tx = new InFlight(nextNonce, List.copyOf(batch), data, gasLimit);
        Signed signed = sign(tx, fees);
        broadcast(tx, signed, false);
        tx.hashes.add(signed.hash());
        tx.last = signed;
        tx.lastSentNanos = nanos.getAsLong();
        inFlight.addLast(tx);
        nextNonce = nextNonce.add(BigInteger.ONE);
        metrics.pending(inFlight.size());
        LOG.debug(
                "sent oracle batch of {} entities, nonce {}, gas limit {}, tx {}",
                batch.size(),
                tx.nonce,
                gasLimit,
                signed.hash());
    }

    private Signed sign(InFlight tx, Fees fees) {
        RawTransaction raw;
        byte[] signed;
        if (fees.legacy()) {
            raw =
                    RawTransaction.createTransaction(
                            tx.nonce,
                            fees.gasPrice(),
                            tx.gasLimit,
                            settings.oracle(),
                            BigInteger.ZERO,
                            tx.data);
            signed = TransactionEncoder.signMessage(raw, chainId, credentials);
        } else {
            raw =
                    RawTransaction.createTransaction(
                            chainId,
                            tx.nonce,
                            tx.gasLimit,
                            settings.oracle(),
                            BigInteger.ZERO,
                            tx.data,
                            fees.maxPriorityFee(),
                            fees.maxFee());
            signed = TransactionEncoder.signMessage(raw, credentials);
        }
        String hex = Numeric.toHexString(signed);
        return new Signed(hex, Hash.sha3(hex), fees);
    }

    /**
     * Sends a signed transaction, re-sending the same bytes after transient failures.
     *
     * @return false when the node refused a replacement as underpriced
     */
    private boolean broadcast(InFlight tx, Signed signed, boolean replacement)
            throws InterruptedException {
        try {
            rpc("eth_sendRawTransaction", () -> chain.sendRawTransaction(signed.hex()));
            return true;
        } catch (OracleRpcException e) {
            switch (e.kind()) {
                case ALREADY_KNOWN:
                    return true; // a retry after a lost reply: the node has it
                case NONCE_TOO_LOW:
                    // mined already (ours, sent before a lost reply or an earlier hash of this
                    // nonce), or used by someone else: poll() tells them apart
                    return true;
                case UNDERPRICED:
                    if (replacement) {
                        return false;
                    }
                    throw new OracleSinkException(
                            "another transaction from "
                                    + from
                                    + " with nonce "
                                    + tx.nonce
                                    + " is pending and this sink did not send it: is the key used elsewhere?",
                            e);
                default:
                    throw new OracleSinkException(
                            "the node refused the oracle transaction (nonce "
                                    + tx.nonce
                                    + "): "
                                    + e.getMessage(),
                            e);
            }
        }
    }

    Fees currentFees() throws InterruptedException {
        OracleChain.Head head = rpc("eth_getBlockByNumber", chain::head);
        BigInteger cap = settings.maxFeePerGas();
        if (head.baseFeePerGas() == null) {
            return new Fees(null, null, rpc("eth_gasPrice", chain::gasPrice).min(cap));
        }
        BigInteger tip;
        try {
            tip = rpc("eth_maxPriorityFeePerGas", chain::maxPriorityFeePerGas);
        } catch (OracleRpcException e) {
            tip = settings.defaultPriorityFee(); // the node does not suggest one
        }
        tip = tip.min(cap);
        BigInteger maxFee = head.baseFeePerGas().shiftLeft(1).add(tip).min(cap).max(tip);
        return new Fees(tip, maxFee, null);
    }

    /** 25 % above the old fees, at least the market's now, at most the cap. */
    Fees bump(Fees old, Fees now) {
        BigInteger cap = settings.maxFeePerGas();
        if (old.legacy() || now.legacy()) {
            BigInteger oldPrice = old.legacy() ? old.gasPrice() : old.maxFee();
            BigInteger price =
                    raise(oldPrice).max(now.legacy() ? now.gasPrice() : now.maxFee()).min(cap);
            return new Fees(null, null, price);
        }
        BigInteger tip = raise(old.maxPriorityFee()).max(now.maxPriorityFee()).min(cap);
        BigInteger maxFee = raise(old.maxFee()).max(now.maxFee()).min(cap).max(tip);
        return new Fees(tip, maxFee, null);
    }

    private static BigInteger raise(BigInteger v) {
        return v.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.ONE);
    }

    /**
     * Looks at every pending transaction once: confirms those deep enough, replaces those stuck for
     * {@code replaceAfter}. Never waits.
     */
    public void poll() throws InterruptedException {
        if (inFlight.isEmpty()) {
            return;
        }
        long head = rpc("eth_blockNumber", chain::blockNumber);
        BigInteger minedNonce = null;
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight tx = it.next();
            OracleChain.Receipt receipt = null;
            for (int i = tx.hashes.size() - 1; i >= 0 && receipt == null; i--) {
                String hash = tx.hashes.get(i);
                receipt = rpc("eth_getTransactionReceipt", () -> chain.receipt(hash)).orElse(null);
            }
            if (receipt != null) {
                if (head - receipt.blockNumber() + 1 >= settings.confirmations()) {
                    complete(tx, receipt);
                    it.remove();
                }
                continue;
            }
            if (nanos.getAsLong() - tx.lastSentNanos < settings.replaceAfter().toNanos()) {
                continue;
            }
            if (minedNonce == null) {
                minedNonce = rpc("eth_getTransactionCount latest", () -> chain.nonce(from, false));
            }
            if (minedNonce.compareTo(tx.nonce) > 0) {
                // the nonce is used, but by none of our hashes (or the receipt is not indexed
                // yet): look once more before calling it foreign
                Optional<OracleChain.Receipt> again = Optional.empty();
                for (String hash : tx.hashes) {
                    again = rpc("eth_getTransactionReceipt", () -> chain.receipt(hash));
                    if (again.isPresent()) {
                        break;
                    }
                }
                if (again.isEmpty()) {
                    throw new OracleSinkException(
                            "nonce "
                                    + tx.nonce
                                    + " of "
                                    + from
                                    + " was used by a transaction this oracle sink did not send: is the key used elsewhere?");
                }
                continue;
            }
            replace(tx);
        }
        metrics.pending(inFlight.size());
    }

    private void replace(InFlight tx) throws InterruptedException {
        Fees bumped = bump(tx.last.fees(), currentFees());
        if (bumped.equals(tx.last.fees())) {
            // at the fee cap: send the same transaction again (a node may have dropped it)
            broadcast(tx, tx.last, true);
            tx.lastSentNanos = nanos.getAsLong();
            LOG.warn(
                    "oracle tx nonce {} still pending at the fee cap {}; re-sent",
                    tx.nonce,
                    settings.maxFeePerGas());
            return;
        }
        Signed signed = sign(tx, bumped);
        boolean accepted = broadcast(tx, signed, true);
        tx.lastSentNanos = nanos.getAsLong();
        if (!accepted) {
            // remember the higher fees so the next attempt raises from there
            tx.last = new Signed(tx.last.hex(), tx.last.hash(), bumped);
            LOG.warn(
                    "replacement of oracle tx nonce {} refused as underpriced; raising again later",
                    tx.nonce);
            return;
        }
        tx.hashes.add(signed.hash());
        tx.last = signed;
        metrics.replaced();
        LOG.info(
                "oracle tx nonce {} not mined after {}: replaced by {} (max fee {}, tip {})",
                tx.nonce,
                settings.replaceAfter(),
                signed.hash(),
                bumped.legacy() ? bumped.gasPrice() : bumped.maxFee(),
                bumped.legacy() ? "-" : bumped.maxPriorityFee());
    }

    private void complete(InFlight tx, OracleChain.Receipt receipt) {
        long gas = receipt.gasUsed() == null ? 0 : receipt.gasUsed().longValueExact();
        metrics.confirmed(gas, receipt.success());
        if (receipt.success()) {
            metrics.posted(tx.entries.size());
        } else {
            failed.addAll(tx.entries);
            LOG.warn(
                    "oracle tx {} (nonce {}, {} entities) reverted in block {}; its entities are checked again",
                    receipt.txHash(),
                    tx.nonce,
                    tx.entries.size(),
                    receipt.blockNumber());
        }
    }

    /** Blocks until every sent transaction is confirmed (or fails after {@code confirmTimeout}). */
    public void awaitConfirmed() throws InterruptedException {
        long deadline = nanos.getAsLong() + settings.confirmTimeout().toNanos();
        while (true) {
            poll();
            if (inFlight.isEmpty()) {
                return;
            }
            if (nanos.getAsLong() > deadline) {
                throw new OracleSinkException(
                        inFlight.size()
                                + " oracle transaction(s) not confirmed within "
                                + settings.confirmTimeout()
                                + " (nonces from "
                                + inFlight.peekFirst().nonce
                                + ")");
            }
            sleeper.sleep(settings.pollInterval().toMillis());
        }
    }

    /** Entries of transactions that reverted on-chain since the last call. */
    public List<OracleEntry> takeFailed() {
        List<OracleEntry> out = List.copyOf(failed);
        failed.clear();
        return out;
    }

    public int pending() {
        return inFlight.size();
    }

    /** Runs a call, retrying transient failures with the retry policy. */
    private <T> T rpc(String what, Supplier<T> call) throws InterruptedException {
        long firstFailure = -1;
        int attempt = 0;
        while (true) {
            try {
                return call.get();
            } catch (OracleRpcException e) {
                if (!e.retryable()) {
                    throw e;
                }
                long now = nanos.getAsLong();
                if (firstFailure < 0) {
                    firstFailure = now;
                }
                if (now - firstFailure >= settings.retry().giveUpAfter().toNanos()) {
                    throw new OracleSinkException(
                            what
                                    + " kept failing for "
                                    + settings.retry().giveUpAfter()
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
                attempt++;
                metrics.rpcRetry();
                long delay = settings.retry().backoff(attempt).toMillis();
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn(
                            "{} failed (attempt {}), retrying in {} ms: {}",
                            what,
                            attempt,
                            delay,
                            e.getMessage());
                }
                sleeper.sleep(delay);
            }
        }
    }

    @Override
    public void close() {
        chain.close();
    }

    @Override
    public String toString() {
        return "OraclePoster{oracle="
                + settings.oracle()
                + ", from="
                + from
                + ", chain="
                + settings.expectedChainId()
                + "}";
    }
}
