package io.crosstrust.sinks.clickhouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RowBinary back by column type, as ClickHouse would, for tests that need no server: String
 * as byte[], Nullable NULL as null, Decimal(P, S) as BigDecimal, DateTime as Instant, the Int and
 * UInt types as Long, Array(T) as List. Also parses the column list of a CREATE TABLE from this
 * project's DDL files (one column per line).
 */
public final class RowBinaryDecoder {
    private static final Pattern COLUMN =
            Pattern.compile("^\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+(.+?)(\\s+DEFAULT\\s+.*?)?,?\\s*$");

    private final ByteBuffer in;

    public RowBinaryDecoder(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public boolean hasRemaining() {
        return in.hasRemaining();
    }

    /** One row of the given columns (name -> type), in order. */
    public Map<String, Object> row(Map<String, String> columnTypes) {
        Map<String, Object> row = new LinkedHashMap<>();
        columnTypes.forEach((name, type) -> row.put(name, value(type)));
        return row;
    }

    public Object value(String type) {
        if (type.startsWith("Nullable(")) {
            return in.get() == 1 ? null : value(inner(type));
        }
        if (type.startsWith("Array(")) {
            long n = varUInt();
            List<Object> items = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                items.add(value(inner(type)));
            }
            return items;
        }
        if (type.equals("String")) {
            byte[] bytes = new byte[Math.toIntExact(varUInt())];
            in.get(bytes);
            return bytes;
        }
        if (type.startsWith("DateTime")) {
            return Instant.ofEpochSecond(Integer.toUnsignedLong(in.getInt()));
        }
        if (type.startsWith("Decimal(")) {
            int scale = Integer.parseInt(inner(type).split(",")[1].trim());
            byte[] le = new byte[16];
            in.get(le);
            byte[] be = new byte[16];
            for (int i = 0; i < 16; i++) {
                be[i] = le[15 - i];
            }
            return new BigDecimal(new BigInteger(be), scale);
        }
        switch (type) {
            case "UInt8":
                return (long) Byte.toUnsignedInt(in.get());
            case "Int32":
                return (long) in.getInt();
            case "Int64":
            case "UInt64":
                return in.getLong();
            default:
                throw new IllegalArgumentException(
                        "type not supported by the test decoder: " + type);
        }
    }

    private long varUInt() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static String inner(String type) {
        return type.substring(type.indexOf('(') + 1, type.lastIndexOf(')'));
    }

    /** Column name -> type of a CREATE TABLE statement (DEFAULT columns included). */
    public static Map<String, String> columns(String createTable) {
        Map<String, String> columns = new LinkedHashMap<>();
        boolean inColumns = false;
        for (String line : createTable.split("\n")) {
            if (!inColumns) {
                inColumns = line.strip().equals("(");
                continue;
            }
            if (line.strip().equals(")")) {
                break;
            }
            Matcher m = COLUMN.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a column line: " + line);
            }
            columns.put(m.group(1), m.group(2).strip());
        }
        return columns;
    }

    /** The same, restricted to the given columns in the given order. */
    public static Map<String, String> columns(String createTable, List<String> names) {
        Map<String, String> all = columns(createTable);
        Map<String, String> selected = new LinkedHashMap<>();
        for (String name : names) {
            String type = all.get(name);
            if (type == null) {
                throw new IllegalArgumentException("no column " + name + " in " + all.keySet());
            }
            selected.put(name, type);
        }
        return selected;
    }

    public static String utf8(Object bytes) {
        return bytes == null
                ? null
                : new String((byte[]) bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static byte[] raw(Object bytes) {
        return bytes == null ? null : Arrays.copyOf((byte[]) bytes, ((byte[]) bytes).length);
    }
}
