package io.crosstrust.sinks.clickhouse;

import java.util.regex.Pattern;

/**
 * The one gate through which a name (database, table, column) may enter SQL text: only plain
 * identifiers {@code [A-Za-z_][A-Za-z0-9_]*} pass, so nothing that could end an identifier, open a
 * string or start a comment can ever be spliced. Values never go through here: they travel as typed
 * rows (RowBinary) or as query parameters ({@link ClickHouseQuery}).
 */
public final class ClickHouseIdentifier {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_LENGTH = 128;

    private ClickHouseIdentifier() {}

    /** Returns {@code name} if it is a plain identifier, else throws IllegalArgumentException. */
    public static String check(String name, String what) {
        if (name == null) {
            throw new NullPointerException(what + " must not be null");
        }
        if (name.length() > MAX_LENGTH || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " must match [A-Za-z_][A-Za-z0-9_]* (at most "
                            + MAX_LENGTH
                            + " characters), got '"
                            + printable(name)
                            + "'");
        }
        return name;
    }

    /** {@code database.table}, both parts checked. */
    public static String qualified(String database, String table) {
        return check(database, "database") + "." + check(table, "table");
    }

    /** Shows a rejected name in an error message without echoing control characters. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints()
                .limit(MAX_LENGTH)
                .forEach(
                        c -> {
                            if (Character.isISOControl(c)) {
                                out.append(String.format("\\u%04x", c));
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        return out.toString();
    }
}
