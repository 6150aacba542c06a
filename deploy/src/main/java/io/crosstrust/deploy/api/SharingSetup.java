package io.crosstrust.deploy.api;

import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.sharing.SharingInstaller;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The sharing set-up of a local stack, kept in {@code <work dir>/sharing/} (owner-only files):
 * {@code tiers.properties} (ClickHouse URL, each tier's user and password: what {@code crosstrust
 * serve} needs to run the API beside a running stack; and the ClickHouse user, password and
 * database of each demo principal, whose rows the server itself restricts), {@code api-keys.hashed}
 * (the key file the service reads) and {@code api-keys.txt} (the demo keys themselves, for the
 * operator to hand out; nothing prints them).
 */
public final class SharingSetup {
    public static final String TIERS_FILE = "tiers.properties";
    public static final String KEYS_FILE = "api-keys.hashed";
    public static final String PLAIN_KEYS_FILE = "api-keys.txt";

    /** Demo principals of the synthetic trade world (a buyer and a seller that exist in it). */
    static final String DEMO_COUNTERPARTY = "B000001";

    static final String DEMO_ENTITY = "S000001";

    private SharingSetup() {}

    /**
     * The demo principals with ClickHouse users of their own: the demo counterparty and entity, the
     * same entities as the demo API keys.
     */
    static final List<SharingSpec.Principal> DEMO_PRINCIPALS =
            List.of(
                    new SharingSpec.Principal(
                            "demo_counterparty", SharingTier.COUNTERPARTY, DEMO_COUNTERPARTY),
                    new SharingSpec.Principal("demo_entity", SharingTier.ENTITY, DEMO_ENTITY));

    /**
     * Installs the tiers into the local 18.16 server (DDL + users.d), and the demo principals'
     * row-scoped users, with fresh random passwords, writes the files above and returns each tier's
     * connection.
     *
     * @param nativePort the server's native port (the row-scope cluster connects to it)
     */
    public static Map<SharingTier, ClickHouseConnection> installLocal(
            SharingSpec spec,
            ClickHouseConnection admin,
            Path usersDir,
            int nativePort,
            Path sharingDir)
            throws IOException {
        Map<SharingTier, String> passwords = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            passwords.put(t, ApiKeys.newKey());
        }
        Map<SharingTier, ClickHouseConnection> tiers =
                SharingInstaller.installLegacy(
                        spec, admin, usersDir, passwords, Duration.ofSeconds(30));
        Map<String, String> principalPasswords = new LinkedHashMap<>();
        for (SharingSpec.Principal pr : DEMO_PRINCIPALS) {
            principalPasswords.put(pr.name(), ApiKeys.newKey());
        }
        Map<String, ClickHouseConnection> principals =
                SharingInstaller.installLegacyPrincipals(
                        spec,
                        admin,
                        usersDir,
                        nativePort,
                        DEMO_PRINCIPALS,
                        principalPasswords,
                        ApiKeys.newKey(),
                        Duration.ofSeconds(30));
        Files.createDirectories(sharingDir);
        Properties p = new Properties();
        p.setProperty("clickhouse", admin.url());
        p.setProperty("database", spec.baseDatabase());
        for (Map.Entry<SharingTier, ClickHouseConnection> e : tiers.entrySet()) {
            p.setProperty(e.getKey().key() + ".user", e.getValue().user());
            p.setProperty(e.getKey().key() + ".password", e.getValue().password());
        }
        for (SharingSpec.Principal pr : DEMO_PRINCIPALS) {
            ClickHouseConnection c = principals.get(pr.name());
            String prefix = "principal." + pr.name() + ".";
            p.setProperty(prefix + "entity", pr.entityId());
            p.setProperty(prefix + "user", c.user());
            p.setProperty(prefix + "password", c.password());
            p.setProperty(prefix + "database", c.database());
        }
        StringWriter tiersText = new StringWriter();
        p.store(tiersText, "crosstrust sharing tiers of the local stack: secrets, keep private");
        SharingInstaller.writePrivate(sharingDir.resolve(TIERS_FILE), tiersText.toString());
        if (!Files.exists(sharingDir.resolve(KEYS_FILE))) {
            List<String> plain = new ArrayList<>();
            List<String> hashed = new ArrayList<>();
            plain.add("# demo API keys, one per tier: name tier entity key");
            hashed.add("# name tier entity salt sha256(salt||key)");
            for (SharingTier t : SharingTier.values()) {
                String entity =
                        switch (t) {
                            case COUNTERPARTY -> DEMO_COUNTERPARTY;
                            case ENTITY -> DEMO_ENTITY;
                            default -> null;
                        };
                String key = ApiKeys.newKey();
                String name = "demo-" + t.key();
                plain.add(name + " " + t.key() + " " + (entity == null ? "-" : entity) + " " + key);
                hashed.add(ApiKeys.line(name, t, entity, key));
            }
            SharingInstaller.writePrivate(
                    sharingDir.resolve(PLAIN_KEYS_FILE), String.join("\n", plain) + "\n");
            SharingInstaller.writePrivate(
                    sharingDir.resolve(KEYS_FILE), String.join("\n", hashed) + "\n");
        }
        return tiers;
    }

    /** Each tier's connection from a {@code tiers.properties} file. */
    public static Map<SharingTier, ClickHouseConnection> readTiers(Path file, SharingSpec spec)
            throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String url = required(p, "clickhouse", file);
        Map<SharingTier, ClickHouseConnection> out = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            out.put(
                    t,
                    ClickHouseConnection.of(
                            url,
                            required(p, t.key() + ".user", file),
                            required(p, t.key() + ".password", file),
                            spec.database(t)));
        }
        return out;
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return v.strip();
    }
}
