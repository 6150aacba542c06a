package io.crosstrust.bench;

import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.scoring.ModelUpdates;
import io.crosstrust.jobs.scoring.ScoringSettings;
import io.crosstrust.jobs.scoring.TradeWorldModel;
import io.crosstrust.jobs.warnings.RiskRules;
import io.crosstrust.jobs.warnings.WarningsEvaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The credit-risk job (scoring + warnings) on a Flink MiniCluster in this JVM, wired by {@link
 * WarningsEvaluation#wire}: Kafka sources, exactly-once Kafka sinks, no ClickHouse; the model
 * fitted to generated worlds ({@link TradeWorldModel}) and the default rules. No restarts: a
 * failure fails the benchmark. Can stop with a savepoint and start again from it (to change the
 * checkpoint interval without losing the per-entity state).
 */
final class EmbeddedCreditRisk implements AutoCloseable {
    private final JobClient job;
    private final Duration checkpoint;
    private final long submittedNanos;

    private EmbeddedCreditRisk(JobClient job, Duration checkpoint, long submittedNanos) {
        this.job = job;
        this.checkpoint = checkpoint;
        this.submittedNanos = submittedNanos;
    }

    /**
     * Submits the job.
     *
     * @param savepoint a savepoint to start from, or null for a fresh start (from the committed
     *     offsets of {@link WarningsEvaluation#GROUP}, earliest when none)
     */
    static EmbeddedCreditRisk start(
            String bootstrap, int parallelism, Duration checkpoint, String savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        WarningsEvaluation.wire(
                env,
                bootstrap,
                null,
                ModelUpdates.json(TradeWorldModel.shipped()),
                RiskRules.defaults(),
                ScoringSettings.defaults(),
                checkpoint,
                UnaryOperator.identity());
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync("crosstrust credit-risk bench");
        return new EmbeddedCreditRisk(job, checkpoint, submitted);
    }

    Duration checkpoint() {
        return checkpoint;
    }

    long submittedNanos() {
        return submittedNanos;
    }

    /** Fails when the job is no longer running. */
    void checkRunning() {
        JobStatus status;
        try {
            status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the job's status: " + e.getMessage(), e);
        }
        if (status.isTerminalState()) {
            String cause = "";
            try {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                cause = ": " + e.getMessage();
            }
            throw new IllegalStateException("the credit-risk job is " + status + cause);
        }
    }

    /** Waits until the job's status is RUNNING. */
    void awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            checkRunning();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job was not running within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The job's lag over trade.events: end offsets minus the offsets its group committed (at
     * checkpoints, with the outputs); {@link Long#MAX_VALUE} before the first commit.
     */
    long lag(TopicAdmin admin) {
        try {
            return admin.lag(WarningsEvaluation.GROUP, Topics.TRADE_EVENTS);
        } catch (IllegalStateException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Waits until the job has consumed and committed everything in trade.events. */
    void awaitCaughtUp(TopicAdmin admin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lag(admin) != 0) {
            checkRunning();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job did not catch up with trade.events within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the job with a savepoint in {@code dir} (event time not advanced); its path. */
    String stopWithSavepoint(Path dir) throws Exception {
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already finished, stopped or failed: nothing to cancel
        }
    }
}
