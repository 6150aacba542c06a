package io.crosstrust.deploy.stack;

import io.crosstrust.ingest.chain.LocalChainClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/**
 * The CreditOracle of the embedded chain and the key that writes to it. The updater key is made for
 * this stack only: a fresh random key, kept in an encrypted keystore in the work dir with a random
 * password in a file beside it (both readable by the owner only), so no key is in the code, the
 * configuration or a log. The chain's first development account deploys the contract and holds the
 * admin and pauser roles; the fresh key holds only UPDATER_ROLE and is given gas money.
 *
 * @param contract CreditOracle address
 * @param updater the address of the fresh key (UPDATER_ROLE)
 * @param keystore the key's encrypted JSON keystore
 * @param passwordFile the keystore's password (first line)
 */
public record LocalOracle(String contract, String updater, Path keystore, Path passwordFile) {
    private static final BigInteger GAS_MONEY = BigInteger.TEN.pow(21); // 1,000 ether

    /** Makes the key, deploys the contract from {@code admin}, funds the key. Needs automine. */
    public static LocalOracle deploy(LocalChainClient chain, String admin, Path dir) {
        try {
            Files.createDirectories(dir);
            ECKeyPair pair = Keys.createEcKeyPair();
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path passwordFile = dir.resolve("keystore-password");
            Files.deleteIfExists(passwordFile);
            Files.createFile(
                    passwordFile,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
            Path keystore =
                    dir.resolve(
                            WalletUtils.generateWalletFile(password, pair, dir.toFile(), false));
            Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
            String updater = Credentials.create(pair).getAddress();
            chain.setBalances(List.of(updater), GAS_MONEY);
            String contract = chain.deployOracle(admin, updater, admin).getContractAddress();
            return new LocalOracle(contract, updater, keystore, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the oracle's keystore in " + dir, e);
        } catch (java.security.GeneralSecurityException
                | org.web3j.crypto.exception.CipherException e) {
            throw new IllegalStateException("cannot make the oracle's key: " + e.getMessage(), e);
        }
    }
}
