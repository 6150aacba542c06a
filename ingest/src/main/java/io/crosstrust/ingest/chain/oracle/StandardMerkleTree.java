package io.crosstrust.ingest.chain.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A Merkle tree built exactly like OpenZeppelin's {@code StandardMerkleTree} (npm
 * {@code @openzeppelin/merkle-tree} 1.x, default options), so its root and proofs verify with
 * OpenZeppelin's {@code MerkleProof} on-chain and with the npm library off-chain:
 *
 * <ul>
 *   <li>leaf = keccak256(keccak256(abi.encode(values))): {@link #leafHash};
 *   <li>leaves sorted by hash (a stable sort: equal hashes keep their input order);
 *   <li>the tree is an array of 2n - 1 nodes, the root at 0, the children of i at 2i + 1 and 2i +
 *       2, the sorted leaves from the end backwards (leaf k at 2n - 2 - k); an inner node is
 *       keccak256 of its two children, the smaller first;
 *   <li>a proof is the siblings from the leaf up to the root.
 * </ul>
 *
 * Nodes live in one flat array (32 bytes each), so a tree of a million leaves takes ~64 MB.
 * Immutable once built; safe to share between threads.
 */
public final class StandardMerkleTree {
    private static final int H = 32;

    private final byte[] nodes; // (2n - 1) * 32 bytes
    private final int leaves;
    private final int[] treeIndexOfValue; // input (value) index -> tree index

    private StandardMerkleTree(byte[] nodes, int leaves, int[] treeIndexOfValue) {
        this.nodes = nodes;
        this.leaves = leaves;
        this.treeIndexOfValue = treeIndexOfValue;
    }

    /** keccak256(keccak256(abi.encode(values))): StandardMerkleTree's leaf hash. */
    public static byte[] leafHash(List<Type> values) {
        return Hash.sha3(
                Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(values))));
    }

    /** keccak256 of the two nodes, the smaller (unsigned, lexicographic) first. */
    public static byte[] nodeHash(byte[] a, byte[] b) {
        byte[] both = new byte[2 * H];
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        System.arraycopy(aFirst ? a : b, 0, both, 0, H);
        System.arraycopy(aFirst ? b : a, 0, both, H, H);
        return Hash.sha3(both);
    }

    /**
     * Builds the tree of these leaf hashes (each 32 bytes, e.g. from {@link #leafHash}); value
     * index i below is the position in this list.
     */
    public static StandardMerkleTree of(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (leafHashes.get(i) == null || leafHashes.get(i).length != H) {
                throw new IllegalArgumentException("leaf " + i + " is not 32 bytes");
            }
            order[i] = i;
        }
        // stable, like Array.prototype.sort in the npm library
        Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(leafHashes.get(x), leafHashes.get(y)));
        int size = 2 * n - 1;
        byte[] nodes = new byte[size * H];
        int[] treeIndexOfValue = new int[n];
        for (int k = 0; k < n; k++) {
            int treeIndex = size - 1 - k;
            System.arraycopy(leafHashes.get(order[k]), 0, nodes, treeIndex * H, H);
            treeIndexOfValue[order[k]] = treeIndex;
        }
        byte[] both = new byte[2 * H];
        for (int i = size - 1 - n; i >= 0; i--) {
            int left = (2 * i + 1) * H;
            int right = (2 * i + 2) * H;
            boolean leftFirst =
                    Arrays.compareUnsigned(nodes, left, left + H, nodes, right, right + H) <= 0;
            System.arraycopy(nodes, leftFirst ? left : right, both, 0, H);
            System.arraycopy(nodes, leftFirst ? right : left, both, H, H);
            System.arraycopy(Hash.sha3(both), 0, nodes, i * H, H);
        }
        return new StandardMerkleTree(nodes, n, treeIndexOfValue);
    }

    public byte[] root() {
        return node(0);
    }

    public String rootHex() {
        return Numeric.toHexString(root());
    }

    public int size() {
        return leaves;
    }

    /** The leaf hash of value i. */
    public byte[] leaf(int valueIndex) {
        return node(treeIndex(valueIndex));
    }

    /** Position of value i in the tree array (as the npm library's dump reports it). */
    public int treeIndex(int valueIndex) {
        if (valueIndex < 0 || valueIndex >= leaves) {
            throw new IndexOutOfBoundsException("value " + valueIndex + " of " + leaves);
        }
        return treeIndexOfValue[valueIndex];
    }

    /** Node i of the tree array. */
    public byte[] node(int treeIndex) {
        return Arrays.copyOfRange(nodes, treeIndex * H, treeIndex * H + H);
    }

    /** The proof of value i: sibling hashes from its leaf up to (not including) the root. */
    public List<byte[]> proof(int valueIndex) {
        List<byte[]> proof = new ArrayList<>();
        for (int i = treeIndex(valueIndex); i > 0; i = (i - 1) / 2) {
            proof.add(node(i % 2 == 1 ? i + 1 : i - 1));
        }
        return proof;
    }

    /** What MerkleProof.verify computes: true when the proof leads from the leaf to the root. */
    public static boolean verify(byte[] root, byte[] leaf, List<byte[]> proof) {
        byte[] h = leaf;
        for (byte[] sibling : proof) {
            h = nodeHash(h, sibling);
        }
        return Arrays.equals(h, root);
    }
}
