package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.network.NetworkJob;
import io.crosstrust.jobs.network.NetworkOptions;
import io.crosstrust.jobs.oracle.OracleJob;
import io.crosstrust.jobs.scoring.CreditRiskJob;
import io.crosstrust.jobs.scoring.ScoringOptions;
import io.crosstrust.jobs.tradeflow.TradeFlowJob;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.oracle.OracleSinkOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The jobs running in a local Flink MiniCluster inside this JVM, wired to the stack's Kafka and
 * ClickHouse exactly as their {@code main} methods wire them on a cluster: the trade flow alone
 * ({@link #start}), or the pipeline ({@link #startPipeline}: the trade flow and the credit-risk job
 * as one Flink job, joined through trade.events, and the oracle job as a second one).
 */
public final class EmbeddedFlow implements AutoCloseable {
    public static final String GROUP_ID = "crosstrust-trade-flow";

    private final List<JobClient> jobs;

    private EmbeddedFlow(List<JobClient> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    public static final String CREDIT_RISK_GROUP_ID = "crosstrust-credit-risk";

    public static EmbeddedFlow start(
            LocalStack stack, int parallelism, Duration checkpointInterval) {
        return start(stack, parallelism, checkpointInterval, UnaryOperator.identity());
    }

    /**
     * The trade flow and the credit-risk job (scoring and warnings: credit.scores, risk.warnings
     * and their ClickHouse tables), with the built-in model and the default rules; and, when the
     * stack has a CreditOracle ({@link LocalStack#oracle()}), the oracle job posting the scores to
     * it, as a Flink job of its own: its sink waits for confirmations at every checkpoint, which in
     * the same job would hold back every exactly-once output of the pipeline (docs/oracle.md).
     */
    public static EmbeddedFlow startPipeline(
            LocalStack stack, int parallelism, Duration checkpointInterval) {
        EmbeddedFlow pipeline =
                launch(
                        stack,
                        parallelism,
                        checkpointInterval,
                        (env, conf) -> {
                            TradeFlowJob.wire(
                                    env,
                                    conf,
                                    stack.clickhouse().password(),
                                    UnaryOperator.identity());
                            conf.set(ScoringOptions.GROUP_ID, CREDIT_RISK_GROUP_ID);
                            CreditRiskJob.wire(env, conf, stack.clickhouse().password());
                        },
                        "crosstrust pipeline (embedded)");
        LocalOracle oracle = stack.oracle();
        if (oracle == null) {
            return pipeline;
        }
        try {
            EmbeddedFlow poster =
                    launch(
                            stack,
                            1,
                            checkpointInterval,
                            (env, conf) -> {
                                conf.set(OracleSinkOptions.RPC_URL, stack.rpcUrl());
                                conf.set(OracleSinkOptions.CHAIN_ID, AnvilNode.CHAIN_ID);
                                conf.set(OracleSinkOptions.CONTRACT, oracle.contract());
                                conf.set(OracleSinkOptions.KEYSTORE, oracle.keystore().toString());
                                conf.set(
                                        OracleSinkOptions.KEYSTORE_PASSWORD_FILE,
                                        oracle.passwordFile().toString());
                                OracleJob.wire(env, conf);
                            },
                            "crosstrust oracle (embedded)");
            List<JobClient> both = new ArrayList<>(pipeline.jobs);
            both.addAll(poster.jobs);
            return new EmbeddedFlow(both);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /**
     * {@link #startPipeline} plus the trade-network job (network.metrics and ClickHouse
     * network_metrics, daily tumbling windows only: {@code notebooks run} fills the regulator views
     * with it). The network job's sliding windows are switched off to keep a replay short.
     */
    public static EmbeddedFlow startPipelineWithNetwork(
            LocalStack stack, int parallelism, Duration checkpointInterval) {
        return launch(
                stack,
                parallelism,
                checkpointInterval,
                (env, conf) -> {
                    TradeFlowJob.wire(
                            env, conf, stack.clickhouse().password(), UnaryOperator.identity());
                    conf.set(ScoringOptions.GROUP_ID, CREDIT_RISK_GROUP_ID);
                    CreditRiskJob.wire(env, conf, stack.clickhouse().password());
                    conf.set(NetworkOptions.SLIDING_WINDOW, Duration.ZERO);
                    NetworkJob.wire(env, conf, stack.clickhouse().password());
                },
                "crosstrust pipeline with network (embedded)");
    }

    /**
     * Starts the flow with {@code beforeNormalise} applied to the raw stream (tests inject faults).
     */
    public static EmbeddedFlow start(
            LocalStack stack,
            int parallelism,
            Duration checkpointInterval,
            UnaryOperator<DataStream<RawRecord>> beforeNormalise) {
        return launch(
                stack,
                parallelism,
                checkpointInterval,
                (env, conf) ->
                        TradeFlowJob.wire(
                                env, conf, stack.clickhouse().password(), beforeNormalise),
                "crosstrust trade flow (embedded)");
    }

    private static EmbeddedFlow launch(
            LocalStack stack,
            int parallelism,
            Duration checkpointInterval,
            BiConsumer<StreamExecutionEnvironment, Configuration> wiring,
            String name) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
        }
        Configuration conf = new Configuration();
        conf.set(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        conf.set(TradeFlowOptions.CLICKHOUSE_URL, stack.clickhouse().url());
        conf.set(TradeFlowOptions.CLICKHOUSE_USER, stack.clickhouse().user());
        conf.set(TradeFlowOptions.CLICKHOUSE_DATABASE, stack.clickhouse().database());
        conf.set(TradeFlowOptions.GROUP_ID, GROUP_ID);
        conf.set(TradeFlowOptions.CHECKPOINT_INTERVAL, checkpointInterval);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        wiring.accept(env, conf);
        try {
            return new EmbeddedFlow(List.of(env.executeAsync(name)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The status of the first job that stopped, else the first job's status. */
    public JobStatus status() {
        JobStatus first = null;
        for (JobClient job : jobs) {
            JobStatus status;
            try {
                status = job.getJobStatus().get();
            } catch (Exception e) {
                status = JobStatus.FAILED;
            }
            if (status.isGloballyTerminalState()) {
                return status;
            }
            if (first == null) {
                first = status;
            }
        }
        return first;
    }

    /** Cancels every job; each gets 30 s. */
    @Override
    public void close() {
        IllegalStateException stuck = null;
        for (JobClient job : jobs) {
            try {
                job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                stuck = new IllegalStateException("an embedded job did not cancel within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // already finished or failed: nothing to cancel
            }
        }
        if (stuck != null) {
            throw stuck;
        }
    }
}
