package io.crosstrust.sinks.oracle;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.RetryPolicy;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.web3j.crypto.Credentials;

/**
 * Flink Sink V2 that posts credit scores (from {@code credit.scores}) to the CreditOracle contract:
 * an entity goes on-chain when its score moved at least the threshold, its grade or model changed,
 * or its heartbeat elapsed ({@link OraclePolicy}), many entities per transaction. Build it with
 * {@link #builder()}; attach it with {@link #addTo} (parallelism 1).
 *
 * <p><b>Delivery guarantee: at most one on-chain update per (entity, score version), and after a
 * checkpoint completes every update decided before it is confirmed on-chain.</b> Each flush (before
 * every checkpoint barrier) sends what is waiting and returns only when every transaction has its
 * confirmations. A writer (re)starting first waits for transactions a previous run left pending,
 * then reads each entity's on-chain version before deciding, so the records Flink replays after a
 * restart are recognised as posted and skipped; the contract itself refuses a version that is not
 * above the stored one. Scores the policy held back are kept in the writer state, so their
 * heartbeat posts them after a restart too.
 *
 * <p>Operational caveats:
 *
 * <ul>
 *   <li><b>Parallelism 1</b>: one signing key is one nonce sequence; two writers would collide. The
 *       writer refuses to start in parallel. Throughput is bounded by blocks, not by the writer:
 *       batches of 100 carry ~100 entities per transaction.
 *   <li>The task thread blocks in flush until transactions are confirmed (block time x
 *       confirmations), so checkpoints take at least that long; keep the checkpoint timeout well
 *       above it.
 *   <li>The key never travels with the job: it is read where the writer runs, from the environment
 *       variable or the keystore ({@link OracleKey}). It appears in no log line or error.
 *   <li>Another sender using the same key is detected (a nonce used by a foreign transaction) and
 *       fails the sink. A reorg deeper than the confirmations is not detected.
 *   <li>An entity whose newest score is already on-chain gets no heartbeat post: the same version
 *       is never posted twice; its freshness comes from the scoring job's own heartbeats (new
 *       versions).
 *   <li>Input order: an entity's scores must arrive in version order, as credit.scores gives them
 *       (keyed by entity: one partition, read by one source subtask). The policy decides in arrival
 *       order, so a newer score held back can be left behind by an older one posted after it.
 *   <li>Memory: one record (~150 bytes) per entity seen, plus held scores.
 * </ul>
 */
public final class OracleSink
        implements Sink<CreditScore>, SupportsWriterState<CreditScore, OracleWriterState> {
    private static final long serialVersionUID = 1L;

    private final String rpcUrl;
    private final String contract;
    private final long chainId;
    private final OracleKey key;
    private final OraclePolicy policy;
    private final int batchSize;
    private final long gasCap;
    private final int confirmations;
    private final BigInteger maxFeePerGas;
    private final BigInteger defaultPriorityFee;
    private final Duration replaceAfter;
    private final int maxInFlight;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final Duration confirmTimeout;
    private final Duration rpcTimeout;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Duration retryGiveUp;

    OracleSink(
            String rpcUrl,
            String contract,
            long chainId,
            OracleKey key,
            OraclePolicy policy,
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
            Duration rpcTimeout,
            Duration retryInitial,
            Duration retryMax,
            Duration retryGiveUp) {
        this.rpcUrl = rpcUrl;
        this.contract = contract;
        this.chainId = chainId;
        this.key = key;
        this.policy = policy;
        this.batchSize = batchSize;
        this.gasCap = gasCap;
        this.confirmations = confirmations;
        this.maxFeePerGas = maxFeePerGas;
        this.defaultPriorityFee = defaultPriorityFee;
        this.replaceAfter = replaceAfter;
        this.maxInFlight = maxInFlight;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.confirmTimeout = confirmTimeout;
        this.rpcTimeout = rpcTimeout;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.retryGiveUp = retryGiveUp;
    }

    public static OracleSinkBuilder builder() {
        return new OracleSinkBuilder();
    }

    /** Attaches the sink to a stream of scores: parallelism 1, with a stable uid and name. */
    public DataStreamSink<CreditScore> addTo(DataStream<CreditScore> scores) {
        return scores.sinkTo(this)
                .setParallelism(1)
                .uid("oracle-sink")
                .name("CreditOracle " + contract);
    }

    /** The poster settings this sink's writers use. */
    public OraclePoster.Settings posterSettings() {
        return new OraclePoster.Settings(
                contract,
                chainId,
                batchSize,
                gasCap,
                confirmations,
                maxFeePerGas,
                defaultPriorityFee,
                replaceAfter,
                maxInFlight,
                pollInterval,
                drainTimeout,
                confirmTimeout,
                new RetryPolicy(retryInitial, retryMax, retryGiveUp));
    }

    @Override
    public StatefulSinkWriter<CreditScore, OracleWriterState> createWriter(
            WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<CreditScore, OracleWriterState> restoreWriter(
            WriterInitContext context, Collection<OracleWriterState> recoveredState)
            throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "the oracle sink must run with parallelism 1 (one signing key, one nonce"
                            + " sequence), not "
                            + parallelism
                            + ": attach it with OracleSink.addTo");
        }
        Credentials credentials = key.load();
        OracleSinkMetrics metrics = new OracleSinkMetrics();
        metrics.register(context.metricGroup());
        OraclePoster poster =
                new OraclePoster(
                        Web3jOracleChain.http(rpcUrl, rpcTimeout),
                        credentials,
                        posterSettings(),
                        metrics);
        try {
            return new OracleSinkWriter(poster, policy, batchSize, metrics, recoveredState);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            poster.close();
            throw new IOException("interrupted while starting the oracle writer", e);
        } catch (RuntimeException e) {
            poster.close();
            throw e;
        }
    }

    @Override
    public SimpleVersionedSerializer<OracleWriterState> getWriterStateSerializer() {
        return new OracleWriterStateSerializer();
    }

    @Override
    public String toString() {
        return "OracleSink{contract="
                + contract
                + ", chainId="
                + chainId
                + ", key="
                + key.describe()
                + ", batchSize="
                + batchSize
                + ", policy="
                + policy
                + "}";
    }
}
