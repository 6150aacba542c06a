package io.crosstrust.jobs.oracle;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.JobArguments;
import io.crosstrust.jobs.config.JobConfiguration;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.oracle.OracleSink;
import io.crosstrust.sinks.oracle.OracleSinkOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Credit scores back on-chain: credit.scores (read_committed) into the oracle sink, which posts
 * them to the CreditOracle contract under its deviation and heartbeat policy (docs/oracle.md).
 *
 * <pre>
 *  credit.scores ─decode─► OracleSink (parallelism 1: one signer, one nonce sequence) ─► CreditOracle
 * </pre>
 *
 * A job of its own, not a sink of the credit-risk job: the chain is slow and may be down for a
 * while, and its back-pressure must not hold the scores and warnings back; it resumes from its
 * committed offsets and the sink's state (docs/oracle.md, "The oracle sink"). The signing key comes
 * from the environment variable named by {@code crosstrust.oracle.key-env} or an encrypted
 * keystore.
 */
public final class OracleJob {
    public static final ConfigOption<String> GROUP_ID =
            key("crosstrust.oracle.group-id")
                    .stringType()
                    .defaultValue("crosstrust-oracle")
                    .withDescription("Consumer group of the credit.scores source.");

    /** Every option the job reads. */
    public static final List<ConfigOption<?>> OPTIONS = options();

    private OracleJob() {}

    public static void main(String[] args) throws Exception {
        Configuration conf =
                JobArguments.startup("crosstrust oracle", args, OPTIONS, OracleJob::secrets);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wire(env, conf);
        env.execute("crosstrust oracle");
    }

    /** Checkpointing, the credit.scores source and the oracle sink. */
    public static void wire(StreamExecutionEnvironment env, ReadableConfig conf) {
        env.enableCheckpointing(
                conf.get(TradeFlowOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        OracleSink sink = OracleSink.builder().fromConfig(conf).build();
        DataStream<CreditScore> scores =
                env.fromSource(
                                KafkaConnectors.decodedSource(
                                        JobArguments.required(
                                                conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS),
                                        Topics.CREDIT_SCORES,
                                        conf.get(GROUP_ID),
                                        CreditScore.class),
                                WatermarkStrategy.noWatermarks(),
                                Topics.CREDIT_SCORES)
                        .uid("credit-scores-source");
        sink.addTo(scores);
    }

    /**
     * The signing key as the start-up print names it: the environment variable when no keystore is
     * set (a keystore and its password file are paths, printed as options).
     */
    public static List<JobConfiguration.Secret> secrets(ReadableConfig conf) {
        if (conf.getOptional(OracleSinkOptions.KEYSTORE).isPresent()) {
            return List.of();
        }
        return List.of(
                new JobConfiguration.Secret("oracle key", conf.get(OracleSinkOptions.KEY_ENV)));
    }

    private static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>();
        all.add(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS);
        all.add(TradeFlowOptions.CHECKPOINT_INTERVAL);
        all.add(GROUP_ID);
        all.addAll(OracleSinkOptions.ALL);
        return List.copyOf(all);
    }
}
