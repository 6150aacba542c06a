package io.crosstrust.sinks.oracle;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the oracle sink, read through Flink's ReadableConfig ({@link
 * OracleSinkBuilder#fromConfig}). The signing key is never an option: it comes from the environment
 * variable named by {@link #KEY_ENV} or from a keystore file.
 */
public final class OracleSinkOptions {
    public static final ConfigOption<String> RPC_URL =
            key("crosstrust.oracle.rpc-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("JSON-RPC (http) URL of a node of the oracle's chain.");

    public static final ConfigOption<String> CONTRACT =
            key("crosstrust.oracle.contract")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Address of the CreditOracle contract.");

    public static final ConfigOption<Long> CHAIN_ID =
            key("crosstrust.oracle.chain-id")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Chain id the node must serve; the sink refuses to start on another chain.");

    public static final ConfigOption<String> KEY_ENV =
            key("crosstrust.oracle.key-env")
                    .stringType()
                    .defaultValue(OracleKey.DEFAULT_ENV)
                    .withDescription(
                            "Environment variable (where the writer runs) holding the updater's hex"
                                    + " private key; ignored when a keystore is set.");

    public static final ConfigOption<String> KEYSTORE =
            key("crosstrust.oracle.keystore")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Encrypted JSON keystore (geth/Besu/web3j format) of the updater's key,"
                                    + " instead of the environment variable.");

    public static final ConfigOption<String> KEYSTORE_PASSWORD_FILE =
            key("crosstrust.oracle.keystore-password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File whose first line is the keystore's password.");

    public static final ConfigOption<Integer> SCORE_THRESHOLD =
            key("crosstrust.oracle.score-threshold")
                    .intType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_SCORE_THRESHOLD)
                    .withDescription(
                            "Post an entity when its score moved at least this many points from the"
                                    + " on-chain one (a new grade or model always posts).");

    public static final ConfigOption<Duration> HEARTBEAT =
            key("crosstrust.oracle.heartbeat")
                    .durationType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_HEARTBEAT)
                    .withDescription(
                            "Post an entity's newer score at least this long after its last on-chain"
                                    + " write even when it barely moved (chain time).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            key("crosstrust.oracle.batch-size")
                    .intType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_BATCH_SIZE)
                    .withDescription("Entities per updateBatch transaction.");

    public static final ConfigOption<Long> GAS_CAP =
            key("crosstrust.oracle.gas-cap")
                    .longType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_GAS_CAP)
                    .withDescription("Most gas one transaction may use; a larger batch is split.");

    public static final ConfigOption<Integer> CONFIRMATIONS =
            key("crosstrust.oracle.confirmations")
                    .intType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_CONFIRMATIONS)
                    .withDescription(
                            "Blocks (the transaction's own included) before a transaction counts as"
                                    + " confirmed; 1 on Besu QBFT/IBFT (immediate finality).");

    public static final ConfigOption<String> MAX_FEE_PER_GAS =
            key("crosstrust.oracle.max-fee-per-gas")
                    .stringType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_MAX_FEE_PER_GAS.toString())
                    .withDescription("Ceiling of the max fee per gas, in wei (decimal).");

    public static final ConfigOption<String> DEFAULT_PRIORITY_FEE =
            key("crosstrust.oracle.default-priority-fee")
                    .stringType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_PRIORITY_FEE.toString())
                    .withDescription(
                            "Priority fee per gas in wei when the node does not suggest one.");

    public static final ConfigOption<Duration> REPLACE_AFTER =
            key("crosstrust.oracle.replace-after")
                    .durationType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_REPLACE_AFTER)
                    .withDescription(
                            "Re-send a transaction not mined this long after sending, with fees"
                                    + " raised by 25 %.");

    public static final ConfigOption<Duration> RPC_TIMEOUT =
            key("crosstrust.oracle.rpc-timeout")
                    .durationType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_RPC_TIMEOUT)
                    .withDescription("Timeout of one JSON-RPC call.");

    public static final ConfigOption<Duration> RETRY_GIVE_UP =
            key("crosstrust.oracle.retry-give-up")
                    .durationType()
                    .defaultValue(OracleSinkBuilder.DEFAULT_RETRY_GIVE_UP)
                    .withDescription(
                            "Keep retrying a failing JSON-RPC call (backoff 200 ms doubling to 5 s)"
                                    + " this long before failing the job.");

    /** Every option, for a job's argument parser. */
    public static final java.util.List<ConfigOption<?>> ALL =
            java.util.List.of(
                    RPC_URL,
                    CONTRACT,
                    CHAIN_ID,
                    KEY_ENV,
                    KEYSTORE,
                    KEYSTORE_PASSWORD_FILE,
                    SCORE_THRESHOLD,
                    HEARTBEAT,
                    BATCH_SIZE,
                    GAS_CAP,
                    CONFIRMATIONS,
                    MAX_FEE_PER_GAS,
                    DEFAULT_PRIORITY_FEE,
                    REPLACE_AFTER,
                    RPC_TIMEOUT,
                    RETRY_GIVE_UP);

    private OracleSinkOptions() {}
}
