package io.crosstrust.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where and as whom to reach ClickHouse over HTTP: base URL ({@code http://host:8123}), user,
 * password and database. Serializable so a Flink sink can carry it to its writers.
 *
 * <p>The password comes from the caller (configuration, a secret store) and is never logged: {@link
 * #toString()} masks it, and the URL may not carry credentials. Works against ClickHouse 18.16 (the
 * embedded stack) and current releases.
 */
public final class ClickHouseConnection implements Serializable {
    private static final long serialVersionUID = 1L;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);

    private final String url;
    private final String user;
    private final String password;
    private final String database;

    private ClickHouseConnection(String url, String user, String password, String database) {
        this.url = checkUrl(url);
        this.user = Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty");
        }
        this.password = Objects.requireNonNull(password, "password (use \"\" for none)");
        this.database = ClickHouseIdentifier.check(database, "database");
    }

    /**
     * @param url {@code http://host:port} or {@code https://host:port}, no user info, path or query
     * @param password may be empty, never null
     * @param database a plain identifier
     */
    public static ClickHouseConnection of(
            String url, String user, String password, String database) {
        return new ClickHouseConnection(url, user, password, database);
    }

    public ClickHouseConnection withDatabase(String otherDatabase) {
        return new ClickHouseConnection(url, user, password, otherDatabase);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** The secret itself: pass it on to a client, never into a log line. */
    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    /**
     * A client-v2 client set up for what works on every supported server version: uncompressed
     * responses (with client-v2's default response compression, 18.16 answers a SELECT with an
     * empty body and no error), no client-side retries (the sink retries with its own backoff), the
     * connection's database as default. Reads through it need the format in the SQL text ({@code
     * ... FORMAT TabSeparated}); {@link ClickHouseQuery} is the simpler way to read.
     */
    public Client openClient() {
        return new Client.Builder()
                .addEndpoint(url)
                .setUsername(user)
                .setPassword(password)
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setMaxRetries(0)
                .setConnectTimeout(CONNECT_TIMEOUT.toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(SOCKET_TIMEOUT.toMillis(), ChronoUnit.MILLIS)
                .build();
    }

    private static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("url must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "url must not carry credentials: pass user and password separately");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    "url must name a host and a port, e.g. " + "http://127.0.0.1:8123");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must be scheme://host:port only, got " + url);
        }
        return scheme + "://" + uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClickHouseConnection)) {
            return false;
        }
        ClickHouseConnection that = (ClickHouseConnection) o;
        return url.equals(that.url)
                && user.equals(that.user)
                && password.equals(that.password)
                && database.equals(that.database);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, database);
    }

    @Override
    public String toString() {
        return "ClickHouseConnection{url="
                + url
                + ", user="
                + user
                + ", password="
                + (password.isEmpty() ? "(none)" : "****")
                + ", database="
                + database
                + "}";
    }
}
