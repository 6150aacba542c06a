package io.crosstrust.ingest.chain.oracle;

import java.math.BigInteger;

/**
 * One entity's record as the CreditOracle stores it in one slot, from the high bit: version (64) |
 * modelVersion (32) | score (16) | grade (8) | pdBucket (8) | updatedAt (40) | unused (88). The
 * word 0 means no record (version 0, grade 0).
 *
 * @param updatedAt block time (unix seconds) of the write
 */
public record OracleRecord(
        long version, long modelVersion, int score, int grade, int pdBucket, long updatedAt) {
    public static final OracleRecord NONE = new OracleRecord(0, 0, 0, 0, 0, 0);

    /** Decodes a packed slot (as {@code packedRecordsOf} returns it). */
    public static OracleRecord unpack(BigInteger word) {
        if (word.signum() < 0 || word.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + word);
        }
        return new OracleRecord(
                word.shiftRight(192)
                        .longValue(), // unsigned 64 bits; crosstrust versions stay < 2^63
                word.shiftRight(160).longValue() & 0xFFFF_FFFFL,
                word.shiftRight(144).intValue() & 0xFFFF,
                word.shiftRight(136).intValue() & 0xFF,
                word.shiftRight(128).intValue() & 0xFF,
                word.shiftRight(88).longValue() & 0xFF_FFFF_FFFFL);
    }

    public boolean exists() {
        return version != 0;
    }

    /** The record as written after posting {@code entry} in a block of time {@code blockTime}. */
    public static OracleRecord of(OracleEntry entry, long blockTime) {
        return new OracleRecord(
                entry.version(),
                entry.modelVersion(),
                entry.score(),
                entry.grade(),
                entry.pdBucket(),
                blockTime);
    }
}
