package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * {@code crosstrust oracle deploy|status|get|publish-snapshot|verify} against a real anvil, the key
 * in an encrypted keystore: deploy, read an empty and a written record, publish a snapshot and
 * verify an entity against it, refuse a snapshot file whose root is not the published one and a
 * wrong chain id; the key never appears in the output.
 */
class OracleCommandITCase {
    /** Anvil's development account 2 (a public test key). */
    private static final String KEY =
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            String[] lines = out.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void deployGetPublishAndVerifyFromTheCommandLine(@TempDir Path dir) throws Exception {
        Credentials credentials = Credentials.create(KEY);
        String file =
                WalletUtils.generateWalletFile(
                        "cli-pass", credentials.getEcKeyPair(), dir.toFile(), false);
        Path password = dir.resolve("password");
        Files.writeString(password, "cli-pass", StandardCharsets.UTF_8);
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            List<String> key =
                    List.of(
                            "--rpc", node.rpcUrl(),
                            "--keystore", dir.resolve(file).toString(),
                            "--password-file", password.toString());
            Run deployed =
                    run(
                            args(
                                    List.of("oracle", "deploy"),
                                    args(key, "--chain-id", "31337", "--json")));
            assertThat(deployed.code()).as(deployed.out() + deployed.err()).isZero();
            String contract = deployed.json().get("contract").asText();
            assertThat(deployed.json().get("updater").asText())
                    .isEqualToIgnoringCase(credentials.getAddress());
            assertThat(deployed.json().get("gas_used").asLong()).isPositive();
            List<String> at = new ArrayList<>(key);
            at.addAll(List.of("--contract", contract));

            Run status = run(args(List.of("oracle", "status"), args(at, "--json")));
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.json().get("updater").asBoolean()).isTrue();
            assertThat(status.json().get("paused").asBoolean()).isFalse();
            assertThat(status.json().get("latest_epoch").asLong()).isZero();

            Run none = run(args(List.of("oracle", "get", "seller-CN-1"), args(at, "--json")));
            assertThat(none.code()).isEqualTo(1);
            assertThat(none.json().get("exists").asBoolean()).isFalse();

            // the updater (the CLI's key) writes two records through the contract
            List<OracleEntry> entries = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                entries.add(
                        new OracleEntry(
                                OracleCodes.entityKey("seller-CN-" + i),
                                3,
                                1_002_000,
                                640 + i,
                                4,
                                110));
            }
            CreditOracle asUpdater =
                    CreditOracle.load(
                            contract,
                            chain.web3j(),
                            new org.web3j.tx.RawTransactionManager(
                                    chain.web3j(), credentials, AnvilNode.CHAIN_ID),
                            LocalChainClient.GAS);
            asUpdater.updateBatch(OracleEntry.encodeBatch(entries.subList(0, 2))).send();
            Run got = run(args(List.of("oracle", "get", "seller-CN-1"), args(at, "--json")));
            assertThat(got.code()).as(got.err()).isZero();
            JsonNode g = got.json();
            assertThat(g.get("score").asInt()).isEqualTo(641);
            assertThat(g.get("grade").asText()).isEqualTo("BBB");
            assertThat(g.get("model_version").asText()).isEqualTo("1.2.0");
            assertThat(g.get("version").asLong()).isEqualTo(3);
            assertThat(g.get("fresh").asBoolean()).isTrue();

            OracleSnapshot snapshot = OracleSnapshot.of(entries);
            Path snapshotFile = dir.resolve("snapshot.json");
            snapshot.save(snapshotFile);
            Run published =
                    run(
                            args(
                                    List.of("oracle", "publish-snapshot", snapshotFile.toString()),
                                    args(at, "--json")));
            assertThat(published.code()).as(published.err()).isZero();
            assertThat(published.json().get("epoch").asLong()).isEqualTo(1);
            assertThat(published.json().get("entities").asInt()).isEqualTo(50);

            Run verified =
                    run(
                            args(
                                    List.of("oracle", "verify", "seller-CN-17"),
                                    args(at, "--snapshot", snapshotFile.toString(), "--json")));
            assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.json().get("verified").asBoolean()).isTrue();
            assertThat(verified.json().get("score").asInt()).isEqualTo(657);

            // a file whose scores differ from what was published: its root is not on-chain
            List<OracleEntry> tampered = new ArrayList<>(entries);
            OracleEntry e = tampered.get(17);
            tampered.set(
                    17,
                    new OracleEntry(
                            e.entity(), e.version(), e.modelVersion(), 800, 1, e.pdBucket()));
            Path tamperedFile = dir.resolve("tampered.json");
            OracleSnapshot.of(tampered).save(tamperedFile);
            Run refused =
                    run(
                            args(
                                    List.of("oracle", "verify", "seller-CN-17"),
                                    args(at, "--snapshot", tamperedFile.toString(), "--json")));
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.json().get("verified").asBoolean()).isFalse();
            assertThat(refused.out()).contains("is not the root published at epoch 1");

            Run notIn =
                    run(
                            args(
                                    List.of("oracle", "verify", "nobody"),
                                    args(at, "--snapshot", snapshotFile.toString())));
            assertThat(notIn.code()).isEqualTo(2);
            assertThat(notIn.err()).contains("not in the snapshot");

            Run wrongChain = run(args(List.of("oracle", "status"), args(at, "--chain-id", "1")));
            assertThat(wrongChain.code()).isEqualTo(2);
            assertThat(wrongChain.err()).contains("serves chain id 31337, not 1");

            String everything =
                    (deployed.out()
                                    + deployed.err()
                                    + status.out()
                                    + got.out()
                                    + published.out()
                                    + verified.out()
                                    + refused.out()
                                    + notIn.err()
                                    + wrongChain.err())
                            .toLowerCase();
            assertThat(everything).doesNotContain(KEY.substring(2)).doesNotContain("cli-pass");
        }
    }
}
