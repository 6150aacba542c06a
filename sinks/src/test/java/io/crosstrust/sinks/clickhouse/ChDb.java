package io.crosstrust.sinks.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Current ClickHouse (chDB, ClickHouse as a library: npm {@code @chdb/lib-linux-x64-gnu}, in the
 * project's node_modules) inside the test JVM, through its C API and JNA. Tests use it to prove
 * that every statement the project ships also runs on a current release, beside the 18.16 server of
 * {@link LocalClickHouseServer}.
 *
 * <p>One engine per process ({@link #shared()}): chDB supports a single storage path per process
 * and warns against shutting the engine down and booting it again, so the session lives until the
 * JVM exits. Tests isolate themselves by database name.
 *
 * <p><b>The JVM must run with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}</b> (sinks/pom.xml sets
 * it for failsafe; copy that to any module whose tests use this class). chDB installs handlers for
 * SIGSEGV, SIGBUS, SIGILL, SIGFPE, ... and would replace HotSpot's, which the JVM needs for
 * implicit null checks and safepoints: without libjsig the first NullPointerException in compiled
 * code hangs the JVM for minutes and then kills it. With libjsig the JVM keeps its handlers and
 * merely chains chDB's. {@link #shared()} refuses to load chDB without it.
 */
public final class ChDb {
    /** Where npm puts the library, relative to the project root. */
    public static final String LIBRARY = "node_modules/@chdb/lib-linux-x64-gnu/libchdb.so";

    private static ChDb shared;

    private final LibChDb lib;
    private final Pointer connectionHandle; // chdb_connection* as returned by chdb_connect
    private final Path dir;
    private boolean closed;

    /** The C API, as in chdb.h (chDB 26.x). size_t is 64-bit on the only platform we load. */
    interface LibChDb extends Library {
        void chdb_set_signal_handlers_enabled(int enabled);

        Pointer chdb_connect(int argc, String[] argv);

        Pointer chdb_query_n(
                Pointer connection,
                byte[] query,
                long queryLength,
                byte[] format,
                long formatLength);

        Pointer chdb_result_buffer(Pointer result);

        long chdb_result_length(Pointer result);

        Pointer chdb_result_error(Pointer result);

        void chdb_destroy_query_result(Pointer result);

        void chdb_close_conn(Pointer connection);
    }

    private ChDb(LibChDb lib, Pointer connectionHandle, Path dir) {
        this.lib = lib;
        this.connectionHandle = connectionHandle;
        this.dir = dir;
    }

    /** The process-wide chDB session (started on first use, in a temporary directory). */
    public static synchronized ChDb shared() {
        if (shared == null) {
            shared = open();
        }
        return shared;
    }

    /** True when the library is installed (npm ci); says nothing about libjsig. */
    public static boolean isInstalled() {
        return Files.isRegularFile(libraryPath());
    }

    public static Path libraryPath() {
        return ProjectRoot.find().resolve(LIBRARY);
    }

    /** Runs one statement and returns its output as TabSeparated text. */
    public String query(String sql) {
        return query(sql, "TabSeparated");
    }

    /** Runs one statement and returns its output in {@code format} (e.g. "JSONEachRow"). */
    public String query(String sql, String format) {
        return new String(
                run(sql.getBytes(StandardCharsets.UTF_8), format), StandardCharsets.UTF_8);
    }

    /**
     * Inserts RowBinary rows, the same bytes the sink sends to a server: {@code INSERT INTO table
     * (columns) FORMAT RowBinary} followed by the data in one binary-safe call.
     */
    public void insertRowBinary(String qualifiedTable, List<String> columns, byte[] rows) {
        String head =
                "INSERT INTO "
                        + qualifiedTable
                        + " ("
                        + String.join(", ", columns)
                        + ") FORMAT RowBinary\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] statement = new byte[headBytes.length + rows.length];
        System.arraycopy(headBytes, 0, statement, 0, headBytes.length);
        System.arraycopy(rows, 0, statement, headBytes.length, rows.length);
        run(statement, "TabSeparated");
    }

    /** The ClickHouse version of the engine, e.g. "26.5.1.1". */
    public String version() {
        return query("SELECT version()").strip();
    }

    /** The session's storage directory (deleted when the JVM exits). */
    public Path directory() {
        return dir;
    }

    private synchronized byte[] run(byte[] statement, String format) {
        if (closed) {
            throw new IllegalStateException("chDB is closed (the JVM is exiting)");
        }
        Pointer connection = connectionHandle.getPointer(0);
        byte[] formatBytes = format.getBytes(StandardCharsets.US_ASCII);
        Pointer result =
                lib.chdb_query_n(
                        connection, statement, statement.length, formatBytes, formatBytes.length);
        if (result == null) {
            throw new IllegalStateException("chDB returned no result for: " + preview(statement));
        }
        try {
            Pointer error = lib.chdb_result_error(result);
            if (error != null) {
                drainAfterError();
                throw new IllegalStateException(
                        "chDB: "
                                + error.getString(0, StandardCharsets.UTF_8.name()).strip()
                                + "\nstatement: "
                                + preview(statement));
            }
            long length = lib.chdb_result_length(result);
            Pointer buffer = lib.chdb_result_buffer(result);
            if (length == 0 || buffer == null) {
                return new byte[0];
            }
            return buffer.getByteArray(0, Math.toIntExact(length));
        } finally {
            lib.chdb_destroy_query_result(result);
        }
    }

    /**
     * chDB (26.5) keeps output a failed query had already produced (e.g. the header row of a
     * TabSeparatedWithNames result) and prepends it to the next query's result. A throw-away query
     * takes it.
     */
    private void drainAfterError() {
        byte[] select = "SELECT 1".getBytes(StandardCharsets.US_ASCII);
        byte[] format = "TabSeparated".getBytes(StandardCharsets.US_ASCII);
        Pointer drained =
                lib.chdb_query_n(
                        connectionHandle.getPointer(0),
                        select,
                        select.length,
                        format,
                        format.length);
        if (drained != null) {
            lib.chdb_destroy_query_result(drained);
        }
    }

    private static String preview(byte[] statement) {
        String text =
                new String(statement, 0, Math.min(statement.length, 500), StandardCharsets.UTF_8);
        return statement.length > 500 ? text + "..." : text;
    }

    private static ChDb open() {
        Path library = libraryPath();
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException(
                    "chDB not installed at " + library + ": run deploy/bin/setup node (npm ci)");
        }
        if (!libjsigPreloaded()) {
            throw new IllegalStateException(
                    "chDB needs the JVM's signal chaining: run this JVM with LD_PRELOAD="
                            + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")
                            + " (see sinks/pom.xml, failsafe environmentVariables)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("crosstrust-chdb-");
            // An explicit, empty config: chDB would otherwise read a config.xml from the working
            // directory if one happens to be there.
            Files.writeString(dir.resolve("config.xml"), "<clickhouse></clickhouse>\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a chDB directory", e);
        }
        LibChDb lib = Native.load(library.toString(), LibChDb.class);
        // chDB's own crash handlers sleep for minutes before re-raising; with libjsig they would
        // sit behind the JVM's anyway. Turn them off before the engine starts.
        lib.chdb_set_signal_handlers_enabled(0);
        String[] argv = {
            "clickhouse",
            "--path=" + dir.resolve("data"),
            "--config-file=" + dir.resolve("config.xml")
        };
        Pointer handle = lib.chdb_connect(argv.length, argv);
        if (handle == null || handle.getPointer(0) == null) {
            throw new IllegalStateException("chdb_connect failed for " + dir);
        }
        ChDb chDb = new ChDb(lib, handle, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(chDb::shutDown, "close-chdb"));
        return chDb;
    }

    /**
     * At JVM exit: stop the engine, then delete its directory. Left running, chDB's background
     * threads (merges, JIT-compiled code) met the process's static destructors at exit() and
     * crashed the JVM with SIGSEGV in libchdb after every test had passed; closing the connection
     * first joins them.
     */
    private synchronized void shutDown() {
        if (!closed) {
            closed = true;
            lib.chdb_close_conn(connectionHandle);
        }
        deleteQuietly(dir);
    }

    private static boolean libjsigPreloaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libjsig.so");
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // best effort at exit
                                }
                            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
