package io.crosstrust.jobs;

import io.crosstrust.jobs.config.JobConfiguration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Parses a job's {@code --key value} arguments into a Flink Configuration, accepting only the job's
 * own options so that a typo fails at submission with the list of valid keys. The full resolution
 * (flags, {@code CROSSTRUST_*} environment, {@code --config} file, defaults) is {@link
 * JobConfiguration}.
 */
public final class JobArguments {
    private JobArguments() {}

    /**
     * A string option that must be set and not blank.
     *
     * @throws IllegalArgumentException naming the option and what it is for
     */
    public static String required(ReadableConfig conf, ConfigOption<String> option) {
        return conf.getOptional(option)
                .filter(v -> !v.isBlank())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "missing --" + option.key() + ": " + option.description()));
    }

    /**
     * The options from {@code --key value} arguments alone (and a {@code --config} file when one is
     * named); {@link JobConfiguration#resolve} adds the environment, which the jobs' {@code main}
     * use.
     */
    public static Configuration parse(String[] args, List<ConfigOption<?>> options) {
        return JobConfiguration.resolve(args, Map.of(), options).conf();
    }

    /**
     * A job's start-up: resolves its configuration from the arguments, the process environment and
     * the {@code --config} file, and prints the effective configuration (secrets only as set or not
     * set) to stdout, where {@code flink run} and the JobManager's log show it.
     *
     * @param secrets the secrets the job will read from the environment, given the configuration
     */
    public static Configuration startup(
            String job,
            String[] args,
            List<ConfigOption<?>> options,
            Function<Configuration, List<JobConfiguration.Secret>> secrets) {
        Map<String, String> env = System.getenv();
        JobConfiguration config = JobConfiguration.resolve(args, env, options);
        config.print(System.out, job, secrets.apply(config.conf()), env);
        return config.conf();
    }
}
