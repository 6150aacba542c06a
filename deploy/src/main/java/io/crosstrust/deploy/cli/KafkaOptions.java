package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.stack.StackSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which Kafka a command beside the pipeline talks to (a picocli mixin): {@code --kafka}, else
 * CROSSTRUST_KAFKA, else {@code --config}'s {@code kafka=}, else the broker of the {@code
 * crosstrust run} that is running (the endpoints file in its work dir).
 */
public final class KafkaOptions {
    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env CROSSTRUST_KAFKA).")
    String kafka;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with kafka= (as `run --config`).")
    Path config;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "The work dir of the running `./crosstrust run` whose Kafka to use"
                            + " (default: .crosstrust/run in the project).")
    Path workDir;

    /**
     * @throws IllegalArgumentException when none of the sources names a Kafka, saying how to fix
     */
    public String bootstrap() {
        return bootstrap(kafka, config, workDir, System.getenv());
    }

    static String bootstrap(String flag, Path config, Path workDir, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        flags.put("kafka", flag);
        StackSettings settings = StackSettings.resolve(flags, env, config);
        if (!settings.embeddedKafka()) {
            return settings.kafka();
        }
        StackSettings running =
                StackSettings.ofRunning(
                        workDir,
                        Map.of(),
                        Map.of(),
                        "Kafka to talk to",
                        "--kafka HOST:PORT or CROSSTRUST_KAFKA");
        if (running.embeddedKafka()) {
            throw new IllegalArgumentException(
                    StackSettings.endpointsFile(workDir) + " names no kafka=");
        }
        return running.kafka();
    }
}
