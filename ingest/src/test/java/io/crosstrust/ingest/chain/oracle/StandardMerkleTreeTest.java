package io.crosstrust.ingest.chain.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * The Java StandardMerkleTree on its own: a golden vector made by the npm library, every proof of
 * trees of 1..64 leaves verifies and no tampered leaf does, and snapshot dumps round-trip and are
 * checked on load. StandardMerkleTreeITCase compares it with the npm library itself and on-chain.
 */
class StandardMerkleTreeTest {
    private static byte[] fill(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }

    /**
     * Made by {@code node contracts/test/standard-merkle-tree.mjs build} (@openzeppelin/merkle-tree
     * 1.0.8) from the same three values.
     */
    @Test
    void aGoldenVectorFromTheNpmLibrary() {
        OracleSnapshot s =
                OracleSnapshot.of(
                        List.of(
                                new OracleEntry(fill(0x11), 1, 1_000_000, 700, 4, 100),
                                new OracleEntry(
                                        fill(0x22),
                                        Long.MAX_VALUE,
                                        4_294_967_295L,
                                        65_535,
                                        10,
                                        200),
                                new OracleEntry(fill(0x33), 3, 1_000_000, 650, 5, 110)));
        String[] tree = {
            "0xb6ba50cef1743be54fb95c08b7c0bb9c78b7d02ce4fdfca1d9bd8158bcc69860",
            "0x0ed180f2eaf1ac2d112f6cb1723bed50f51935a60eb4318c07992a320b1c59fe",
            "0xcc3497df01409876a6bed3e98e061df923e3c5acf7914a247e57ad248c6d8d05",
            "0xaf629bcb96676fd4fded7d06f98d6380a7450d08708cb95d2c7611bc276cf356",
            "0x9c40eb4fcb911bb3f0f2a0d58b2af0b851a4a58ba3c4caaf3ad171a6d78227ea"
        };
        for (int i = 0; i < tree.length; i++) {
            assertThat(Numeric.toHexString(s.tree().node(i))).as("node " + i).isEqualTo(tree[i]);
        }
        assertThat(Numeric.toHexString(s.root())).isEqualTo(tree[0]);
        assertThat(List.of(s.tree().treeIndex(0), s.tree().treeIndex(1), s.tree().treeIndex(2)))
                .containsExactly(4, 2, 3);
        assertThat(s.tree().proof(1).stream().map(Numeric::toHexString)).containsExactly(tree[1]);
        assertThat(s.tree().proof(0).stream().map(Numeric::toHexString))
                .containsExactly(tree[3], tree[2]);
    }

    @Test
    void everyProofVerifiesAndNoTamperedLeafDoes() {
        Random random = new Random(7);
        for (int n = 1; n <= 64; n++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] h = new byte[32];
                random.nextBytes(h);
                leaves.add(h);
            }
            StandardMerkleTree tree = StandardMerkleTree.of(leaves);
            assertThat(tree.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(tree.leaf(i)).isEqualTo(leaves.get(i));
                List<byte[]> proof = tree.proof(i);
                assertThat(proof.size()).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(n));
                assertThat(StandardMerkleTree.verify(tree.root(), leaves.get(i), proof)).isTrue();
                byte[] tampered = leaves.get(i).clone();
                tampered[31] ^= 1;
                assertThat(StandardMerkleTree.verify(tree.root(), tampered, proof)).isFalse();
            }
        }
        byte[] only = fill(7);
        StandardMerkleTree single = StandardMerkleTree.of(List.of(only));
        assertThat(single.root()).isEqualTo(only);
        assertThat(single.proof(0)).isEmpty();
        assertThatThrownBy(() -> StandardMerkleTree.of(List.of()))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> StandardMerkleTree.of(List.of(new byte[31])))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void dumpsRoundTripAndAreCheckedOnLoad() {
        List<OracleEntry> entries = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            entries.add(
                    new OracleEntry(
                            OracleCodes.entityKey("e" + i),
                            i + 1,
                            1_000_000,
                            500 + i,
                            1 + i % 10,
                            i));
        }
        OracleSnapshot s = OracleSnapshot.of(entries);
        ObjectNode dump = s.toDump();
        OracleSnapshot back = OracleSnapshot.fromDump(dump);
        assertThat(back.root()).isEqualTo(s.root());
        assertThat(back.entries()).isEqualTo(entries);
        byte[] key = OracleCodes.entityKey("e7");
        assertThat(back.entry(key)).contains(entries.get(7));
        assertThat(
                        StandardMerkleTree.verify(
                                s.root(), entries.get(7).leafHash(), back.proof(key).orElseThrow()))
                .isTrue();
        assertThat(s.proof(OracleCodes.entityKey("not there"))).isEmpty();

        ((ArrayNode) dump.get("tree")).set(3, Numeric.toHexString(fill(9)));
        assertThatThrownBy(() -> OracleSnapshot.fromDump(dump)).hasMessageContaining("node 3");
        ObjectNode other = s.toDump();
        ((ArrayNode) other.get("leafEncoding")).set(3, "uint256");
        assertThatThrownBy(() -> OracleSnapshot.fromDump(other))
                .hasMessageContaining("leaf encoding");
        assertThatThrownBy(() -> OracleSnapshot.of(List.of(entries.get(0), entries.get(0))))
                .hasMessageContaining("twice");
    }
}
