package io.crosstrust.models.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CSV file read into memory: a header and rows of raw string values, plus the SHA-256 of the
 * exact bytes read (the training-data fingerprint recorded in a model artifact). Every row has as
 * many values as the header; a short or long row is an error naming its record number.
 */
public final class DataTable {
    private static final Set<String> MISSING =
            Set.of("", "na", "n/a", "nan", "null", "none", "?", "-");

    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final Map<String, Integer> index;
    private final String sha256;

    private DataTable(String source, List<String> header, List<String[]> rows, String sha256) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.sha256 = sha256;
        this.index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.put(header.get(i), i) != null) {
                throw new IllegalArgumentException(
                        source + ": column '" + header.get(i) + "' appears twice in the header");
            }
        }
    }

    /** Reads a CSV file with a header line. */
    public static DataTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such data file");
        }
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** Reads a CSV with a header line from a stream (stdin, an HTTP response), fully. */
    public static DataTable read(String source, InputStream in) throws IOException {
        return parse(source, in.readAllBytes());
    }

    /** Parses CSV bytes (UTF-8) with a header line. */
    public static DataTable parse(String source, byte[] bytes) throws IOException {
        List<String[]> records;
        try (Reader reader =
                new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            records = CsvReader.comma().readAll(reader);
        } catch (CsvReader.CsvFormatException e) {
            throw new CsvReader.CsvFormatException(source + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new IOException(source + ": empty, expected a header line");
        }
        String[] head = records.get(0);
        List<String> header = new ArrayList<>(head.length);
        for (String h : head) {
            header.add(h.trim());
        }
        List<String[]> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            String[] rec = records.get(r);
            if (rec.length != head.length) {
                throw new IOException(
                        source
                                + ": record "
                                + (r + 1)
                                + " has "
                                + rec.length
                                + " values but the header has "
                                + head.length);
            }
            rows.add(rec);
        }
        return new DataTable(source, header, Collections.unmodifiableList(rows), sha256(bytes));
    }

    /** Lowercase hex SHA-256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** Whether a raw value means "missing": empty, NA, N/A, NaN, null, none, ? or - (any case). */
    public static boolean isMissing(String raw) {
        return raw == null || MISSING.contains(raw.trim().toLowerCase(Locale.ROOT));
    }

    /** A finite double, NaN for a missing value; throws NumberFormatException for text. */
    public static double parseNumber(String raw) {
        if (isMissing(raw)) {
            return Double.NaN;
        }
        double v = Double.parseDouble(raw.trim());
        if (!Double.isFinite(v)) {
            throw new NumberFormatException("not a finite number: " + raw);
        }
        return v;
    }

    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    public String sha256() {
        return sha256;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /** The column's position; throws naming the columns that exist. */
    public int column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException(
                    source + ": no column '" + name + "'; the columns are " + header);
        }
        return i;
    }

    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    public String[] row(int row) {
        return rows.get(row).clone();
    }

    /** The distinct trimmed non-missing values of a column, in first-seen order. */
    public List<String> distinct(int column) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            String v = row[column].trim();
            if (!isMissing(v) && seen.add(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
