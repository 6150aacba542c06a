package io.crosstrust.ingest.chain.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * A snapshot of many entities' scores as a {@link StandardMerkleTree}: its root is what {@code
 * CreditOracle.publishSnapshot} stores, and a proof from it is what {@code verify} checks. One
 * entry per entity. Saved and loaded in the npm library's own dump format ({@code "format":
 * "standard-v1"}), so {@code StandardMerkleTree.load(JSON.parse(...))} in JavaScript reads the same
 * file (values as 0x-hex bytes32 and decimal strings).
 */
public final class OracleSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<OracleEntry> entries;
    private final StandardMerkleTree tree;
    private final Map<ByteBuffer, Integer> indexByEntity;

    private OracleSnapshot(List<OracleEntry> entries) {
        this.entries = List.copyOf(entries);
        this.indexByEntity = new HashMap<>(entries.size() * 2);
        List<byte[]> leaves = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            OracleEntry e = entries.get(i);
            if (indexByEntity.put(ByteBuffer.wrap(e.entity()), i) != null) {
                throw new IllegalArgumentException(
                        "entity " + e.entityHex() + " appears twice in the snapshot");
            }
            leaves.add(e.leafHash());
        }
        this.tree = StandardMerkleTree.of(leaves);
    }

    public static OracleSnapshot of(List<OracleEntry> entries) {
        return new OracleSnapshot(entries);
    }

    public byte[] root() {
        return tree.root();
    }

    public List<OracleEntry> entries() {
        return entries;
    }

    public StandardMerkleTree tree() {
        return tree;
    }

    public Optional<OracleEntry> entry(byte[] entity) {
        Integer i = indexByEntity.get(ByteBuffer.wrap(entity));
        return i == null ? Optional.empty() : Optional.of(entries.get(i));
    }

    /** The proof of the entity's leaf; empty when the entity is not in the snapshot. */
    public Optional<List<byte[]>> proof(byte[] entity) {
        Integer i = indexByEntity.get(ByteBuffer.wrap(entity));
        return i == null ? Optional.empty() : Optional.of(tree.proof(i));
    }

    /** The npm library's dump: format, leafEncoding, tree (0x-hex nodes), values with treeIndex. */
    public ObjectNode toDump() {
        ObjectNode dump = JSON.createObjectNode();
        dump.put("format", "standard-v1");
        ArrayNode encoding = dump.putArray("leafEncoding");
        OracleEntry.LEAF_ENCODING.forEach(encoding::add);
        ArrayNode nodes = dump.putArray("tree");
        for (int i = 0; i < 2 * entries.size() - 1; i++) {
            nodes.add(Numeric.toHexString(tree.node(i)));
        }
        ArrayNode values = dump.putArray("values");
        for (int i = 0; i < entries.size(); i++) {
            OracleEntry e = entries.get(i);
            ObjectNode v = values.addObject();
            ArrayNode value = v.putArray("value");
            value.add(e.entityHex());
            value.add(Long.toString(e.version()));
            value.add(Long.toString(e.modelVersion()));
            value.add(Integer.toString(e.score()));
            value.add(Integer.toString(e.grade()));
            value.add(Integer.toString(e.pdBucket()));
            v.put("treeIndex", tree.treeIndex(i));
        }
        return dump;
    }

    public void save(Path file) throws IOException {
        JSON.writeValue(file.toFile(), toDump());
    }

    /**
     * Reads a dump (this class's or the npm library's with the same leaf encoding) and checks it:
     * the tree rebuilt from the values must equal the dumped tree node for node.
     */
    public static OracleSnapshot load(Path file) throws IOException {
        return fromDump(JSON.readTree(Files.readAllBytes(file)));
    }

    public static OracleSnapshot fromDump(JsonNode dump) {
        if (!"standard-v1".equals(dump.path("format").asText())) {
            throw new IllegalArgumentException(
                    "not a StandardMerkleTree dump (format standard-v1)");
        }
        List<String> encoding = new ArrayList<>();
        dump.path("leafEncoding").forEach(t -> encoding.add(t.asText()));
        if (!encoding.equals(OracleEntry.LEAF_ENCODING)) {
            throw new IllegalArgumentException(
                    "leaf encoding "
                            + encoding
                            + " is not the oracle's "
                            + OracleEntry.LEAF_ENCODING);
        }
        List<OracleEntry> entries = new ArrayList<>();
        for (JsonNode v : dump.path("values")) {
            JsonNode value = v.path("value");
            entries.add(
                    new OracleEntry(
                            Numeric.hexStringToByteArray(value.get(0).asText()),
                            Long.parseLong(value.get(1).asText()),
                            Long.parseLong(value.get(2).asText()),
                            Integer.parseInt(value.get(3).asText()),
                            Integer.parseInt(value.get(4).asText()),
                            Integer.parseInt(value.get(5).asText())));
        }
        OracleSnapshot snapshot = new OracleSnapshot(entries);
        JsonNode nodes = dump.path("tree");
        if (nodes.size() != 2 * entries.size() - 1) {
            throw new IllegalArgumentException(
                    "dump has " + nodes.size() + " tree nodes for " + entries.size() + " values");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!Arrays.equals(
                    Numeric.hexStringToByteArray(nodes.get(i).asText()), snapshot.tree.node(i))) {
                throw new IllegalArgumentException(
                        "dump's tree node " + i + " does not match its values");
            }
        }
        return snapshot;
    }
}
