package io.crosstrust.ingest.chain.oracle;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * One entity's score as the CreditOracle takes it: the 48-byte entry of {@code updateBatch} (entity
 * 32 | version 8 | modelVersion 4 | score 2 | grade 1 | pdBucket 1, big-endian) and the leaf of a
 * snapshot. Values are checked on construction against the contract's own rules, so a batch built
 * from entries never reverts for a malformed entry.
 *
 * @param entity the bytes32 entity key ({@link OracleCodes#entityKey})
 * @param version the score's per-entity version, >= 1 (uint64; Avro's long, so below 2^63)
 * @param modelVersion the model version code ({@link OracleCodes#modelVersion}), a uint32
 */
public record OracleEntry(
        byte[] entity, long version, long modelVersion, int score, int grade, int pdBucket) {
    public static final int SIZE = 48;

    /** The snapshot leaf's ABI types, in StandardMerkleTree's {@code leafEncoding} notation. */
    public static final List<String> LEAF_ENCODING =
            List.of("bytes32", "uint64", "uint32", "uint16", "uint8", "uint8");

    public OracleEntry {
        if (entity == null || entity.length != 32) {
            throw new IllegalArgumentException("entity key must be 32 bytes");
        }
        if (Arrays.equals(entity, new byte[32])) {
            throw new IllegalArgumentException("entity key must not be zero");
        }
        entity = entity.clone();
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (modelVersion < 0 || modelVersion > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "modelVersion must be a uint32, got " + modelVersion);
        }
        if (score < 0 || score > 0xFFFF) {
            throw new IllegalArgumentException("score must be a uint16, got " + score);
        }
        if (grade < 1 || grade > OracleCodes.GRADES.size()) {
            throw new IllegalArgumentException("grade code must be 1..10, got " + grade);
        }
        if (pdBucket < 0 || pdBucket > OracleCodes.MAX_PD_BUCKET) {
            throw new IllegalArgumentException("PD bucket must be 0..200, got " + pdBucket);
        }
    }

    /** The oracle entry of a score from credit.scores. */
    public static OracleEntry of(CreditScore score) {
        return of(
                score.getEntityId(),
                score.getScoreVersion(),
                score.getModelVersion(),
                score.getComposite(),
                score.getGrade(),
                score.getPd());
    }

    /** The oracle entry of a score's fields (as stored in ClickHouse {@code credit_scores}). */
    public static OracleEntry of(
            String entityId,
            long scoreVersion,
            String modelVersion,
            double composite,
            String grade,
            double pd) {
        return new OracleEntry(
                OracleCodes.entityKey(entityId),
                scoreVersion,
                OracleCodes.modelVersion(modelVersion),
                OracleCodes.score(composite),
                OracleCodes.gradeCode(grade),
                OracleCodes.pdBucket(pd));
    }

    @Override
    public byte[] entity() {
        return entity.clone();
    }

    public String entityHex() {
        return Numeric.toHexString(entity);
    }

    /** Writes the 48-byte batch entry. */
    public void writeTo(ByteBuffer out) {
        out.put(entity);
        out.putLong(version);
        out.putInt((int) modelVersion);
        out.putShort((short) score);
        out.put((byte) grade);
        out.put((byte) pdBucket);
    }

    /** The calldata argument of {@code updateBatch}: the entries back to back. */
    public static byte[] encodeBatch(List<OracleEntry> entries) {
        ByteBuffer out = ByteBuffer.allocate(entries.size() * SIZE);
        for (OracleEntry e : entries) {
            e.writeTo(out);
        }
        return out.array();
    }

    /** The snapshot leaf's values: (entity, version, modelVersion, score, grade, pdBucket). */
    public List<Type> leafValues() {
        return List.of(
                new Bytes32(entity),
                new Uint64(version),
                new Uint32(modelVersion),
                new Uint16(score),
                new Uint8(grade),
                new Uint8(pdBucket));
    }

    /** The leaf as the contract's {@code verify} and {@code leafHash} take it. */
    public CreditOracle.ScoreLeaf scoreLeaf() {
        return new CreditOracle.ScoreLeaf(
                BigInteger.valueOf(version),
                BigInteger.valueOf(modelVersion),
                BigInteger.valueOf(score),
                BigInteger.valueOf(grade),
                BigInteger.valueOf(pdBucket));
    }

    /** The snapshot leaf hash (StandardMerkleTree's double keccak of the ABI encoding). */
    public byte[] leafHash() {
        return StandardMerkleTree.leafHash(leafValues());
    }

    /** True when this entry carries the same score fields as the record (version aside). */
    public boolean sameScoreAs(OracleRecord r) {
        return r.score() == score
                && r.grade() == grade
                && r.pdBucket() == pdBucket
                && r.modelVersion() == modelVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OracleEntry e
                && Arrays.equals(entity, e.entity)
                && version == e.version
                && modelVersion == e.modelVersion
                && score == e.score
                && grade == e.grade
                && pdBucket == e.pdBucket;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entity) * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "OracleEntry{"
                + entityHex()
                + " v"
                + version
                + " score="
                + score
                + " grade="
                + OracleCodes.gradeName(grade)
                + " pdBucket="
                + pdBucket
                + " model="
                + OracleCodes.modelVersionText(modelVersion)
                + "}";
    }
}
