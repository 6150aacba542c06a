package io.crosstrust.sinks.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes ClickHouse RowBinary values, the same bytes on 18.16 and current servers: integers
 * little-endian, String = unsigned LEB128 length + bytes, Nullable(T) = one byte (1 = NULL, then
 * nothing; 0 = a T follows), Array(T) = LEB128 count + elements, DateTime = UInt32 seconds since
 * the epoch (UTC), Decimal128 = the unscaled value as 16-byte little-endian two's complement.
 *
 * <p>Nothing is rounded or truncated: a value the column cannot hold exactly (a decimal with more
 * fractional digits than the scale, an instant before 1970 or after 2106 for DateTime, a negative
 * UInt) is an IllegalArgumentException naming the column, so a bad row fails loudly instead of
 * landing wrong.
 */
public final class RowBinaryOutput {
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[77];

    static {
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = BigInteger.TEN.pow(i);
        }
    }

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private final OutputStream out;
    private final byte[] scratch = new byte[16];

    public RowBinaryOutput(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    public RowBinaryOutput uint8(int value, String column) throws IOException {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(column + ": " + value + " does not fit UInt8");
        }
        out.write(value);
        return this;
    }

    /** A boolean as UInt8 0/1 (18.16 has no Bool type). */
    public RowBinaryOutput bool(boolean value) throws IOException {
        out.write(value ? 1 : 0);
        return this;
    }

    public RowBinaryOutput int32(int value) throws IOException {
        return littleEndian(value, 4);
    }

    public RowBinaryOutput int64(long value) throws IOException {
        return littleEndian(value, 8);
    }

    public RowBinaryOutput uint32(long value, String column) throws IOException {
        if (value < 0 || value > MAX_UINT32) {
            throw new IllegalArgumentException(column + ": " + value + " does not fit UInt32");
        }
        return littleEndian(value, 4);
    }

    /** UInt64 from a non-negative long (all this project's counters and versions). */
    public RowBinaryOutput uint64(long value, String column) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException(column + ": " + value + " is negative (UInt64)");
        }
        return littleEndian(value, 8);
    }

    /** A String column from text, as UTF-8. */
    public RowBinaryOutput string(String value, String column) throws IOException {
        Objects.requireNonNull(value, column);
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A String column from raw bytes, kept exactly (ClickHouse strings are byte strings). */
    public RowBinaryOutput bytes(byte[] value) throws IOException {
        varUInt(value.length);
        out.write(value);
        return this;
    }

    /** A String column from the remaining bytes of a buffer; the buffer's position is kept. */
    public RowBinaryOutput bytes(ByteBuffer value) throws IOException {
        ByteBuffer view = value.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return bytes(copy);
    }

    public RowBinaryOutput nullableString(String value, String column) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return string(value, column);
    }

    public RowBinaryOutput nullableBytes(ByteBuffer value) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return bytes(value);
    }

    public RowBinaryOutput nullableInt32(Integer value) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return int32(value);
    }

    public RowBinaryOutput nullableInt64(Long value) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return int64(value);
    }

    public RowBinaryOutput nullableUInt8(Integer value, String column) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return uint8(value, column);
    }

    /** DateTime: whole seconds since the epoch (UTC), rounded down; 1970-01-01 to 2106-02-07. */
    public RowBinaryOutput dateTime(Instant value, String column) throws IOException {
        Objects.requireNonNull(value, column);
        long seconds = value.getEpochSecond(); // floor, also for instants with millis
        if (seconds < 0 || seconds > MAX_UINT32) {
            throw new IllegalArgumentException(
                    column + ": " + value + " is outside DateTime's range 1970-01-01..2106-02-07");
        }
        return littleEndian(seconds, 4);
    }

    public RowBinaryOutput nullableDateTime(Instant value, String column) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return dateTime(value, column);
    }

    /** Epoch milliseconds as Int64: the exact companion of a DateTime column. */
    public RowBinaryOutput epochMillis(Instant value, String column) throws IOException {
        Objects.requireNonNull(value, column);
        return int64(value.toEpochMilli());
    }

    public RowBinaryOutput nullableEpochMillis(Instant value, String column) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return epochMillis(value, column);
    }

    /**
     * Decimal(precision, scale) with precision 19..38 (Decimal128): the exact value at the given
     * scale. More fractional digits than the scale, or more than {@code precision} digits in all,
     * is an IllegalArgumentException: money is never rounded here.
     */
    public RowBinaryOutput decimal128(BigDecimal value, int precision, int scale, String column)
            throws IOException {
        Objects.requireNonNull(value, column);
        if (precision < 19 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException(
                    column + ": Decimal(" + precision + ", " + scale + ") is not a Decimal128");
        }
        BigInteger unscaled;
        try {
            unscaled = value.setScale(scale).unscaledValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    column
                            + ": "
                            + value.toPlainString()
                            + " has more than "
                            + scale
                            + " fractional digits",
                    e);
        }
        if (unscaled.abs().compareTo(POWERS_OF_TEN[precision]) >= 0) {
            throw new IllegalArgumentException(
                    column
                            + ": "
                            + value.toPlainString()
                            + " does not fit Decimal("
                            + precision
                            + ", "
                            + scale
                            + ")");
        }
        byte[] bigEndian = unscaled.toByteArray(); // minimal two's complement, at most 16 bytes
        byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
        for (int i = 0; i < 16; i++) {
            int from = bigEndian.length - 1 - i;
            scratch[i] = from >= 0 ? bigEndian[from] : fill;
        }
        out.write(scratch, 0, 16);
        return this;
    }

    public RowBinaryOutput nullableDecimal128(
            BigDecimal value, int precision, int scale, String column) throws IOException {
        if (isNull(value)) {
            return this;
        }
        return decimal128(value, precision, scale, column);
    }

    /** The element count that starts an Array(T) value; the caller then writes the elements. */
    public RowBinaryOutput arrayLength(int length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative array length " + length);
        }
        return varUInt(length);
    }

    /** Unsigned LEB128, as used for String lengths and Array sizes. */
    RowBinaryOutput varUInt(long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    /** Writes the Nullable flag; true when the value is null (and nothing else must follow). */
    private boolean isNull(Object value) throws IOException {
        out.write(value == null ? 1 : 0);
        return value == null;
    }

    private RowBinaryOutput littleEndian(long value, int width) throws IOException {
        for (int i = 0; i < width; i++) {
            scratch[i] = (byte) (value >>> (8 * i));
        }
        out.write(scratch, 0, width);
        return this;
    }
}
