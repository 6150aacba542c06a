package io.crosstrust.deploy.api;

import io.crosstrust.sinks.sharing.SharingTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys the query service accepts, each mapped to a sharing tier and, for the counterparty
 * and entity tiers, to the entity it speaks for. Only salted SHA-256 hashes are held (and stored):
 * a key file line is {@code <name> <tier> <entity or -> <salt hex> <sha256(salt || key) hex>};
 * {@code #} starts a comment. Keys themselves are never stored, printed by the service or logged; a
 * key is compared in constant time.
 */
public final class ApiKeys {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a key belongs to. {@code entity} is null for tiers that read every row. */
    public record Principal(String name, SharingTier tier, String entity) {}

    private record Entry(Principal principal, byte[] salt, byte[] hash) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5 || !NAME.matcher(f[0]).matches()) {
                throw new IllegalArgumentException(
                        "API key file line " + n + ": want <name> <tier> <entity|-> <salt> <hash>");
            }
            SharingTier tier = SharingTier.fromKey(f[1]);
            String entity = f[2].equals("-") ? null : Validation.entityId(f[2]);
            if (tier.needsPrincipal() != (entity != null)) {
                throw new IllegalArgumentException(
                        "API key file line "
                                + n
                                + ": tier "
                                + tier.key()
                                + (tier.needsPrincipal() ? " needs" : " takes no")
                                + " entity");
            }
            out.add(
                    new Entry(
                            new Principal(f[0], tier, entity),
                            HexFormat.of().parseHex(f[3]),
                            HexFormat.of().parseHex(f[4])));
        }
        return new ApiKeys(out);
    }

    public static ApiKeys load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The principal of a presented key, if it is one of ours. */
    public Optional<Principal> authenticate(String key) {
        if (key == null || key.isEmpty() || key.length() > 256) {
            return Optional.empty();
        }
        Principal found = null;
        for (Entry e : entries) {
            // every entry is hashed and compared, match or not: no timing hint
            if (MessageDigest.isEqual(hash(e.salt, key), e.hash) && found == null) {
                found = e.principal;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    /** A fresh random key (URL-safe, 43 chars). */
    public static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The key file line for a key: what an operator stores instead of the key. */
    public static String line(String name, SharingTier tier, String entity, String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return name
                + " "
                + tier.key()
                + " "
                + (entity == null ? "-" : entity)
                + " "
                + HexFormat.of().formatHex(salt)
                + " "
                + HexFormat.of().formatHex(hash(salt, key));
    }

    static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            return d.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
