package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleSnapshot;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * {@code crosstrust oracle snapshot} on a real ClickHouse 18.16 and anvil, as an operator runs it
 * each epoch: the full score table (every entity's latest version) written as a snapshot file, its
 * root published on-chain, an entity's latest score proven against it; an older version of a score
 * is not in it, and an empty score table is refused with a message.
 */
class OracleSnapshotCommandITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    /** Anvil's development account 3 (a public test key). */
    private static final String KEY =
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            String[] lines = out.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        }
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Crosstrust.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void snapshotsTheLatestScoresPublishesAndVerifiesOnChain(@TempDir Path dir) throws Exception {
        String db = "oracle_snapshot_it";
        new ClickHouseQuery(CLICKHOUSE.createSchema(db))
                .execute(
                        "INSERT INTO credit_scores_latest (event_id, entity_id, composite, pd,"
                                + " grade, model_version, score_version, as_of, as_of_ms) VALUES"
                                + " ('A:1', 'seller-A', 700, 0.004, 'A', '1.0.0', 1, 1780000000,"
                                + " 1780000000000), ('A:2', 'seller-A', 655.4, 0.021, 'BBB',"
                                + " '1.0.0', 2, 1780000100, 1780000100000), ('B:1', 'buyer-B',"
                                + " 512.6, 0.12, 'B', '1.1.0', 1, 1780000000, 1780000000000),"
                                + " ('C:7', 'seller-C', 801, 0.0008, 'AA', '1.1.0', 7,"
                                + " 1780000000, 1780000000000)");
        Path password = dir.resolve("clickhouse-password");
        Files.writeString(password, ClickHouseServerExtension.DEFAULT_PASSWORD + "\n");
        List<String> source =
                List.of(
                        "--clickhouse",
                        CLICKHOUSE.connection(db).url(),
                        "--clickhouse-password-file",
                        password.toString(),
                        "--database",
                        db);
        Path file = dir.resolve("epoch-1.json");

        Run made =
                run(
                        with(
                                List.of("oracle", "snapshot", "--out", file.toString()),
                                with(source, "--json").toArray(String[]::new)));
        assertThat(made.code()).as(made.out() + made.err()).isZero();
        assertThat(made.json().get("entities").asInt()).isEqualTo(3);

        OracleSnapshot snapshot = OracleSnapshot.load(file);
        assertThat(snapshot.entry(OracleCodes.entityKey("seller-A")))
                .hasValue(OracleEntry.of("seller-A", 2, "1.0.0", 655.4, "BBB", 0.021));
        assertThat(snapshot.entries())
                .extracting(OracleEntry::version)
                .containsExactlyInAnyOrder(2L, 1L, 7L);
        assertThat(made.json().get("root").asText())
                .isEqualTo(org.web3j.utils.Numeric.toHexString(snapshot.root()));

        Credentials credentials = Credentials.create(KEY);
        String keystore =
                WalletUtils.generateWalletFile(
                        "snap-pass", credentials.getEcKeyPair(), dir.toFile(), false);
        Path keyPassword = dir.resolve("key-password");
        Files.writeString(keyPassword, "snap-pass");
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO)) {
            List<String> key =
                    List.of(
                            "--rpc",
                            node.rpcUrl(),
                            "--keystore",
                            dir.resolve(keystore).toString(),
                            "--password-file",
                            keyPassword.toString());
            Run deployed =
                    run(
                            with(
                                    List.of("oracle", "deploy"),
                                    with(key, "--json").toArray(String[]::new)));
            assertThat(deployed.code()).as(deployed.out() + deployed.err()).isZero();
            List<String> at = with(key, "--contract", deployed.json().get("contract").asText());

            Run published =
                    run(
                            with(
                                    List.of("oracle", "publish-snapshot", file.toString()),
                                    with(at, "--json").toArray(String[]::new)));
            assertThat(published.code()).as(published.out() + published.err()).isZero();
            assertThat(published.json().get("entities").asInt()).isEqualTo(3);

            Run verified =
                    run(
                            with(
                                    List.of("oracle", "verify", "seller-A"),
                                    with(at, "--snapshot", file.toString(), "--json")
                                            .toArray(String[]::new)));
            assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.json().get("verified").asBoolean()).isTrue();
            assertThat(verified.json().get("score").asInt()).isEqualTo(655);
        }
    }

    @Test
    void anEmptyScoreTableIsRefused(@TempDir Path dir) throws Exception {
        String db = "oracle_snapshot_empty_it";
        CLICKHOUSE.createSchema(db);
        Path password = dir.resolve("clickhouse-password");
        Files.writeString(password, ClickHouseServerExtension.DEFAULT_PASSWORD + "\n");
        Path file = dir.resolve("none.json");
        Run refused =
                run(
                        List.of(
                                "oracle",
                                "snapshot",
                                "--out",
                                file.toString(),
                                "--clickhouse",
                                CLICKHOUSE.connection(db).url(),
                                "--clickhouse-password-file",
                                password.toString(),
                                "--database",
                                db));
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("holds no scores");
        assertThat(file).doesNotExist();
    }
}
