package io.crosstrust.models.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: comma-separated (or another one-character delimiter), fields optionally
 * quoted with {@code "}, a quote inside a quoted field written as {@code ""}, line breaks and
 * delimiters allowed inside quoted fields, and LF, CRLF or lone CR line endings. A leading UTF-8
 * byte-order mark is skipped; blank lines are skipped. Unquoted fields are returned as written
 * (callers decide about trimming); a quoted field is returned without its quotes. A quote in the
 * middle of an unquoted field is kept as a literal character (lenient, as most producers expect).
 *
 * <p>It reads the whole input; errors name the 1-based physical line where the record started.
 */
public final class CsvReader {
    private final char delimiter;

    public CsvReader(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
        }
        this.delimiter = delimiter;
    }

    public static CsvReader comma() {
        return new CsvReader(',');
    }

    /** Every record in the input, each as its list of fields; the first is usually the header. */
    public List<String[]> readAll(Reader in) throws IOException {
        List<String[]> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean fieldWasQuoted = false;
        boolean recordHasContent = false;
        int line = 1;
        int recordStartLine = 1;
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        while (c != -1) {
            char ch = (char) c;
            if (inQuotes) {
                if (ch == '"') {
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                        c = in.read();
                        continue;
                    }
                    inQuotes = false;
                    c = next;
                    continue;
                }
                if (ch == '\n' || (ch == '\r')) {
                    line++;
                    if (ch == '\r') {
                        int next = in.read();
                        field.append('\r');
                        if (next == '\n') {
                            field.append('\n');
                            c = in.read();
                        } else {
                            c = next;
                        }
                        continue;
                    }
                }
                field.append(ch);
                c = in.read();
                continue;
            }
            if (ch == '"' && field.length() == 0 && !fieldWasQuoted) {
                inQuotes = true;
                fieldWasQuoted = true;
                recordHasContent = true;
                c = in.read();
                continue;
            }
            if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
                recordHasContent = true;
                c = in.read();
                continue;
            }
            if (ch == '\r' || ch == '\n') {
                int next = in.read();
                if (ch == '\r' && next == '\n') {
                    next = in.read();
                }
                if (recordHasContent || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(fields.toArray(new String[0]));
                }
                fields.clear();
                field.setLength(0);
                fieldWasQuoted = false;
                recordHasContent = false;
                line++;
                recordStartLine = line;
                c = next;
                continue;
            }
            if (fieldWasQuoted && (ch == ' ' || ch == '\t')) {
                // padding between a closing quote and the delimiter
                c = in.read();
                continue;
            }
            if (fieldWasQuoted) {
                throw new CsvFormatException(
                        "line " + line + ": text after the closing quote of a quoted field");
            }
            field.append(ch);
            recordHasContent = true;
            c = in.read();
        }
        if (inQuotes) {
            throw new CsvFormatException(
                    "line "
                            + recordStartLine
                            + ": a quoted field is not closed before end of input");
        }
        if (recordHasContent || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields.toArray(new String[0]));
        }
        return records;
    }

    /** Thrown for input that is not CSV; the message names the line. */
    public static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        public CsvFormatException(String message) {
            super(message);
        }
    }
}
