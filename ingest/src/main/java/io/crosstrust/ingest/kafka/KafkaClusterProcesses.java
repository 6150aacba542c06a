package io.crosstrust.ingest.kafka;

import io.crosstrust.ingest.local.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A three-node Kafka 4.2 cluster as three separate OS processes, for tests that must survive a
 * broker crash: each node is a combined broker + controller ({@code kafka.Kafka} with its own
 * generated server.properties, ports and log dir; the three form a static KRaft quorum), and topics
 * default to replication factor 3 with min ISR 2, the internal transaction and offsets topics too.
 * One node can be killed (SIGKILL) and restarted on the same data.
 *
 * <p>The processes run Kafka's jars only, from a classpath Maven resolved ({@link
 * #CLASSPATH_FILE_PROPERTY}: the file {@code dependency:build-classpath} writes; see the {@code
 * kafka-broker-classpath} execution in jobs/pom.xml). Each node logs at WARN to {@code
 * node-N/kafka.log} under the base directory; {@link #logTails(int)} gathers the ends for failure
 * messages. Nodes listen on 127.0.0.1 only.
 */
public final class KafkaClusterProcesses implements AutoCloseable {
    /** System property naming the file that holds the brokers' classpath. */
    public static final String CLASSPATH_FILE_PROPERTY = "crosstrust.kafka.classpathFile";

    public static final int NODES = 3;
    public static final short REPLICATION_FACTOR = 3;
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> JVM_OPTIONS =
            List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true");

    private final Path baseDir;
    private final String classpath;
    private final Path log4jConfig;
    private final Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<Integer, LocalProcess> processes = new LinkedHashMap<>();

    private KafkaClusterProcesses(Path baseDir, String classpath) {
        this.baseDir = baseDir;
        this.classpath = classpath;
        this.log4jConfig = baseDir.resolve("log4j2.properties");
    }

    /**
     * Formats and starts three nodes under {@code baseDir}, with the classpath named by {@link
     * #CLASSPATH_FILE_PROPERTY}, and waits until all three brokers are registered and the quorum
     * has a leader.
     */
    public static KafkaClusterProcesses start(Path baseDir) {
        return start(baseDir, classpathFromProperty());
    }

    /** As {@link #start(Path)}, with the brokers' classpath given. */
    public static KafkaClusterProcesses start(Path baseDir, String classpath) {
        KafkaClusterProcesses cluster = new KafkaClusterProcesses(baseDir, classpath);
        try {
            cluster.formatAndStart();
            cluster.awaitBrokers(Set.of(1, 2, 3), START_TIMEOUT);
            return cluster;
        } catch (RuntimeException e) {
            String tails = cluster.logTails(30);
            cluster.close();
            throw new IllegalStateException(e.getMessage() + "\n" + tails, e);
        }
    }

    /** The brokers' classpath from the file named by {@link #CLASSPATH_FILE_PROPERTY}. */
    public static String classpathFromProperty() {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(
                    "system property "
                            + CLASSPATH_FILE_PROPERTY
                            + " is not set: point it at a classpath file with Kafka's server jars"
                            + " (mvn dependency:build-classpath; the kafka-broker-classpath"
                            + " execution in jobs/pom.xml writes target/kafka-broker.classpath)");
        }
        try {
            String classpath = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            if (classpath.isEmpty()) {
                throw new IllegalStateException(
                        CLASSPATH_FILE_PROPERTY + " names an empty file: " + file);
            }
            return classpath;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the Kafka broker classpath file "
                            + file
                            + " ("
                            + CLASSPATH_FILE_PROPERTY
                            + "): build the module with Maven first so that"
                            + " dependency:build-classpath writes it",
                    e);
        }
    }

    private void formatAndStart() {
        try {
            Files.createDirectories(baseDir);
            writeLog4jConfig();
            Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
            int[] ports = LocalProcess.freePorts(2 * NODES); // distinct, unlike separate picks
            for (int node = 1; node <= NODES; node++) {
                clientPorts.put(node, ports[2 * (node - 1)]);
                controllerPorts.put(node, ports[2 * (node - 1) + 1]);
            }
            String voters =
                    controllerPorts.entrySet().stream()
                            .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue())
                            .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            List<LocalProcess> formats = new ArrayList<>();
            for (int node = 1; node <= NODES; node++) {
                Files.createDirectories(dataDir(node));
                writeServerProperties(node, controllerPorts.get(node), voters);
                formats.add(
                        java(
                                "format-" + node,
                                List.of(
                                        "kafka.tools.StorageTool",
                                        "format",
                                        "--cluster-id",
                                        clusterId,
                                        "--config",
                                        serverProperties(node).toString()),
                                nodeDir(node).resolve("format.log")));
            }
            try {
                for (LocalProcess format : formats) {
                    if (!format.waitFor(START_TIMEOUT)) {
                        throw new IllegalStateException(
                                format + " did not finish formatting: " + format.logTail(20));
                    }
                    if (format.exitValue() != 0) {
                        throw new IllegalStateException(
                                format + " failed formatting the storage: " + format.logTail(20));
                    }
                }
            } finally {
                formats.forEach(LocalProcess::close);
            }
            for (int node = 1; node <= NODES; node++) {
                startNode(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka cluster in " + baseDir, e);
        }
    }

    private void startNode(int node) {
        processes.put(
                node,
                java(
                        "kafka-node-" + node,
                        List.of("kafka.Kafka", serverProperties(node).toString()),
                        nodeDir(node).resolve("kafka.log")));
    }

    private LocalProcess java(String name, List<String> mainAndArgs, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        return LocalProcess.start(name, command, baseDir, log);
    }

    private void writeServerProperties(int node, int controllerPort, String voters)
            throws IOException {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(node));
        props.put("controller.quorum.voters", voters);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + clientPorts.get(node)
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPorts.get(node));
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir(node).toAbsolutePath().toString());
        // Replication: every partition on all three nodes; a write is acknowledged (acks=all)
        // once two of them have it, so one node may die without losing an acknowledged record
        // and without stopping writes. The internal topics (transaction state, offsets) likewise.
        props.put("num.partitions", "3");
        props.put("default.replication.factor", Short.toString(REPLICATION_FACTOR));
        props.put("min.insync.replicas", Integer.toString(MIN_IN_SYNC_REPLICAS));
        props.put("offsets.topic.replication.factor", Short.toString(REPLICATION_FACTOR));
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", Short.toString(REPLICATION_FACTOR));
        props.put("transaction.state.log.min.isr", Integer.toString(MIN_IN_SYNC_REPLICAS));
        props.put("transaction.state.log.num.partitions", "6");
        props.put(
                "share.coordinator.state.topic.replication.factor",
                Short.toString(REPLICATION_FACTOR));
        props.put("share.coordinator.state.topic.min.isr", Integer.toString(MIN_IN_SYNC_REPLICAS));
        props.put("unclean.leader.election.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // the default for topics created elsewhere too (Topics.APPEND_TIME says why)
        props.put("log.message.timestamp.type", "LogAppendTime");
        try (Writer out = Files.newBufferedWriter(serverProperties(node))) {
            props.store(out, "crosstrust three-node test cluster, node " + node);
        }
    }

    private void writeLog4jConfig() throws IOException {
        // WARN: INFO logging made a broker about twice as slow on the 2-core machines
        Files.writeString(
                log4jConfig,
                String.join(
                        "\n",
                        "status = warn",
                        "appender.out.type = Console",
                        "appender.out.name = out",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = warn",
                        "rootLogger.appenderRef.out.ref = out",
                        ""),
                StandardCharsets.UTF_8);
    }

    /** bootstrap.servers naming all three nodes (clients carry on when one is down). */
    public String bootstrapServers() {
        return clientPorts.values().stream()
                .map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
    }

    /** The node ids, 1 to 3. */
    public Set<Integer> nodeIds() {
        return new TreeSet<>(clientPorts.keySet());
    }

    public boolean isRunning(int node) {
        LocalProcess process = processes.get(node);
        return process != null && process.isAlive();
    }

    /** Kills a node's process at once (SIGKILL), as a crash would; its data stays on disk. */
    public void kill(int node) {
        LocalProcess process = processes.get(checkNode(node));
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("Kafka node " + node + " is not running");
        }
        process.kill();
    }

    /**
     * Starts a killed node again on its own data and ports and waits until its broker is registered
     * again. It then catches up on what it missed as a follower: wait on the ISRs for that.
     */
    public void restart(int node) {
        if (isRunning(checkNode(node))) {
            throw new IllegalStateException("Kafka node " + node + " is still running");
        }
        startNode(node);
        try {
            awaitBrokers(Set.of(1, 2, 3), START_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + logTails(30), e);
        }
    }

    /**
     * Waits until exactly the {@code expected} brokers are registered and the controller quorum has
     * a leader; fails at once when a node's process died.
     */
    public void awaitBrokers(Collection<Integer> expected, Duration timeout) {
        Set<Integer> want = new TreeSet<>(expected);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        // Admin clients log a warning per refused connection: ask only once every port listens.
        awaitListening(want, deadline);
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (int node : want) {
                    LocalProcess process = processes.get(node);
                    if (process != null && !process.isAlive()) {
                        throw new IllegalStateException(
                                "Kafka node "
                                        + node
                                        + " exited with code "
                                        + process.exitValue()
                                        + ":\n"
                                        + process.logTail(40));
                    }
                }
                try {
                    Set<Integer> registered =
                            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                                    .map(Node::id)
                                    .collect(Collectors.toCollection(TreeSet::new));
                    QuorumInfo quorum =
                            admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                    if (registered.equals(want) && quorum.leaderId() >= 0) {
                        return;
                    }
                    last = "brokers " + registered + ", quorum leader " + quorum.leaderId();
                } catch (ExecutionException | TimeoutException e) {
                    last = e.getMessage();
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka brokers", e);
        }
        throw new IllegalStateException(
                "Kafka brokers " + want + " not all up after " + timeout + ": " + last);
    }

    private void awaitListening(Set<Integer> nodes, long deadline) {
        for (int node : nodes) {
            while (true) {
                LocalProcess process = processes.get(node);
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException(
                            "Kafka node "
                                    + node
                                    + " exited with code "
                                    + process.exitValue()
                                    + ":\n"
                                    + process.logTail(40));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", clientPorts.get(node)), 500);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Kafka node " + node + " does not listen on its client port");
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            }
        }
    }

    /** The id of the node leading the KRaft controller quorum (the active controller). */
    public int quorumLeader() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the metadata quorum", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines of every node's log, for failure messages. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (int node = 1; node <= NODES; node++) {
            LocalProcess process = processes.get(node);
            Path log = nodeDir(node).resolve("kafka.log");
            out.append("--- Kafka node ")
                    .append(node)
                    .append(process == null ? " (not started)" : process.isAlive() ? "" : " (down)")
                    .append(", ")
                    .append(log)
                    .append(":\n")
                    .append(tail(log, lines))
                    .append('\n');
        }
        return out.toString();
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }

    private int checkNode(int node) {
        if (!clientPorts.containsKey(node)) {
            throw new IllegalArgumentException(
                    "no Kafka node " + node + " (nodes are " + nodeIds() + ")");
        }
        return node;
    }

    private Path nodeDir(int node) {
        return baseDir.resolve("node-" + node);
    }

    private Path dataDir(int node) {
        return nodeDir(node).resolve("data");
    }

    private Path serverProperties(int node) {
        return nodeDir(node).resolve("server.properties");
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills every node that is still running. No controlled shutdown: with the quorum going down
     * node by node the last ones would wait out their grace period for a controller. Leaves the
     * files.
     */
    @Override
    public void close() {
        for (LocalProcess process : processes.values()) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }
}
