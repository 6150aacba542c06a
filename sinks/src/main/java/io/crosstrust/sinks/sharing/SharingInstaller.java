package io.crosstrust.sinks.sharing;

import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Puts a {@link SharingSpec} into a ClickHouse 18.16 server we configure ourselves (the local
 * server): runs its DDL as the admin, writes the tier users into the server's {@code users.d/} and
 * waits until the server has reloaded them (it polls its users files every few seconds). Returns a
 * connection per tier, each with that tier's user and database.
 */
public final class SharingInstaller {
    public static final String USERS_FILE = "crosstrust-sharing.xml";

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
        Files.createDirectories(usersDir);
        Path tmp = usersDir.resolve(USERS_FILE + ".tmp");
        Files.writeString(tmp, spec.legacyUsersXml(passwords), StandardCharsets.UTF_8);
        // the server must never read a half-written users file
        Files.move(
                tmp,
                usersDir.resolve(USERS_FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
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
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new IOException("interrupted", ie));
                }
            }
        }
    }
}
