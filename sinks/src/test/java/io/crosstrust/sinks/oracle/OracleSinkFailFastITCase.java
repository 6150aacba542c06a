package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.local.LocalProcess;
import io.crosstrust.sinks.clickhouse.TestWriterInitContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * The sink built as a job would build it (keystore key, createWriter) on a real anvil: a wrong key,
 * a wrong chain id, parallelism above 1, a wrong keystore password and an unreachable node each
 * fail at start, fast, with a message that says what is wrong; and across all of that and a
 * successful run, with every logger at DEBUG, no log line, error message, stack trace or toString
 * carries the private key or the keystore password.
 */
class OracleSinkFailFastITCase {
    private static final String UPDATER_PASSWORD = "updater-keystore-pass";
    private static final String STRANGER_PASSWORD = "stranger-keystore-pass";

    private static OracleKey keystore(Path dir, String key, String password, String name)
            throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        String file =
                WalletUtils.generateWalletFile(
                        password, Credentials.create(key).getEcKeyPair(), sub.toFile(), false);
        Path pw = sub.resolve("password");
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        return OracleKey.fromKeystore(sub.resolve(file), pw);
    }

    private static OracleSink sink(String url, String oracle, long chainId, OracleKey key) {
        return OracleSink.builder()
                .setRpcUrl(url)
                .setContract(oracle)
                .setChainId(chainId)
                .setKey(key)
                .setBatchSize(20)
                .setConfirmations(1)
                .setPolling(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(1))
                .setRetry(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(3))
                .setRpcTimeout(Duration.ofSeconds(2))
                .build();
    }

    private record Failure(String what, Throwable error, double seconds) {}

    private static Failure start(String what, OracleSink sink, int parallelism) {
        long t = System.nanoTime();
        Throwable error =
                catchThrowable(
                        () -> {
                            try (SinkWriter<CreditScore> w =
                                    sink.createWriter(
                                            new TestWriterInitContext(
                                                    "oracle-sink", parallelism))) {
                                w.flush(true);
                            }
                        });
        return new Failure(what, error, (System.nanoTime() - t) / 1e9);
    }

    private static String trace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    @Test
    void wrongKeyWrongChainAndMoreFailFastAndNothingCarriesTheKey(@TempDir Path dir)
            throws Exception {
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            String admin = chain.accounts().get(0);
            String updater = chain.accounts().get(1);
            String stranger = Credentials.create(OracleTestScores.STRANGER_KEY).getAddress();
            assertThat(chain.accounts())
                    .anySatisfy(a -> assertThat(a).isEqualToIgnoringCase(stranger));
            CreditOracle oracle = chain.deployOracle(admin, updater, admin);
            String address = oracle.getContractAddress();
            OracleKey updaterKey =
                    keystore(dir, OracleTestScores.UPDATER_KEY, UPDATER_PASSWORD, "updater");
            OracleKey strangerKey =
                    keystore(dir, OracleTestScores.STRANGER_KEY, STRANGER_PASSWORD, "stranger");
            String deadUrl = "http://127.0.0.1:" + LocalProcess.freePort();

            List<Failure> failures = new ArrayList<>();
            String logs;
            OracleSink good = sink(node.rpcUrl(), address, AnvilNode.CHAIN_ID, updaterKey);
            try (LogCapture capture = new LogCapture()) {
                // a successful run first, so its log lines are checked too
                try (SinkWriter<CreditScore> w =
                        good.createWriter(new TestWriterInitContext("oracle-sink", 1))) {
                    for (int i = 0; i < 30; i++) {
                        w.write(OracleTestScores.score("fail-fast-" + i, 1, 700, "A"), null);
                    }
                    w.flush(true);
                }
                failures.add(
                        start(
                                "wrong key",
                                sink(node.rpcUrl(), address, AnvilNode.CHAIN_ID, strangerKey),
                                1));
                failures.add(
                        start("wrong chain id", sink(node.rpcUrl(), address, 1, updaterKey), 1));
                failures.add(start("parallel", good, 2));
                Path wrongPassword = dir.resolve("wrong-password");
                Files.writeString(wrongPassword, "not-" + UPDATER_PASSWORD);
                Path keystoreFile;
                try (var files = Files.list(dir.resolve("updater"))) {
                    keystoreFile =
                            files.filter(p -> p.getFileName().toString().startsWith("UTC"))
                                    .findFirst()
                                    .orElseThrow();
                }
                failures.add(
                        start(
                                "wrong password",
                                sink(
                                        node.rpcUrl(),
                                        address,
                                        AnvilNode.CHAIN_ID,
                                        OracleKey.fromKeystore(keystoreFile, wrongPassword)),
                                1));
                failures.add(
                        start(
                                "no node",
                                sink(deadUrl, address, AnvilNode.CHAIN_ID, updaterKey),
                                1));
                failures.add(
                        start(
                                "no contract",
                                sink(
                                        node.rpcUrl(),
                                        "0x" + "12".repeat(20),
                                        AnvilNode.CHAIN_ID,
                                        updaterKey),
                                1));
                logs = capture.text();
            }
            assertThat(new OracleChainView(chain, oracle).allPosted()).hasSize(30);

            String[] expected = {
                "wrong key: the signing address " + stranger.toLowerCase(Locale.ROOT),
                "wrong chain: the node serves chain id 31337 but the oracle sink is configured for chain id 1",
                "must run with parallelism 1",
                "cannot decrypt the keystore",
                "eth_chainId kept failing",
                "no contract at 0x" + "12".repeat(20)
            };
            for (int i = 0; i < failures.size(); i++) {
                Failure f = failures.get(i);
                assertThat(f.error()).as(f.what()).isNotNull();
                assertThat(f.error().getMessage().toLowerCase(Locale.ROOT))
                        .as(f.what())
                        .contains(expected[i].toLowerCase(Locale.ROOT));
                assertThat(f.seconds()).as(f.what() + " fails fast").isLessThan(15);
            }
            assertThat(failures.get(0).error().getMessage()).contains("UPDATER_ROLE");

            StringBuilder everything = new StringBuilder(logs);
            for (Failure f : failures) {
                everything.append(trace(f.error()));
            }
            everything.append(good).append(updaterKey).append(strangerKey);
            String text = everything.toString().toLowerCase(Locale.ROOT);
            assertThat(logs).as("INFO was captured").contains("oracle sink ready");
            assertThat(logs).as("DEBUG was captured").contains("sent oracle batch");
            for (String secret :
                    List.of(
                            OracleTestScores.UPDATER_KEY.substring(2),
                            OracleTestScores.STRANGER_KEY.substring(2),
                            UPDATER_PASSWORD,
                            STRANGER_PASSWORD)) {
                assertThat(text)
                        .as("a secret in logs or errors")
                        .doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
    }
}
