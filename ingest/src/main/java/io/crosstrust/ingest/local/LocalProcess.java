package io.crosstrust.ingest.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack (a chain node, a ClickHouse server) that must never outlive
 * this JVM: stopped on close(), and by a shutdown hook if close() is never reached.
 */
public final class LocalProcess implements AutoCloseable {
    /** How long a process gets to exit after SIGTERM before it is killed. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration stopGrace;
    private final Thread hook;

    private LocalProcess(String name, Process process, Path log, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopGrace = stopGrace;
        this.hook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a command with stdout and stderr appended to a log file. */
    public static LocalProcess start(String name, List<String> command, Path workDir, Path log) {
        return start(name, command, workDir, log, DEFAULT_STOP_GRACE);
    }

    /**
     * Starts a command with stdout and stderr appended to a log file; close() sends SIGTERM and
     * kills it if it has not exited after {@code stopGrace}.
     */
    public static LocalProcess start(
            String name, List<String> command, Path workDir, Path log, Duration stopGrace) {
        return start(name, command, workDir, log, stopGrace, Map.of());
    }

    /**
     * As {@link #start(String, List, Path, Path, Duration)}, with {@code environment} added to the
     * child's environment (secrets such as a password reach a child this way, never on its command
     * line).
     */
    public static LocalProcess start(
            String name,
            List<String> command,
            Path workDir,
            Path log,
            Duration stopGrace,
            Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Test JVMs preload the JVM's libjsig for chDB (sinks' ChDb); it has no business in a
            // child process.
            String preload = builder.environment().get("LD_PRELOAD");
            if (preload != null && preload.contains("libjsig")) {
                builder.environment().remove("LD_PRELOAD");
            }
            builder.environment().putAll(environment);
            return new LocalProcess(name, builder.start(), log, stopGrace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    /** The exit code; only valid once {@link #isAlive()} is false. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the process's log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * {@code n} distinct free TCP ports: all are held open together while they are picked, so the
     * system cannot hand out one of them twice (as separate {@link #freePort()} calls may).
     */
    public static int[] freePorts(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no " + n + " free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the port is free again either way
                    }
                }
            }
        }
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process at once (SIGKILL, no grace), as a crash would, and waits until it is gone.
     * Nothing it had not written out survives; what it wrote to files stays for a restart.
     */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " is still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        close();
    }

    /**
     * Waits up to {@code timeout} for the process to exit on its own.
     *
     * @return whether it exited
     */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran already: nothing left to remove
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
