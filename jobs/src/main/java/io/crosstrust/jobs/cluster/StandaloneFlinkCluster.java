package io.crosstrust.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.ingest.local.LocalProcess;
import io.crosstrust.ingest.local.ProjectRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Flink standalone session cluster as separate OS processes on this machine, as {@code
 * start-cluster.sh} would run it from a Flink download: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), each a JVM
 * of its own on a classpath of Flink's runtime jars only (the {@code flink-runtime} module's {@code
 * target/lib}, resolved by Maven from Central; flink-dist is not published there for 2.x) and a
 * generated {@code config.yaml}. Jobs are submitted as {@code flink run} does it, over the REST API
 * ({@code /jars/upload}, then {@code /jars/:id/run}): the job's code reaches the cluster only
 * through the submitted jar.
 *
 * <p>Everything binds to 127.0.0.1 on free ports; checkpoints go to {@code
 * file://<workDir>/checkpoints}. Each process logs (log4j, INFO) to {@code <workDir>/log/*.log};
 * failures carry the tail of those logs. No process outlives the JVM (see {@link LocalProcess}).
 * For tests and {@code bench/}; production clusters are deployed from manifests.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    /** Entry point of the JobManager of a standalone session cluster. */
    public static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

    /** Entry point of a TaskManager. */
    public static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /**
     * What Flink's scripts pass to every process on Java 17 ({@code env.java.default-opts.all} of a
     * Flink 2.2 distribution): Flink and Kryo reach into these JDK internals.
     */
    private static final List<String> JAVA_MODULE_OPTIONS =
            List.of(
                    "-XX:+IgnoreUnrecognizedVMOptions",
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOG_TAIL_LINES = 40;
    private static final int FRAMEWORK_HEAP_MB = 64;

    private final Path workDir;
    private final Path runtimeLib;
    private final Map<String, String> environment;
    private final int taskHeapMb;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalProcess jobManager;
    private final List<LocalProcess> taskManagers = new ArrayList<>();

    private StandaloneFlinkCluster(Builder b, int restPort, LocalProcess jobManager) {
        this.workDir = b.workDir;
        this.runtimeLib = b.runtimeLib;
        this.environment = Map.copyOf(b.environment);
        this.taskHeapMb = b.taskHeapMb;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Options of the cluster; every one has a default except the work directory. */
    public static final class Builder {
        private final Path workDir;
        private Path runtimeLib;
        private int taskManagers = 2;
        private int slotsPerTaskManager = 1;
        private int taskHeapMb = 320;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(120);

        private Builder(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
        }

        /** Folder of Flink's runtime jars; default: {@code flink-runtime/target/lib}. */
        public Builder runtimeLib(Path lib) {
            this.runtimeLib = lib;
            return this;
        }

        public Builder taskManagers(int n) {
            this.taskManagers = n;
            return this;
        }

        public Builder slotsPerTaskManager(int n) {
            this.slotsPerTaskManager = n;
            return this;
        }

        /** Task heap of each TaskManager in MiB. */
        public Builder taskHeapMb(int mb) {
            this.taskHeapMb = mb;
            return this;
        }

        /**
         * A variable in the environment of every cluster process (e.g. the ClickHouse password the
         * jobs read from their environment).
         */
        public Builder environment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /** An extra {@code config.yaml} entry (overrides the generated one of the same key). */
        public Builder config(String key, String value) {
            this.config.put(key, value);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Writes the configuration, starts the JobManager and the TaskManagers and returns once the
         * REST API answers and every TaskManager has registered.
         *
         * @throws IllegalStateException with the processes' log tails if the cluster does not come
         *     up within the start-up timeout
         */
        public StandaloneFlinkCluster start() {
            if (taskManagers < 1 || slotsPerTaskManager < 1) {
                throw new IllegalArgumentException(
                        "a cluster needs >= 1 TaskManager with >= 1 slot, got "
                                + taskManagers
                                + " x "
                                + slotsPerTaskManager);
            }
            if (taskHeapMb < 64) {
                throw new IllegalArgumentException(
                        "the task heap must be >= 64 MiB for the jobs' operators, got "
                                + taskHeapMb);
            }
            if (runtimeLib == null) {
                runtimeLib = ProjectRoot.find().resolve("flink-runtime/target/lib");
            }
            if (!Files.isRegularFile(runtimeLib.resolve(jarName("flink-runtime")))
                    || !Files.isRegularFile(runtimeLib.resolve(jarName("flink-runtime-web")))) {
                throw new IllegalStateException(
                        "no Flink runtime jars in "
                                + runtimeLib
                                + ": build them with `mvn -pl flink-runtime package`");
            }
            int restPort = LocalProcess.freePort();
            writeConfig(restPort);
            LocalProcess jm =
                    startJvm(
                            "flink-jobmanager",
                            JOB_MANAGER_MAIN,
                            "384m",
                            workDir.resolve("log/jobmanager.log"),
                            runtimeLib,
                            workDir,
                            environment);
            StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(this, restPort, jm);
            try {
                for (int i = 0; i < taskManagers; i++) {
                    cluster.startTaskManager();
                }
                cluster.awaitTaskManagers(taskManagers, startupTimeout);
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private void writeConfig(int restPort) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("jobmanager.rpc.address", "127.0.0.1");
            c.put("jobmanager.rpc.port", Integer.toString(LocalProcess.freePort()));
            c.put("jobmanager.bind-host", "127.0.0.1");
            c.put("rest.address", "127.0.0.1");
            c.put("rest.bind-address", "127.0.0.1");
            c.put("rest.port", Integer.toString(restPort));
            c.put("taskmanager.host", "127.0.0.1");
            c.put("taskmanager.bind-host", "127.0.0.1");
            c.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
            c.put("taskmanager.cpu.cores", Integer.toString(slotsPerTaskManager));
            // A TaskManager started without flink-dist's scripts gets no memory sizes computed for
            // it (BashJavaUtils): every component is explicit, and -Xmx etc. match them.
            c.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
            c.put("taskmanager.memory.task.heap.size", taskHeapMb + "m");
            c.put("taskmanager.memory.framework.off-heap.size", "64m");
            c.put("taskmanager.memory.task.off-heap.size", "0m");
            c.put("taskmanager.memory.network.min", "32m");
            c.put("taskmanager.memory.network.max", "32m");
            c.put("taskmanager.memory.managed.size", "64m");
            c.put("taskmanager.memory.jvm-metaspace.size", "256m");
            c.put("taskmanager.memory.jvm-overhead.min", "192m");
            c.put("taskmanager.memory.jvm-overhead.max", "192m");
            c.put("jobmanager.memory.process.size", "640m");
            // A killed TaskManager is noticed within seconds (its peers' connections drop at once;
            // the heartbeat catches the rest), and the job restarts from its last checkpoint.
            c.put("heartbeat.interval", "1000");
            c.put("heartbeat.timeout", "10000");
            c.put("restart-strategy.type", "fixed-delay");
            c.put("restart-strategy.fixed-delay.attempts", "20");
            c.put("restart-strategy.fixed-delay.delay", "1 s");
            c.put("execution.checkpointing.storage", "filesystem");
            c.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
            c.put("web.upload.dir", workDir.resolve("uploads").toString());
            c.put("io.tmp.dirs", workDir.resolve("tmp").toString());
            c.put("blob.storage.directory", workDir.resolve("blobs").toString());
            c.putAll(config);
            StringBuilder yaml =
                    new StringBuilder(
                            "# generated by StandaloneFlinkCluster: a local standalone session"
                                    + " cluster\n");
            c.forEach((k, v) -> yaml.append(k).append(": ").append(yamlValue(v)).append('\n'));
            String log4j =
                    String.join(
                            "\n",
                            "# generated by StandaloneFlinkCluster: every process logs to stdout,"
                                    + " which goes to its log file",
                            "rootLogger.level = INFO",
                            "rootLogger.appenderRef.console.ref = console",
                            "appender.console.name = console",
                            "appender.console.type = Console",
                            "appender.console.layout.type = PatternLayout",
                            "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                            "logger.kafka.name = org.apache.kafka",
                            "logger.kafka.level = WARN",
                            "logger.clickhouse.name = com.clickhouse",
                            "logger.clickhouse.level = WARN",
                            "");
            try {
                for (String dir :
                        List.of("conf", "log", "checkpoints", "uploads", "tmp", "blobs")) {
                    Files.createDirectories(workDir.resolve(dir));
                }
                Files.writeString(workDir.resolve("conf/config.yaml"), yaml);
                Files.writeString(workDir.resolve("conf/log4j.properties"), log4j);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the cluster config in " + workDir, e);
            }
        }

        private String jarName(String artifact) {
            try (Stream<Path> jars = Files.list(runtimeLib)) {
                return jars.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches(artifact + "-\\d.*\\.jar"))
                        .findFirst()
                        .orElse(artifact + ".jar");
            } catch (IOException e) {
                return artifact + ".jar";
            }
        }
    }

    private static String yamlValue(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    private static LocalProcess startJvm(
            String name,
            String mainClass,
            String heap,
            Path log,
            Path runtimeLib,
            Path workDir,
            Map<String, String> environment) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JAVA_MODULE_OPTIONS);
        command.addAll(
                List.of(
                        "-Xms" + heap,
                        "-Xmx" + heap,
                        "-XX:MaxDirectMemorySize=160m",
                        "-XX:MaxMetaspaceSize=256m",
                        "-XX:+UseSerialGC",
                        "-Dlog4j.configurationFile="
                                + workDir.resolve("conf/log4j.properties").toUri(),
                        "-cp",
                        runtimeLib.toAbsolutePath() + "/*",
                        mainClass,
                        "--configDir",
                        workDir.resolve("conf").toString()));
        return LocalProcess.start(
                name, command, workDir, log, LocalProcess.DEFAULT_STOP_GRACE, environment);
    }

    /**
     * The shaded job jar the build makes at {@code package} ({@code
     * jobs/target/crosstrust-jobs-*-job.jar}): what a cluster runs.
     *
     * @throws IllegalStateException saying how to build it when it is missing
     */
    public static Path builtJobJar() {
        Path target = ProjectRoot.find().resolve("jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(
                            p -> {
                                String n = p.getFileName().toString();
                                return n.startsWith("crosstrust-jobs-") && n.endsWith("-job.jar");
                            })
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no crosstrust-jobs-*-job.jar in "
                                                    + target
                                                    + ": build it with `mvn -pl jobs -am package"
                                                    + " -DskipTests`"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no " + target + ": build the job jar with `mvn -pl jobs -am package`", e);
        }
    }

    /** The REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** Where the jobs' checkpoints go ({@code execution.checkpointing.dir}). */
    public Path checkpointDir() {
        return workDir.resolve("checkpoints");
    }

    /**
     * Starts one more TaskManager (a replacement after a kill, or to scale out); returns its index
     * for {@link #killTaskManager}. It has registered once {@link #awaitTaskManagers} returns.
     */
    public synchronized int startTaskManager() {
        int index = taskManagers.size();
        // heap = framework heap + task heap, as Flink's scripts would compute it
        String heap = (FRAMEWORK_HEAP_MB + taskHeapMb) + "m";
        taskManagers.add(
                startJvm(
                        "flink-taskmanager-" + index,
                        TASK_MANAGER_MAIN,
                        heap,
                        workDir.resolve("log/taskmanager-" + index + ".log"),
                        runtimeLib,
                        workDir,
                        environment));
        return index;
    }

    /**
     * Kills TaskManager {@code index} with SIGKILL (a crash: no deregistration, no cleanup) and
     * returns once the process is gone.
     */
    public synchronized void killTaskManager(int index) {
        taskManagers.get(index).kill();
    }

    /** TaskManager processes started so far (killed ones included), by index. */
    public synchronized List<LocalProcess> taskManagerProcesses() {
        return List.copyOf(taskManagers);
    }

    /** TaskManagers registered with the JobManager, as its REST API reports them. */
    public int registeredTaskManagers() {
        return get("/overview").path("taskmanagers").asInt();
    }

    /** Waits until exactly {@code n} TaskManagers are registered (a killed one has dropped out). */
    public void awaitTaskManagers(int n, Duration timeout) {
        await(
                "the JobManager to report " + n + " registered TaskManagers",
                timeout,
                () -> {
                    if (taskManagerProcesses().stream().noneMatch(LocalProcess::isAlive)) {
                        throw new IllegalStateException(
                                "every TaskManager process exited\n" + logTails());
                    }
                    try {
                        return registeredTaskManagers() == n;
                    } catch (RestException notYet) {
                        return false;
                    }
                });
    }

    /** Uploads a job jar ({@code POST /jars/upload}); returns the jar id the cluster gave it. */
    public String uploadJar(Path jar) {
        String boundary = "crosstrust-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(
                    ("--"
                                    + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                    + " filename=\""
                                    + jar.getFileName()
                                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job jar " + jar, e);
        }
        JsonNode reply =
                send(
                        HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .timeout(Duration.ofMinutes(2))
                                .build());
        String file = reply.path("filename").asText("");
        if (!"success".equals(reply.path("status").asText()) || file.isEmpty()) {
            throw new RestException("jar upload refused: " + reply + "\n" + logTails());
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's {@code entryClass} with program arguments at the given parallelism
     * ({@code POST /jars/:id/run}); returns the job id.
     */
    public String runJar(String jarId, String entryClass, List<String> args, int parallelism) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("entryClass", entryClass);
        request.put("programArgsList", args);
        request.put("parallelism", parallelism);
        JsonNode reply = post("/jars/" + jarId + "/run", request, Duration.ofMinutes(2));
        String jobId = reply.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new RestException("job not started: " + reply + "\n" + logTails());
        }
        return jobId;
    }

    /** Uploads and runs a job jar, as {@code flink run -p <parallelism> -c <entryClass>} does. */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) {
        return runJar(uploadJar(jar), entryClass, args, parallelism);
    }

    /** The job's state (CREATED, RUNNING, RESTARTING, FAILED, CANCELED, FINISHED, ...). */
    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** The job's details as the REST API gives them ({@code GET /jobs/:id}). */
    public JsonNode jobDetails(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** The job's checkpoint statistics ({@code GET /jobs/:id/checkpoints}). */
    public JsonNode checkpointStats(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * RUNNING subtasks per TaskManager id, over every vertex of the job: which TaskManagers run the
     * job, and how much of it.
     */
    public Map<String, Long> runningSubtasksPerTaskManager(String jobId) {
        Map<String, Long> perTaskManager = new TreeMap<>();
        for (JsonNode vertex : jobDetails(jobId).path("vertices")) {
            JsonNode details = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText());
            for (JsonNode subtask : details.path("subtasks")) {
                if ("RUNNING".equals(subtask.path("status").asText())) {
                    perTaskManager.merge(subtask.path("taskmanager-id").asText("?"), 1L, Long::sum);
                }
            }
        }
        return perTaskManager;
    }

    /**
     * Failures the job has been through (each followed by a restart while its restart strategy
     * allows): the entries of its exception history ({@code GET /jobs/:id/exceptions}).
     */
    public int failures(String jobId) {
        return get("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    /**
     * Waits until the job's state is one of {@code states}, and fails at once if it reaches a
     * terminal state that is not among them.
     */
    public void awaitJobState(String jobId, Set<String> states, Duration timeout) {
        Set<String> terminal = Set.of("FAILED", "CANCELED", "FINISHED");
        await(
                "job " + jobId + " to be " + states,
                timeout,
                () -> {
                    String state = jobState(jobId);
                    if (!states.contains(state) && terminal.contains(state)) {
                        throw new IllegalStateException(
                                "job "
                                        + jobId
                                        + " is "
                                        + state
                                        + ": "
                                        + get("/jobs/" + jobId + "/exceptions")
                                        + "\n"
                                        + logTails());
                    }
                    return states.contains(state);
                });
    }

    /**
     * Waits until every task of the job is RUNNING (not merely the job: its tasks may still be
     * deploying or waiting for slots).
     */
    public void awaitAllTasksRunning(String jobId, Duration timeout) {
        await(
                "every task of job " + jobId + " to run",
                timeout,
                () -> {
                    JsonNode details = jobDetails(jobId);
                    if (!"RUNNING".equals(details.path("state").asText())) {
                        return false;
                    }
                    for (JsonNode vertex : details.path("vertices")) {
                        if (!"RUNNING".equals(vertex.path("status").asText())) {
                            return false;
                        }
                    }
                    return details.path("vertices").size() > 0;
                });
    }

    /** Cancels a job ({@code PATCH /jobs/:id?mode=cancel}) and waits until it is CANCELED. */
    public void cancel(String jobId) {
        send(
                HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(30))
                        .build());
        awaitJobState(jobId, Set.of("CANCELED"), Duration.ofSeconds(60));
    }

    /** The last lines of every process's log, for failure messages. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        List<LocalProcess> all = new ArrayList<>();
        all.add(jobManager);
        synchronized (this) {
            all.addAll(taskManagers);
        }
        for (LocalProcess p : all) {
            out.append("---- ")
                    .append(p)
                    .append(p.isAlive() ? "" : " (exited)")
                    .append(", last ")
                    .append(LOG_TAIL_LINES)
                    .append(" lines of its log in ")
                    .append(workDir.resolve("log"))
                    .append('\n')
                    .append(p.logTail(LOG_TAIL_LINES))
                    .append('\n');
        }
        return out.toString();
    }

    /** Stops every TaskManager, then the JobManager; logs and checkpoints stay in the work dir. */
    @Override
    public void close() {
        List<LocalProcess> tms;
        synchronized (this) {
            tms = List.copyOf(taskManagers);
        }
        for (LocalProcess tm : tms) {
            tm.close();
        }
        jobManager.close();
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException(
                        "the JobManager exited (code "
                                + jobManager.exitValue()
                                + ") while waiting for "
                                + what
                                + "\n"
                                + logTails());
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "timed out after " + timeout + " waiting for " + what + "\n" + logTails());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    private JsonNode get(String path) {
        return send(
                HttpRequest.newBuilder(URI.create(restUrl() + path))
                        .GET()
                        .timeout(Duration.ofSeconds(30))
                        .build());
    }

    private JsonNode post(String path, Object body, Duration timeout) {
        try {
            return send(
                    HttpRequest.newBuilder(URI.create(restUrl() + path))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            JSON.writeValueAsBytes(body)))
                            .timeout(timeout)
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RestException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted: " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RestException(
                    request.method()
                            + " "
                            + request.uri()
                            + " -> HTTP "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        try {
            String body = response.body();
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new RestException("not JSON from " + request.uri() + ": " + response.body(), e);
        }
    }

    /** The REST API refused a request or could not be reached. */
    public static final class RestException extends RuntimeException {
        RestException(String message) {
            super(message);
        }

        RestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
