package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte-exact RowBinary, checked against the encodings ClickHouse documents. */
class RowBinaryOutputTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final RowBinaryOutput out = new RowBinaryOutput(bytes);

    private String hex() {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private String decimal(String value) throws IOException {
        bytes.reset();
        out.decimal128(new BigDecimal(value), 38, 18, "amount");
        return hex();
    }

    @Test
    void decimal128IsTheUnscaledValueAs16LittleEndianBytes() throws IOException {
        // 1.5 at scale 18 = 1_500_000_000_000_000_000 = 0x14D1120D7B160000
        assertThat(decimal("1.5")).isEqualTo("0000167b0d12d114" + "0000000000000000");
        assertThat(decimal("0")).isEqualTo("00".repeat(16));
        assertThat(decimal("0.000000000000000001")).isEqualTo("01" + "00".repeat(15));
    }

    @Test
    void negativeDecimalsAreTwosComplementSignExtendedTo16Bytes() throws IOException {
        assertThat(decimal("-0.000000000000000001")).isEqualTo("ff".repeat(16));
        // -1.5 -> two's complement of 0x14D1120D7B160000
        assertThat(decimal("-1.5")).isEqualTo("0000ea84f2ed2eeb" + "ff".repeat(8));
    }

    @Test
    void decimalsAtFullPrecisionRoundTripThroughTheBytes() throws IOException {
        for (String value :
                new String[] {
                    "99999999999999999999.999999999999999999",
                    "-99999999999999999999.999999999999999999",
                    "12345678901234567890.123456789012345678",
                    "-12345678901234567890.123456789012345678"
                }) {
            byte[] le = HexFormat.of().parseHex(decimal(value));
            byte[] be = new byte[16];
            for (int i = 0; i < 16; i++) {
                be[i] = le[15 - i];
            }
            BigDecimal back = new BigDecimal(new java.math.BigInteger(be), 18);
            assertThat(back).isEqualByComparingTo(value);
        }
        // (10^38 - 1) is 0x4B3B4CA85A86C47A098A223FFFFFFFFF
        assertThat(decimal("99999999999999999999.999999999999999999"))
                .isEqualTo("ffffffff3f228a097ac4865aa84c3b4b");
    }

    @Test
    void decimalsThatWouldNeedRoundingOrDoNotFitAreRefused() {
        assertThatThrownBy(() -> decimal("0.0000000000000000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount")
                .hasMessageContaining("more than 18 fractional digits");
        assertThatThrownBy(() -> decimal("100000000000000000000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit Decimal(38, 18)");
        assertThatThrownBy(() -> out.decimal128(BigDecimal.ONE, 18, 2, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Decimal128");
    }

    @Test
    void trailingZerosBeyondTheScaleAreNotRounding() throws IOException {
        assertThat(decimal("2.50000000000000000000000")).isEqualTo(decimal("2.5"));
    }

    @Test
    void stringsAreUtf8WithALeb128Length() throws IOException {
        out.string("Ω付", "s");
        assertThat(hex()).isEqualTo("05" + "cea9" + "e4bb98");
        bytes.reset();
        out.string("x".repeat(200), "s"); // 200 = 0xC8 -> LEB128 c8 01
        assertThat(hex()).startsWith("c801" + "78").hasSize((2 + 200) * 2);
        bytes.reset();
        out.string("", "s");
        assertThat(hex()).isEqualTo("00");
    }

    @Test
    void rawBytesAreWrittenUntouchedAndTheBufferPositionIsKept() throws IOException {
        ByteBuffer value = ByteBuffer.wrap(new byte[] {0, (byte) 0xFF, 0x0A});
        out.nullableBytes(value);
        assertThat(hex()).isEqualTo("00" + "03" + "00ff0a");
        assertThat(value.remaining()).isEqualTo(3);
    }

    @Test
    void nullablesCarryAOneByteNullFlag() throws IOException {
        out.nullableString(null, "s")
                .nullableString("a", "s")
                .nullableInt32(null)
                .nullableInt32(-2)
                .nullableDecimal128(null, 38, 18, "d")
                .nullableDateTime(null, "t");
        assertThat(hex()).isEqualTo("01" + "000161" + "01" + "00feffffff" + "01" + "01");
    }

    @Test
    void integersAreLittleEndian() throws IOException {
        out.int32(1).int64(-1).uint64(Long.MAX_VALUE, "v").uint8(255, "u").bool(true);
        assertThat(hex()).isEqualTo("01000000" + "ff".repeat(8) + "ffffffffffffff7f" + "ff" + "01");
        assertThatThrownBy(() -> out.uint64(-1, "version"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> out.uint8(256, "flag"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.uint32(1L << 32, "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dateTimeIsUInt32SecondsAndTheMillisColumnKeepsTheRest() throws IOException {
        Instant t = Instant.parse("2026-03-02T01:02:03.456Z"); // 1772413323 = 0x69A4E18B
        out.dateTime(t, "t").epochMillis(t, "t_ms");
        assertThat(hex()).isEqualTo("8be1a469" + "c00811ac9c010000");
        assertThat(Long.parseLong("019cac1108c0", 16)).isEqualTo(1772413323456L);
    }

    @Test
    void dateTimeOutsideItsRangeIsRefusedNotWrapped() {
        assertThatThrownBy(() -> out.dateTime(Instant.parse("1969-12-31T23:59:59Z"), "event_time"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_time");
        assertThatThrownBy(() -> out.dateTime(Instant.parse("2106-02-08T00:00:00Z"), "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arraysStartWithTheirLengthAsLeb128() throws IOException {
        out.arrayLength(0).arrayLength(3).arrayLength(300);
        assertThat(hex()).isEqualTo("00" + "03" + "ac02");
    }
}
