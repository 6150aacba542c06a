package io.crosstrust.ingest.chain.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * The Java {@link StandardMerkleTree} against OpenZeppelin's own npm library (run through the
 * machine's node by contracts/test/standard-merkle-tree.mjs): the same tree array, leaf positions,
 * root and every proof for trees of 1 to 1,000 leaves (duplicates included); the library loads and
 * validates the Java dump of a 10,000-entity snapshot and gives the same root and proofs; and
 * sampled entities of that snapshot verify on-chain against the published root.
 */
class StandardMerkleTreeITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("contracts/test/standard-merkle-tree.mjs");

    private static List<OracleEntry> randomEntries(int n, long seed) {
        Random random = new Random(seed);
        List<OracleEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(
                    new OracleEntry(
                            OracleCodes.entityKey("merkle-" + seed + "-" + i),
                            1 + (random.nextLong() >>> 1) % Long.MAX_VALUE,
                            random.nextInt() & 0xFFFF_FFFFL,
                            300 + random.nextInt(551),
                            1 + random.nextInt(10),
                            random.nextInt(201)));
        }
        return entries;
    }

    private static ArrayNode values(List<OracleEntry> entries) {
        ArrayNode values = JSON.createArrayNode();
        for (OracleEntry e : entries) {
            ArrayNode v = values.addArray();
            v.add(e.entityHex());
            v.add(Long.toString(e.version()));
            v.add(Long.toString(e.modelVersion()));
            v.add(Integer.toString(e.score()));
            v.add(Integer.toString(e.grade()));
            v.add(Integer.toString(e.pdBucket()));
        }
        return values;
    }

    /** Runs the reference script in the project root and returns its output JSON. */
    private static JsonNode node(Path dir, String mode, JsonNode input, String... extra)
            throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, "in", ".json");
        Path out = Files.createTempFile(dir, "out", ".json");
        JSON.writeValue(in.toFile(), input);
        List<String> command =
                new ArrayList<>(
                        List.of("node", SCRIPT.toString(), mode, in.toString(), out.toString()));
        command.addAll(List.of(extra));
        Process p =
                new ProcessBuilder(command)
                        .directory(ProjectRoot.find().toFile())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(p.exitValue()).as("node failed:\n" + log).isZero();
        return JSON.readTree(out.toFile());
    }

    private static List<String> hex(List<byte[]> nodes) {
        return nodes.stream().map(Numeric::toHexString).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void treesRootsAndEveryProofEqualTheNpmLibrary(@TempDir Path dir) throws Exception {
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 100, 1_000}) {
            List<OracleEntry> entries = randomEntries(n, n);
            if (n >= 5) {
                entries.set(n - 1, entries.get(1)); // a duplicate leaf: both trees keep both copies
            }
            ObjectNode input = JSON.createObjectNode();
            ArrayNode encoding = input.putArray("leafEncoding");
            OracleEntry.LEAF_ENCODING.forEach(encoding::add);
            input.set("values", values(entries));
            ArrayNode wanted = input.putArray("proofs");
            for (int i = 0; i < n; i++) {
                wanted.add(i);
            }
            JsonNode reference = node(dir, "build", input);

            StandardMerkleTree tree =
                    StandardMerkleTree.of(entries.stream().map(OracleEntry::leafHash).toList());
            assertThat(tree.rootHex()).as("root of " + n).isEqualTo(reference.get("root").asText());
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 2 * n - 1; i++) {
                nodes.add(Numeric.toHexString(tree.node(i)));
            }
            assertThat(nodes).as("tree of " + n).isEqualTo(strings(reference.get("tree")));
            for (int i = 0; i < n; i++) {
                assertThat(tree.treeIndex(i))
                        .as("leaf position " + i + " of " + n)
                        .isEqualTo(reference.get("treeIndices").get(i).asInt());
                assertThat(hex(tree.proof(i)))
                        .as("proof " + i + " of " + n)
                        .isEqualTo(strings(reference.get("proofs").get(Integer.toString(i))));
            }
        }
    }

    @Test
    void aTenThousandEntitySnapshotLoadsInTheNpmLibraryAndVerifiesOnChain(@TempDir Path dir)
            throws Exception {
        List<OracleEntry> entries = randomEntries(10_000, 42);
        long start = System.nanoTime();
        OracleSnapshot snapshot = OracleSnapshot.of(entries);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(buildSeconds).as("building 10,000 leaves").isLessThan(10);
        Path dump = dir.resolve("snapshot.json");
        snapshot.save(dump);
        assertThat(OracleSnapshot.load(dump).root()).isEqualTo(snapshot.root());

        Random random = new Random(1);
        List<Integer> sample = new ArrayList<>(List.of(0, 9_999));
        while (sample.size() < 100) {
            sample.add(random.nextInt(10_000));
        }
        // the npm library loads the Java dump (StandardMerkleTree.load validates every node)
        JsonNode reference =
                node(
                        dir,
                        "load",
                        JSON.readTree(dump.toFile()),
                        sample.stream().map(String::valueOf).toArray(String[]::new));
        assertThat(reference.get("root").asText()).isEqualTo(Numeric.toHexString(snapshot.root()));
        for (int i : sample) {
            assertThat(hex(snapshot.tree().proof(i)))
                    .as("proof " + i)
                    .isEqualTo(strings(reference.get("proofs").get(Integer.toString(i))));
        }

        try (AnvilNode anvil = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(anvil.rpcUrl())) {
            String admin = chain.accounts().get(0);
            CreditOracle oracle = chain.deployOracle(admin, admin, admin);
            oracle.publishSnapshot(
                            BigInteger.ONE,
                            snapshot.root(),
                            BigInteger.valueOf(entries.size()),
                            BigInteger.valueOf(chain.latestTimestamp()))
                    .send();
            for (int i : sample) {
                OracleEntry e = entries.get(i);
                assertThat(
                                oracle.verify(
                                                e.entity(),
                                                leaf(e),
                                                snapshot.proof(e.entity()).orElseThrow(),
                                                BigInteger.ONE)
                                        .send())
                        .as("on-chain verify of entity " + i)
                        .isTrue();
            }
            OracleEntry e = entries.get(sample.get(5));
            List<byte[]> proof = snapshot.proof(e.entity()).orElseThrow();
            OracleEntry tampered =
                    new OracleEntry(
                            e.entity(),
                            e.version(),
                            e.modelVersion(),
                            e.score() == 850 ? 849 : e.score() + 1,
                            e.grade(),
                            e.pdBucket());
            assertThat(oracle.verify(e.entity(), leaf(tampered), proof, BigInteger.ONE).send())
                    .as("tampered score")
                    .isFalse();
            OracleEntry other = entries.get(sample.get(6));
            assertThat(
                            oracle.verify(
                                            e.entity(),
                                            leaf(e),
                                            snapshot.proof(other.entity()).orElseThrow(),
                                            BigInteger.ONE)
                                    .send())
                    .as("another entity's proof")
                    .isFalse();
            List<byte[]> shortened = proof.subList(0, proof.size() - 1);
            assertThat(oracle.verify(e.entity(), leaf(e), shortened, BigInteger.ONE).send())
                    .as("a truncated proof")
                    .isFalse();
        }
    }

    private static CreditOracle.ScoreLeaf leaf(OracleEntry e) {
        return e.scoreLeaf();
    }
}
