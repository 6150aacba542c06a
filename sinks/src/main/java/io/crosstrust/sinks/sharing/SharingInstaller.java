package io.crosstrust.sinks.sharing;

import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a {@link SharingSpec} into a ClickHouse 18.16 server we configure ourselves (the local
 * server): runs its DDL as the admin, writes the tier users into the server's {@code users.d/} and
 * waits until the server has reloaded them (it polls its users files every few seconds). Returns a
 * connection per tier, each with that tier's user and database.
 */
public final class SharingInstaller {
    public static final String USERS_FILE = "crosstrust-sharing.xml";
    public static final String PRINCIPALS_FILE = "crosstrust-principals.xml";
    public static final String CLUSTER_FILE = "crosstrust-rowscope.xml";

    private SharingInstaller() {}

    /**
     * @param admin a connection allowed to create databases (the local server's default user)
     * @param usersDir the {@code users.d} directory next to the server's users.xml
     * @param passwords one secret per tier (stored hashed in the users file)
     */
    public static Map<SharingTier, ClickHouseConnection> installLegacy(
            SharingSpec spec,
            ClickHouseConnection admin,
            Path usersDir,
            Map<SharingTier, String> passwords,
            Duration reloadTimeout)
            throws IOException {
        ClickHouseQuery q = new ClickHouseQuery(admin.withDatabase("default"));
        for (String sql : spec.legacyStatements()) {
            q.execute(sql);
        }
        writePrivate(usersDir.resolve(USERS_FILE), spec.legacyUsersXml(passwords));
        Map<SharingTier, ClickHouseConnection> out = new EnumMap<>(SharingTier.class);
        for (SharingTier tier : SharingTier.values()) {
            out.put(
                    tier,
                    ClickHouseConnection.of(
                            admin.url(),
                            spec.principalName(tier),
                            passwords.get(tier),
                            spec.database(tier)));
        }
        long deadline = System.nanoTime() + reloadTimeout.toNanos();
        for (ClickHouseConnection c : out.values()) {
            awaitUser(c, deadline);
        }
        return out;
    }

    /**
     * Gives each principal its own ClickHouse user on 18.16, reading only its rows ({@link
     * SharingSpec#legacyPrincipalStatements}): writes the row-scope cluster into {@code config.d}
     * (next to {@code usersDir}; owner-only, as it holds the row-scope user's password), the users
     * into {@code users.d}, waits until the server has loaded both, then runs the DDL as admin. Run
     * after {@link #installLegacy}. Returns each principal's connection, by name.
     *
     * @param nativePort the server's native (TCP) port, which the cluster connects to
     * @param passwords one secret per principal name (stored hashed)
     * @param rowScopePassword the row-scope user's secret (a fresh random one per install is best)
     */
    public static Map<String, ClickHouseConnection> installLegacyPrincipals(
            SharingSpec spec,
            ClickHouseConnection admin,
            Path usersDir,
            int nativePort,
            List<SharingSpec.Principal> principals,
            Map<String, String> passwords,
            String rowScopePassword,
            Duration reloadTimeout)
            throws IOException {
        long deadline = System.nanoTime() + reloadTimeout.toNanos();
        writePrivate(
                usersDir.resolveSibling("config.d").resolve(CLUSTER_FILE),
                spec.legacyRowScopeClusterXml(nativePort, rowScopePassword));
        writePrivate(
                usersDir.resolve(PRINCIPALS_FILE),
                spec.legacyPrincipalUsersXml(principals, passwords, rowScopePassword));
        ClickHouseQuery q = new ClickHouseQuery(admin.withDatabase("default"));
        await(
                () ->
                        q.select(
                                        "SELECT count() FROM system.clusters WHERE cluster ="
                                                + " {c:String}",
                                        Map.of("c", spec.rowScopeCluster()))
                                .single()
                                .equals("1"),
                "the row-scope cluster " + spec.rowScopeCluster(),
                deadline);
        awaitUser(
                ClickHouseConnection.of(
                        admin.url(), spec.rowScopeUser(), rowScopePassword, spec.baseDatabase()),
                deadline);
        for (String sql : spec.legacyPrincipalStatements(principals)) {
            q.execute(sql);
        }
        Map<String, ClickHouseConnection> out = new LinkedHashMap<>();
        for (SharingSpec.Principal p : principals) {
            ClickHouseConnection c =
                    ClickHouseConnection.of(
                            admin.url(),
                            spec.principalUser(p),
                            passwords.get(p.name()),
                            spec.principalDatabase(p));
            awaitUser(c, deadline);
            out.put(p.name(), c);
        }
        return out;
    }

    /**
     * Writes a file that holds secrets: owner-only ({@code rw-------}) from its creation, and
     * atomically, so that no reader (the server polling its users files, say) sees half of it.
     * Creates the parent directories.
     */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    private static void await(Check check, String what, long deadline) throws IOException {
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("ClickHouse did not load " + what + " in time");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", ie));
        }
    }

    private static void awaitUser(ClickHouseConnection c, long deadline) throws IOException {
        ClickHouseQuery q = new ClickHouseQuery(c);
        while (true) {
            try {
                q.select("SELECT 1");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "ClickHouse did not load sharing user " + c.user() + " in time", e);
                }
                sleep();
            }
        }
    }
}
