package io.crosstrust.ingest.chain.oracle;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * How crosstrust's credit scores become the CreditOracle's compact on-chain fields, and back: the
 * entity key, the grade code, the PD bucket and the model version number. The contract and
 * docs/oracle.md describe the same mapping; consumers on-chain rely on it, so it never changes
 * meaning (a new mapping would be a new contract).
 */
public final class OracleCodes {
    /** Grades best first; the on-chain code is the index + 1 (1 = AAA .. 10 = D, 0 = none). */
    public static final List<String> GRADES =
            List.of("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D");

    /** PD buckets are 50 per decade from PD 0.01 % (bucket 0) to PD 100 % (bucket 200). */
    public static final int PD_BUCKETS_PER_DECADE = 50;

    public static final int MAX_PD_BUCKET = 200;

    private static final Pattern SEMVER =
            Pattern.compile("v?(\\d{1,4})(?:\\.(\\d{1,3}))?(?:\\.(\\d{1,3}))?");
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private OracleCodes() {}

    /** The entity's bytes32 key: keccak256 of its crosstrust entity id in UTF-8. */
    public static byte[] entityKey(String entityId) {
        if (entityId == null || entityId.isEmpty()) {
            throw new IllegalArgumentException("entity id must not be empty");
        }
        return Hash.sha3(entityId.getBytes(StandardCharsets.UTF_8));
    }

    /** 1 (AAA) .. 10 (D). */
    public static int gradeCode(String grade) {
        int i = GRADES.indexOf(grade);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "unknown grade '" + grade + "', expected one of " + GRADES);
        }
        return i + 1;
    }

    /** AAA .. D for 1 .. 10, "-" for 0 (no record). */
    public static String gradeName(int code) {
        if (code == 0) {
            return "-";
        }
        if (code < 1 || code > GRADES.size()) {
            throw new IllegalArgumentException("grade code must be 0..10, got " + code);
        }
        return GRADES.get(code - 1);
    }

    /**
     * The PD's bucket on the log scale: round(50 * (log10(pd) + 4)), clamped to 0..200; so PD 0.01
     * % and below is 0, PD 1 % is 100, PD 100 % is 200, and neighbouring buckets differ by a factor
     * of 10^(1/50) (about 4.7 %).
     */
    public static int pdBucket(double pd) {
        if (Double.isNaN(pd) || pd < 0 || pd > 1) {
            throw new IllegalArgumentException("PD must be in [0, 1], got " + pd);
        }
        if (pd <= 1e-4) {
            return 0;
        }
        long b = Math.round(PD_BUCKETS_PER_DECADE * (Math.log10(pd) + 4));
        return (int) Math.max(0, Math.min(MAX_PD_BUCKET, b));
    }

    /** The PD a bucket stands for: 10^(bucket / 50 - 4). */
    public static double pdOf(int bucket) {
        if (bucket < 0 || bucket > MAX_PD_BUCKET) {
            throw new IllegalArgumentException("PD bucket must be 0..200, got " + bucket);
        }
        return Math.pow(10, bucket / (double) PD_BUCKETS_PER_DECADE - 4);
    }

    /**
     * A semantic version as a uint32: major * 1,000,000 + minor * 1,000 + patch ("1.0.0" ->
     * 1000000, "2.13" -> 2013000), so versions compare as numbers. Majors up to 4294, minors and
     * patches up to 999; pre-release or build suffixes are refused.
     */
    public static long modelVersion(String version) {
        Matcher m = version == null ? null : SEMVER.matcher(version.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "model version '"
                            + version
                            + "' is not MAJOR[.MINOR[.PATCH]] with numbers only");
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long patch = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        long code = major * 1_000_000L + minor * 1_000L + patch;
        if (code > MAX_UINT32) {
            throw new IllegalArgumentException(
                    "model version '" + version + "' is too large for uint32");
        }
        return code;
    }

    /** "1.0.0" for 1000000. */
    public static String modelVersionText(long code) {
        if (code < 0 || code > MAX_UINT32) {
            throw new IllegalArgumentException("model version code must be a uint32, got " + code);
        }
        return (code / 1_000_000) + "." + (code / 1_000 % 1_000) + "." + (code % 1_000);
    }

    /** The composite score as the contract's uint16: rounded half up. */
    public static int score(double composite) {
        if (Double.isNaN(composite) || composite < 0 || composite > 65_535) {
            throw new IllegalArgumentException("score must be in 0..65535, got " + composite);
        }
        return (int) Math.round(composite);
    }
}
