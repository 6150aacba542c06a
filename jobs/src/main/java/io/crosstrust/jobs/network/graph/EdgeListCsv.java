package io.crosstrust.jobs.network.graph;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a weighted edge list from CSV into a {@link TradeGraph}: one row per trade (or per
 * aggregated flow), a header row naming the columns. RFC 4180 text: fields may be quoted ({@code
 * "a, b"}, {@code "say ""hi"""}, line breaks inside quotes), lines end in LF or CRLF, a UTF-8 byte
 * order mark is ignored, blank lines are skipped. Rows repeating a pair add to its count and
 * weight; a row whose source equals its target is a self-loop (counted, not an edge).
 *
 * <p>Errors name the line: a missing column lists the header; an empty id, a row with too few
 * fields, an unterminated quote, or a weight that is not a finite number >= 0 stop the read.
 */
public final class EdgeListCsv {
    /**
     * Which columns to read; {@code weight}, {@code sourceRegion} and {@code targetRegion} may be
     * null (weight 1 per row; regions unknown).
     */
    public record Columns(
            String source, String target, String weight, String sourceRegion, String targetRegion) {
        public Columns {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
        }

        public static Columns of(String source, String target, String weight) {
            return new Columns(source, target, weight, null, null);
        }
    }

    /** The graph read and how many data rows it came from. */
    public record Result(TradeGraph graph, long rows, List<String> header) {}

    private EdgeListCsv() {}

    public static Result read(Path file, Columns columns, char delimiter) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, columns, delimiter, file.toString());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text", e);
        }
    }

    public static Result read(Reader reader, Columns columns, char delimiter, String name)
            throws IOException {
        RecordReader records = new RecordReader(reader, delimiter, name);
        List<String> header = records.next();
        if (header == null) {
            throw new IllegalArgumentException(name + ": empty file, expected a header row");
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        int source = column(header, columns.source(), "--source", name);
        int target = column(header, columns.target(), "--target", name);
        int weight =
                columns.weight() == null ? -1 : column(header, columns.weight(), "--weight", name);
        int sourceRegion =
                columns.sourceRegion() == null
                        ? -1
                        : column(header, columns.sourceRegion(), "--source-region", name);
        int targetRegion =
                columns.targetRegion() == null
                        ? -1
                        : column(header, columns.targetRegion(), "--target-region", name);
        int needed =
                1
                        + Math.max(
                                Math.max(source, target),
                                Math.max(weight, Math.max(sourceRegion, targetRegion)));

        TradeGraph graph = new TradeGraph();
        long rows = 0;
        List<String> row;
        while ((row = records.next()) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            long line = records.recordLine();
            if (row.size() < needed) {
                throw new IllegalArgumentException(
                        name
                                + " line "
                                + line
                                + ": "
                                + row.size()
                                + " fields, expected at least "
                                + needed
                                + " (header: "
                                + String.join(",", header)
                                + ")");
            }
            String s = id(row.get(source), columns.source(), name, line);
            String t = id(row.get(target), columns.target(), name, line);
            double w = weight < 0 ? 1 : weight(row.get(weight), columns.weight(), name, line);
            graph.addTrade(s, region(row, sourceRegion), t, region(row, targetRegion), 1, w);
            rows++;
        }
        return new Result(graph, rows, List.copyOf(header));
    }

    private static int column(List<String> header, String wanted, String option, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equals(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                name
                        + ": no column '"
                        + wanted
                        + "' ("
                        + option
                        + "); the header has: "
                        + String.join(", ", header));
    }

    private static String id(String value, String column, String name, long line) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(
                    name + " line " + line + ": empty " + column + " id");
        }
        return v;
    }

    private static String region(List<String> row, int column) {
        if (column < 0) {
            return null;
        }
        String v = row.get(column).trim();
        return v.isEmpty() ? null : v;
    }

    private static double weight(String value, String column, String name, long line) {
        double w;
        try {
            w = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " line " + line + ": " + column + " '" + value + "' is not a number");
        }
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException(
                    name
                            + " line "
                            + line
                            + ": "
                            + column
                            + " "
                            + value
                            + " must be a finite number >= 0");
        }
        return w;
    }

    /** Splits RFC 4180 records, tracking the line each record starts on. */
    static final class RecordReader {
        private final Reader in;
        private final char delimiter;
        private final String name;
        private long line = 1;
        private long recordLine;
        private int pushedBack = -2;

        RecordReader(Reader in, char delimiter, String name) {
            this.in = in;
            this.delimiter = delimiter;
            this.name = name;
        }

        long recordLine() {
            return recordLine;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return in.read();
        }

        /** The next record's fields, or null at the end of input. */
        List<String> next() throws IOException {
            int c = read();
            if (c < 0) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c < 0) {
                        throw new IllegalArgumentException(
                                name + " line " + recordLine + ": unterminated quoted field");
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c < 0 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                        }
                    }
                    if (c >= 0) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
