package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/** The key sources, and that no message, description or serialized form carries the key. */
class OracleKeyTest {
    private static final String KEY = OracleTestScores.UPDATER_KEY;
    private static final String BARE = KEY.substring(2);

    private static void assertNoSecret(String text, String... secrets) {
        for (String s : secrets) {
            assertThat(text.toLowerCase()).doesNotContain(s.toLowerCase());
        }
    }

    @Test
    void anEnvironmentVariableHoldsTheKeyWithOrWithout0x() {
        OracleKey key = OracleKey.fromEnv("K");
        Credentials c = key.load(Map.of("K", KEY));
        assertThat(key.load(Map.of("K", " " + BARE + "\n")).getAddress()).isEqualTo(c.getAddress());
        assertThat(key.describe()).isEqualTo("environment variable K");
        assertNoSecret(key.toString(), BARE);
    }

    @Test
    void aMissingOrMalformedKeyFailsWithoutEchoingIt() {
        OracleKey key = OracleKey.fromEnv("CROSSTRUST_ORACLE_KEY");
        assertThatThrownBy(() -> key.load(Map.of()))
                .hasMessageContaining("set the environment variable CROSSTRUST_ORACLE_KEY");
        String typo = BARE.substring(0, 63) + "g"; // a key with one wrong digit
        Throwable t =
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> key.load(Map.of("CROSSTRUST_ORACLE_KEY", typo)));
        assertThat(t).hasMessageContaining("does not hold a private key");
        assertNoSecret(String.valueOf(t), typo, BARE.substring(0, 63));
        Throwable shortKey =
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> key.load(Map.of("CROSSTRUST_ORACLE_KEY", BARE.substring(2))));
        assertNoSecret(String.valueOf(shortKey), BARE.substring(2));
    }

    @Test
    void anEncryptedKeystoreWithAPasswordFile(@TempDir Path dir) throws Exception {
        Credentials c = Credentials.create(KEY);
        String file =
                WalletUtils.generateWalletFile(
                        "s3cret-pass", c.getEcKeyPair(), dir.toFile(), false);
        Path keystore = dir.resolve(file);
        Path password = dir.resolve("password");
        Files.writeString(password, "s3cret-pass\n", StandardCharsets.UTF_8);
        OracleKey key = OracleKey.fromKeystore(keystore, password);
        assertThat(key.load(Map.of()).getAddress()).isEqualTo(c.getAddress());

        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-pass", StandardCharsets.UTF_8);
        Throwable t =
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> OracleKey.fromKeystore(keystore, wrong).load(Map.of()));
        assertThat(t)
                .hasMessageContaining("cannot decrypt the keystore")
                .hasMessageContaining("wrong password");
        assertNoSecret(String.valueOf(t), "not-the-pass", "s3cret-pass", BARE);
        Throwable missing =
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> OracleKey.fromKeystore(dir.resolve("nope"), password).load(Map.of()));
        assertThat(missing).hasMessageContaining("cannot read the keystore");
        assertNoSecret(String.valueOf(missing), "s3cret-pass");

        // what travels with the Flink job: the description only
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(key);
        }
        assertNoSecret(bytes.toString(StandardCharsets.ISO_8859_1), "s3cret-pass", BARE);
    }
}
