package io.crosstrust.sinks.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Just enough of ClickHouse's lexical rules to work on SQL resource files safely: string literals
 * ('...' with backslash escapes and doubled quotes), quoted identifiers ("..." and `...`), line
 * comments ({@code --}) and block comments. Splitting on ';' and finding placeholders only ever
 * happens outside those.
 */
final class SqlText {
    private SqlText() {}

    /**
     * The statements of a script: comments removed (each replaced by one space or its newline),
     * split on ';' outside literals and quoted names, trimmed, empty ones dropped.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end; // keep the newline itself
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment in SQL");
                }
                current.append(' ');
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = endOfQuoted(script, i);
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                addIfNotBlank(out, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        addIfNotBlank(out, current);
        return out;
    }

    /**
     * Rewrites every {@code {name:Type}} placeholder that stands outside literals, quoted names and
     * comments: {@code replacement.apply(name, type)} gives its new text. A '{' not followed by a
     * well-formed placeholder is left alone.
     */
    static String replacePlaceholders(String sql, BiFunction<String, String, String> replacement) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment in SQL");
                }
                out.append(sql, i, end + 2);
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = endOfQuoted(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '{') {
                int close = placeholderEnd(sql, i);
                if (close < 0) {
                    out.append(c);
                    i++;
                } else {
                    String body = sql.substring(i + 1, close);
                    int colon = body.indexOf(':');
                    out.append(
                            replacement.apply(
                                    body.substring(0, colon).trim(),
                                    body.substring(colon + 1).trim()));
                    i = close + 1;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Index of the '}' closing a placeholder {@code {name:Type}} that starts at {@code open}, or
     * -1. The type may hold parentheses, commas, spaces and quoted time zones: DateTime('UTC'),
     * Decimal(38, 18), Array(String), Nullable(String).
     */
    private static int placeholderEnd(String sql, int open) {
        int i = open + 1;
        int n = sql.length();
        while (i < n && sql.charAt(i) == ' ') {
            i++;
        }
        int nameStart = i;
        if (i >= n || !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            return -1;
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i == nameStart) {
            return -1;
        }
        while (i < n && sql.charAt(i) == ' ') {
            i++;
        }
        if (i >= n || sql.charAt(i) != ':') {
            return -1;
        }
        i++;
        int depth = 0;
        for (; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '\'') {
                i = endOfQuoted(sql, i) - 1;
            } else if (c == '}' && depth == 0) {
                return i;
            } else if (c == '\n' || c == ';' || c == '{') {
                return -1;
            }
        }
        return -1;
    }

    /** Index just past the quoted literal or name that opens at {@code start}. */
    private static int endOfQuoted(String sql, int start) {
        char quote = sql.charAt(start);
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote stands for itself
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote in SQL");
    }

    private static void addIfNotBlank(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
