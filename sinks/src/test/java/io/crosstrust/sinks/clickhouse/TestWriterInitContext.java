package io.crosstrust.sinks.clickhouse;

import java.util.OptionalLong;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The least a {@link WriterInitContext} must offer to create a sink writer outside a Flink job: a
 * metric group that records nothing, and the task's parallelism when one is given (subtask 0).
 * Everything else throws, so a writer that starts to depend on more of the context fails its tests
 * loudly instead of silently getting a stub.
 */
public final class TestWriterInitContext implements WriterInitContext {
    private final SinkWriterMetricGroup metrics =
            UnregisteredMetricsGroup.createSinkWriterMetricGroup();
    private final TaskInfo taskInfo;

    /** Without task info: {@link #getTaskInfo()} throws. */
    public TestWriterInitContext() {
        this.taskInfo = null;
    }

    /** Subtask 0 of a task named {@code task} with {@code parallelism} subtasks. */
    public TestWriterInitContext(String task, int parallelism) {
        this.taskInfo = new TaskInfoImpl(task, parallelism, 0, parallelism, 0);
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
        return metrics;
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
        return OptionalLong.empty();
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public boolean isObjectReuseEnabled() {
        return false;
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public JobInfo getJobInfo() {
        throw new UnsupportedOperationException("not offered by TestWriterInitContext");
    }

    @Override
    public TaskInfo getTaskInfo() {
        if (taskInfo == null) {
            throw new UnsupportedOperationException("not offered by TestWriterInitContext");
        }
        return taskInfo;
    }
}
