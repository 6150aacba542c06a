package io.crosstrust.sinks.oracle;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Where the oracle's signing key comes from: an environment variable holding the hex private key
 * (default {@value #DEFAULT_ENV}), or an encrypted JSON keystore (web3j WalletUtils, the geth/Besu
 * format) with its password in a file. Only the description travels with the Flink job (it is
 * Serializable); the key itself is read where the writer runs, when it starts, so it is never part
 * of the job graph, a checkpoint, a log line or an error message: messages name the variable or the
 * file, never their contents.
 */
public abstract sealed class OracleKey implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_ENV = "CROSSTRUST_ORACLE_KEY";

    private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private OracleKey() {}

    /** The private key in hex (64 digits, optional 0x) in the environment variable {@code name}. */
    public static OracleKey fromEnv(String name) {
        return new FromEnv(name);
    }

    /** An encrypted keystore file and a file holding its password (first line). */
    public static OracleKey fromKeystore(Path keystore, Path passwordFile) {
        return new FromKeystore(keystore.toString(), passwordFile.toString());
    }

    /** Loads the key from the process environment or the files. */
    public Credentials load() {
        return load(System.getenv());
    }

    abstract Credentials load(Map<String, String> env);

    /** Where the key comes from, for messages: never the key. */
    public abstract String describe();

    @Override
    public String toString() {
        return "OracleKey{" + describe() + "}";
    }

    static final class FromEnv extends OracleKey {
        private static final long serialVersionUID = 1L;
        private final String name;

        FromEnv(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("key environment variable name must be set");
            }
            this.name = name;
        }

        @Override
        Credentials load(Map<String, String> env) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(
                        "the oracle signing key is missing: set the environment variable " + name);
            }
            String key = value.trim();
            if (!HEX_KEY.matcher(key).matches()) {
                // never echo the value: it may be a key with a typo
                throw new IllegalStateException(
                        "the environment variable "
                                + name
                                + " does not hold a private key"
                                + " (64 hex digits, optional 0x)");
            }
            try {
                return Credentials.create(key);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "the environment variable " + name + " does not hold a valid private key");
            }
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FromEnv f && f.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    static final class FromKeystore extends OracleKey {
        private static final long serialVersionUID = 1L;
        private final String keystore;
        private final String passwordFile;

        FromKeystore(String keystore, String passwordFile) {
            this.keystore = Objects.requireNonNull(keystore, "keystore");
            this.passwordFile = Objects.requireNonNull(passwordFile, "passwordFile");
        }

        @Override
        Credentials load(Map<String, String> env) {
            String password;
            try {
                password =
                        Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8)
                                .lines()
                                .findFirst()
                                .orElse("");
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read the keystore password file "
                                + passwordFile
                                + ": "
                                + e.getClass().getSimpleName());
            }
            try {
                return WalletUtils.loadCredentials(password, keystore);
            } catch (CipherException e) {
                throw new IllegalStateException(
                        "cannot decrypt the keystore "
                                + keystore
                                + ": wrong password in "
                                + passwordFile
                                + "?");
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "cannot read the keystore "
                                + keystore
                                + ": "
                                + e.getClass().getSimpleName());
            }
        }

        @Override
        public String describe() {
            return "keystore " + keystore + " (password file " + passwordFile + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FromKeystore f
                    && f.keystore.equals(keystore)
                    && f.passwordFile.equals(passwordFile);
        }

        @Override
        public int hashCode() {
            return keystore.hashCode();
        }
    }
}
