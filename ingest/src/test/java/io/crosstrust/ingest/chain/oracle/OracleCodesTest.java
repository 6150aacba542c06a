package io.crosstrust.ingest.chain.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.ScoreTrigger;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class OracleCodesTest {
    @Test
    void gradesMapToOneForAaaThroughTenForD() {
        for (int i = 0; i < OracleCodes.GRADES.size(); i++) {
            String g = OracleCodes.GRADES.get(i);
            assertThat(OracleCodes.gradeCode(g)).isEqualTo(i + 1);
            assertThat(OracleCodes.gradeName(i + 1)).isEqualTo(g);
        }
        assertThat(OracleCodes.gradeCode("D")).isEqualTo(10);
        assertThat(OracleCodes.gradeName(0)).isEqualTo("-");
        assertThatThrownBy(() -> OracleCodes.gradeCode("AAA+"))
                .hasMessageContaining("unknown grade");
        assertThatThrownBy(() -> OracleCodes.gradeName(11)).hasMessageContaining("0..10");
    }

    @Test
    void pdBucketsAreFiftyPerDecadeFromOneBasisPointToCertainty() {
        assertThat(OracleCodes.pdBucket(0)).isZero();
        assertThat(OracleCodes.pdBucket(0.0001)).isZero();
        assertThat(OracleCodes.pdBucket(0.001)).isEqualTo(50);
        assertThat(OracleCodes.pdBucket(0.01)).isEqualTo(100);
        assertThat(OracleCodes.pdBucket(0.05)).isEqualTo(135);
        assertThat(OracleCodes.pdBucket(0.5)).isEqualTo(185);
        assertThat(OracleCodes.pdBucket(1.0)).isEqualTo(200);
        for (int b = 0; b <= 200; b++) {
            assertThat(OracleCodes.pdBucket(OracleCodes.pdOf(b))).isEqualTo(b);
        }
        // monotone
        int last = 0;
        for (double pd = 0.00001; pd <= 1; pd *= 1.01) {
            int b = OracleCodes.pdBucket(pd);
            assertThat(b).isGreaterThanOrEqualTo(last);
            last = b;
        }
        assertThatThrownBy(() -> OracleCodes.pdBucket(Double.NaN)).hasMessageContaining("PD");
        assertThatThrownBy(() -> OracleCodes.pdBucket(1.0001)).hasMessageContaining("PD");
    }

    @Test
    void modelVersionsAreNumbersThatCompareLikeSemanticVersions() {
        assertThat(OracleCodes.modelVersion("1.0.0")).isEqualTo(1_000_000);
        assertThat(OracleCodes.modelVersion("2.13")).isEqualTo(2_013_000);
        assertThat(OracleCodes.modelVersion("v3")).isEqualTo(3_000_000);
        assertThat(OracleCodes.modelVersion("4294.967.295")).isEqualTo(0xFFFF_FFFFL);
        assertThat(OracleCodes.modelVersion("1.10.0"))
                .isGreaterThan(OracleCodes.modelVersion("1.9.999"));
        assertThat(OracleCodes.modelVersionText(1_002_003)).isEqualTo("1.2.3");
        for (String bad : List.of("4294.967.296", "1.0.0-rc1", "1.1000.0", "", "latest")) {
            assertThatThrownBy(() -> OracleCodes.modelVersion(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void entityKeysAreTheKeccakOfTheIdAndEntriesPackIntoFortyEightBytes() {
        byte[] key = OracleCodes.entityKey("seller-CN-42");
        assertThat(key).isEqualTo(Hash.sha3("seller-CN-42".getBytes(StandardCharsets.UTF_8)));
        OracleEntry e = new OracleEntry(key, 0x0102030405060708L, 0x0A0B0C0DL, 0x0E0F, 3, 200);
        byte[] b = OracleEntry.encodeBatch(List.of(e, e));
        assertThat(b).hasSize(96);
        assertThat(java.util.Arrays.copyOfRange(b, 0, 32)).isEqualTo(key);
        assertThat(java.util.Arrays.copyOfRange(b, 32, 48))
                .isEqualTo(
                        new byte[] {
                            1,
                            2,
                            3,
                            4,
                            5,
                            6,
                            7,
                            8,
                            0x0A,
                            0x0B,
                            0x0C,
                            0x0D,
                            0x0E,
                            0x0F,
                            3,
                            (byte) 200
                        });
        // the same 16 bytes are the top half of the stored slot
        BigInteger slot =
                new BigInteger(1, java.util.Arrays.copyOfRange(b, 32, 48))
                        .shiftLeft(128)
                        .or(BigInteger.valueOf(1_700_000_000L).shiftLeft(88));
        assertThat(OracleRecord.unpack(slot)).isEqualTo(OracleRecord.of(e, 1_700_000_000L));
        assertThat(OracleRecord.unpack(BigInteger.ZERO)).isEqualTo(OracleRecord.NONE);
        assertThatThrownBy(() -> new OracleEntry(new byte[32], 1, 0, 0, 1, 0))
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> new OracleEntry(key, 0, 0, 0, 1, 0))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> new OracleEntry(key, 1, 0, 0, 11, 0))
                .hasMessageContaining("grade");
    }

    @Test
    void aCreditScoreBecomesItsOracleEntry() {
        CreditScore s =
                CreditScore.newBuilder()
                        .setEventId("e-1:7")
                        .setEntityId("e-1")
                        .setAsOf(Instant.parse("2026-03-01T00:00:00Z"))
                        .setComposite(712.5)
                        .setPd(0.0123)
                        .setGrade("BB")
                        .setDimensions(new DimensionScores(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0))
                        .setReasons(List.of())
                        .setRecommendedLimit(new Money(new BigDecimal("1000"), "USD"))
                        .setModelId("crosstrust-default")
                        .setModelVersion("1.2.0")
                        .setScoreVersion(7)
                        .setTrigger(ScoreTrigger.EVENT)
                        .build();
        OracleEntry e = OracleEntry.of(s);
        assertThat(e.entity()).isEqualTo(OracleCodes.entityKey("e-1"));
        assertThat(e.version()).isEqualTo(7);
        assertThat(e.score()).isEqualTo(713);
        assertThat(e.grade()).isEqualTo(5);
        assertThat(e.pdBucket()).isEqualTo(OracleCodes.pdBucket(0.0123));
        assertThat(e.modelVersion()).isEqualTo(1_002_000);
    }
}
