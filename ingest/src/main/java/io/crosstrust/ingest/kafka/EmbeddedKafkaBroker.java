package io.crosstrust.ingest.kafka;

import io.crosstrust.ingest.local.LocalProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka 4.2 broker (KRaft, broker + controller in one) running inside this JVM, for
 * the embedded local stack and the integration tests. Listens on 127.0.0.1 only; replication
 * factors and min ISR are 1, so it has none of a cluster's durability: use a real cluster in
 * production ({@code --kafka}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, boolean deleteOnClose, int port) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    /** Starts a broker on a free port with its logs in a temp dir deleted on close. */
    public static EmbeddedKafkaBroker start() {
        try {
            return start(Files.createTempDirectory("crosstrust-kafka"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker.
     *
     * @param logDir where the log segments go
     * @param deleteOnClose whether close() deletes logDir
     * @param port the client port, or 0 for any free one
     */
    public static EmbeddedKafkaBroker start(Path logDir, boolean deleteOnClose, int port) {
        // two ports held open together: picked one after the other, the system may hand out the
        // same port twice, and the broker refuses two listeners on one port
        int[] free = LocalProcess.freePorts(2);
        int clientPort = port == 0 ? free[0] : port;
        int controllerPort = free[0] == clientPort ? free[1] : free[0];
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, deleteOnClose, clientPort);
        broker.startServer(controllerPort);
        return broker;
    }

    private void startServer(int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // the default for topics created elsewhere too (Topics.APPEND_TIME says why)
        props.put("log.message.timestamp.type", "LogAppendTime");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        try {
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            Files.createDirectories(logDir);
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "crosstrust embedded broker");
            }
            ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
            int rc =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                config.toString(),
                                "--ignore-formatted",
                            },
                            new PrintStream(formatLog, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: "
                                + formatLog.toString(StandardCharsets.UTF_8));
            }
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    /** bootstrap.servers for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) {
            deleteRecursively(logDir);
            try {
                Files.deleteIfExists(logDir.resolveSibling(logDir.getFileName() + ".properties"));
            } catch (IOException ignored) {
                // best effort: a temp file
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
