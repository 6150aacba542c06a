package io.crosstrust.sinks.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5: a running {@link LocalClickHouseServer} (ClickHouse 18.16 here) for the tests of one
 * class, in a temporary work directory removed afterwards. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();
 *
 * @Test
 * void writes() throws Exception {
 *     ClickHouseConnection db = CLICKHOUSE.createSchema("my_test");
 *     ...
 * }
 * }</pre>
 *
 * The server has user {@code default} with a non-empty password, so tests exercise authentication
 * as production does.
 */
public final class ClickHouseServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    public static final String DEFAULT_PASSWORD = "crosstrust-test-secret";

    private final String password;
    private Path workDir;
    private LocalClickHouseServer server;

    public ClickHouseServerExtension() {
        this(DEFAULT_PASSWORD);
    }

    public ClickHouseServerExtension(String password) {
        this.password = password;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            workDir = Files.createTempDirectory("crosstrust-clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = LocalClickHouseServer.start(workDir, password);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            throw new IllegalStateException(
                    "ClickHouseServerExtension must be registered on a static field");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            if (workDir != null) {
                ChDb.deleteQuietly(workDir);
            }
        }
    }

    public LocalClickHouseServer server() {
        if (server == null) {
            throw new IllegalStateException("the ClickHouse server is not running");
        }
        return server;
    }

    /** Connection settings for {@code database} (not created). */
    public ClickHouseConnection connection(String database) {
        return server().connection(database);
    }

    /**
     * Creates {@code database} with every table of {@link ClickHouseSchema}; returns its
     * connection.
     */
    public ClickHouseConnection createSchema(String database) {
        ClickHouseConnection connection = connection(database);
        ClickHouseSchema.apply(connection);
        return connection;
    }
}
