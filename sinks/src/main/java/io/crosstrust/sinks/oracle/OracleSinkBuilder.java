package io.crosstrust.sinks.oracle;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Builds an {@link OracleSink}; {@link #build()} checks every setting. Required: RPC URL, contract
 * address, chain id. The key defaults to the environment variable {@value OracleKey#DEFAULT_ENV}.
 */
public final class OracleSinkBuilder {
    public static final int DEFAULT_SCORE_THRESHOLD = 10;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofDays(1);
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int MAX_BATCH_SIZE = 2_000;
    public static final long DEFAULT_GAS_CAP = 10_000_000;
    public static final int DEFAULT_CONFIRMATIONS = 2;
    public static final BigInteger DEFAULT_MAX_FEE_PER_GAS =
            BigInteger.valueOf(500_000_000_000L); // 500 gwei
    public static final BigInteger DEFAULT_PRIORITY_FEE =
            BigInteger.valueOf(1_000_000_000L); // 1 gwei
    public static final Duration DEFAULT_REPLACE_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_GIVE_UP = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private String rpcUrl;
    private String contract;
    private Long chainId;
    private OracleKey key = OracleKey.fromEnv(OracleKey.DEFAULT_ENV);
    private int scoreThreshold = DEFAULT_SCORE_THRESHOLD;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long gasCap = DEFAULT_GAS_CAP;
    private int confirmations = DEFAULT_CONFIRMATIONS;
    private BigInteger maxFeePerGas = DEFAULT_MAX_FEE_PER_GAS;
    private BigInteger defaultPriorityFee = DEFAULT_PRIORITY_FEE;
    private Duration replaceAfter = DEFAULT_REPLACE_AFTER;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration drainTimeout = Duration.ofMinutes(2);
    private Duration confirmTimeout = Duration.ofMinutes(10);
    private Duration rpcTimeout = DEFAULT_RPC_TIMEOUT;
    private Duration retryInitial = Duration.ofMillis(200);
    private Duration retryMax = Duration.ofSeconds(5);
    private Duration retryGiveUp = DEFAULT_RETRY_GIVE_UP;

    OracleSinkBuilder() {}

    /** Every option of {@link OracleSinkOptions} that is set in {@code config}. */
    public OracleSinkBuilder fromConfig(ReadableConfig config) {
        config.getOptional(OracleSinkOptions.RPC_URL).ifPresent(this::setRpcUrl);
        config.getOptional(OracleSinkOptions.CONTRACT).ifPresent(this::setContract);
        config.getOptional(OracleSinkOptions.CHAIN_ID).ifPresent(this::setChainId);
        String keystore = config.getOptional(OracleSinkOptions.KEYSTORE).orElse(null);
        if (keystore != null) {
            String password =
                    config.getOptional(OracleSinkOptions.KEYSTORE_PASSWORD_FILE)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    OracleSinkOptions.KEYSTORE.key()
                                                            + " needs "
                                                            + OracleSinkOptions
                                                                    .KEYSTORE_PASSWORD_FILE
                                                                    .key()));
            setKey(OracleKey.fromKeystore(Path.of(keystore), Path.of(password)));
        } else {
            setKey(OracleKey.fromEnv(config.get(OracleSinkOptions.KEY_ENV)));
        }
        setPolicy(
                config.get(OracleSinkOptions.SCORE_THRESHOLD),
                config.get(OracleSinkOptions.HEARTBEAT));
        setBatchSize(config.get(OracleSinkOptions.BATCH_SIZE));
        setGasCap(config.get(OracleSinkOptions.GAS_CAP));
        setConfirmations(config.get(OracleSinkOptions.CONFIRMATIONS));
        setFees(
                new BigInteger(config.get(OracleSinkOptions.MAX_FEE_PER_GAS)),
                new BigInteger(config.get(OracleSinkOptions.DEFAULT_PRIORITY_FEE)));
        setReplaceAfter(config.get(OracleSinkOptions.REPLACE_AFTER));
        setRpcTimeout(config.get(OracleSinkOptions.RPC_TIMEOUT));
        setRetry(retryInitial, retryMax, config.get(OracleSinkOptions.RETRY_GIVE_UP));
        return this;
    }

    public OracleSinkBuilder setRpcUrl(String rpcUrl) {
        this.rpcUrl = rpcUrl;
        return this;
    }

    public OracleSinkBuilder setContract(String contract) {
        this.contract = contract;
        return this;
    }

    public OracleSinkBuilder setChainId(long chainId) {
        this.chainId = chainId;
        return this;
    }

    public OracleSinkBuilder setKey(OracleKey key) {
        this.key = key;
        return this;
    }

    /**
     * Post on a move of at least {@code scoreThreshold} points, a new grade or model, or a
     * heartbeat.
     */
    public OracleSinkBuilder setPolicy(int scoreThreshold, Duration heartbeat) {
        this.scoreThreshold = scoreThreshold;
        this.heartbeat = heartbeat;
        return this;
    }

    /** Entities per transaction, 1..{@value #MAX_BATCH_SIZE}. */
    public OracleSinkBuilder setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** Most gas per transaction, at least 100,000; larger batches are split. */
    public OracleSinkBuilder setGasCap(long gasCap) {
        this.gasCap = gasCap;
        return this;
    }

    public OracleSinkBuilder setConfirmations(int confirmations) {
        this.confirmations = confirmations;
        return this;
    }

    /** Ceiling of the max fee per gas, and the priority fee when the node suggests none (wei). */
    public OracleSinkBuilder setFees(BigInteger maxFeePerGas, BigInteger defaultPriorityFee) {
        this.maxFeePerGas = maxFeePerGas;
        this.defaultPriorityFee = defaultPriorityFee;
        return this;
    }

    public OracleSinkBuilder setReplaceAfter(Duration replaceAfter) {
        this.replaceAfter = replaceAfter;
        return this;
    }

    public OracleSinkBuilder setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        return this;
    }

    /** How often receipts are polled, and how long to wait for a previous run's transactions. */
    public OracleSinkBuilder setPolling(
            Duration pollInterval, Duration drainTimeout, Duration confirmTimeout) {
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.confirmTimeout = confirmTimeout;
        return this;
    }

    public OracleSinkBuilder setRpcTimeout(Duration rpcTimeout) {
        this.rpcTimeout = rpcTimeout;
        return this;
    }

    /** Backoff from {@code initial} doubling to {@code max}; give up after {@code giveUp}. */
    public OracleSinkBuilder setRetry(Duration initial, Duration max, Duration giveUp) {
        this.retryInitial = initial;
        this.retryMax = max;
        this.retryGiveUp = giveUp;
        return this;
    }

    public OracleSink build() {
        checkNotNull(rpcUrl, "rpcUrl must be set");
        checkArgument(
                rpcUrl.startsWith("http://") || rpcUrl.startsWith("https://"),
                "rpcUrl must be an http(s) URL");
        checkNotNull(contract, "contract must be set");
        checkArgument(
                ADDRESS.matcher(contract).matches(),
                "contract must be a 0x address, got " + contract);
        checkNotNull(chainId, "chainId must be set (the sink refuses a node of another chain)");
        checkArgument(chainId >= 1, "chainId must be >= 1, got " + chainId);
        checkNotNull(key, "key must be set");
        OraclePolicy policy = new OraclePolicy(scoreThreshold, heartbeat);
        checkArgument(
                batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "batchSize must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
        checkArgument(gasCap >= 100_000, "gasCap must be at least 100,000, got " + gasCap);
        checkArgument(
                confirmations >= 1 && confirmations <= 1_000,
                "confirmations must be in 1..1000, got " + confirmations);
        checkNotNull(maxFeePerGas, "maxFeePerGas must be set");
        checkNotNull(defaultPriorityFee, "defaultPriorityFee must be set");
        checkArgument(maxFeePerGas.signum() >= 0, "maxFeePerGas must be >= 0");
        checkArgument(
                defaultPriorityFee.signum() >= 0 && defaultPriorityFee.compareTo(maxFeePerGas) <= 0,
                "defaultPriorityFee must be in 0..maxFeePerGas");
        checkArgument(
                maxInFlight >= 1 && maxInFlight <= 64,
                "maxInFlight must be in 1..64, got " + maxInFlight);
        for (Duration d :
                new Duration[] {
                    replaceAfter,
                    pollInterval,
                    drainTimeout,
                    confirmTimeout,
                    rpcTimeout,
                    retryInitial,
                    retryMax,
                    retryGiveUp
                }) {
            checkNotNull(d, "durations must be set");
            checkArgument(!d.isNegative() && !d.isZero(), "durations must be positive, got " + d);
        }
        checkArgument(
                retryMax.compareTo(retryInitial) >= 0,
                "retry max backoff below its initial backoff");
        return new OracleSink(
                rpcUrl,
                contract,
                chainId,
                key,
                policy,
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
                rpcTimeout,
                retryInitial,
                retryMax,
                retryGiveUp);
    }
}
