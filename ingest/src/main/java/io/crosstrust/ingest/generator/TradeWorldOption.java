package io.crosstrust.ingest.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One typed, documented parameter of the trade world: its key (as used in {@code --set key=value}),
 * type, default, description and valid range. All options are declared in {@link TradeWorldConfig};
 * nothing else defines parameter keys.
 *
 * @param <T> the value type
 */
public final class TradeWorldOption<T> {
    private final String key;
    private final String typeName;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final Function<T, String> check;
    int index = -1;

    private TradeWorldOption(
            String key,
            String typeName,
            T defaultValue,
            String description,
            Function<String, T> parser,
            Function<T, String> formatter,
            Function<T, String> check) {
        this.key = key;
        this.typeName = typeName;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.formatter = formatter;
        this.check = check;
    }

    /** The parameter key, e.g. {@code escrowShare}. */
    public String key() {
        return key;
    }

    /** A short name of the value type and range, e.g. {@code double [0,1]}. */
    public String typeName() {
        return typeName;
    }

    /** The default value. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default in its text form (what {@code key=value} would take). */
    public String defaultText() {
        return format(defaultValue);
    }

    /** What the parameter means. */
    public String description() {
        return description;
    }

    /** The text form of a value. */
    public String format(T value) {
        return formatter.apply(value);
    }

    /** Parses a text value; the message of the exception says what to fix. */
    public T parse(String text) {
        Objects.requireNonNull(text, "value");
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            throw new IllegalArgumentException(
                    key + " must be " + expected() + ", got '" + text + "'" + why, e);
        }
        String problem = validate(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** Null when the value is valid, else a message that says what to fix. */
    String validate(T value) {
        if (value == null) {
            return key + " must be set";
        }
        String problem = check.apply(value);
        return problem == null ? null : key + " " + problem + ", got " + format(value);
    }

    private String expected() {
        return switch (typeName.split(" ")[0]) {
            case "int", "long" -> "an integer";
            case "double" -> "a number";
            case "boolean" -> "true or false";
            case "instant" -> "an ISO-8601 UTC instant like 2026-01-01T00:00:00Z or a date";
            case "corridors" -> "a list like CN>US:16,VN>DE:2";
            case "terms" -> "a list like 30:0.5,60:0.5";
            default -> "text";
        };
    }

    @Override
    public String toString() {
        return key;
    }

    // ---- factories (used by TradeWorldConfig) ----

    static TradeWorldOption<Integer> ofInt(
            String key, int def, int min, int max, String description) {
        return new TradeWorldOption<>(
                key,
                "int [" + min + "," + max + "]",
                def,
                description,
                Integer::parseInt,
                String::valueOf,
                v -> v < min || v > max ? "must be in [" + min + "," + max + "]" : null);
    }

    static TradeWorldOption<Long> ofLong(
            String key, long def, long min, long max, String description) {
        return new TradeWorldOption<>(
                key,
                "long [" + min + "," + max + "]",
                def,
                description,
                Long::parseLong,
                String::valueOf,
                v -> v < min || v > max ? "must be in [" + min + "," + max + "]" : null);
    }

    static TradeWorldOption<Double> ofDouble(
            String key, double def, double min, double max, String description) {
        String range = "[" + formatNumber(min) + "," + formatNumber(max) + "]";
        return new TradeWorldOption<>(
                key,
                "double " + range,
                def,
                description,
                TradeWorldOption::parseFinite,
                TradeWorldOption::formatNumber,
                v -> Double.isNaN(v) || v < min || v > max ? "must be in " + range : null);
    }

    static TradeWorldOption<Boolean> ofBoolean(String key, boolean def, String description) {
        return new TradeWorldOption<>(
                key,
                "boolean",
                def,
                description,
                s -> {
                    if (s.equalsIgnoreCase("true")) {
                        return true;
                    }
                    if (s.equalsIgnoreCase("false")) {
                        return false;
                    }
                    throw new IllegalArgumentException("not a boolean");
                },
                String::valueOf,
                v -> null);
    }

    static TradeWorldOption<String> ofText(
            String key, String def, Pattern pattern, String description) {
        return new TradeWorldOption<>(
                key,
                "text",
                def,
                description,
                s -> s,
                s -> s,
                v -> pattern.matcher(v).matches() ? null : "must match " + pattern.pattern());
    }

    static TradeWorldOption<Instant> ofInstant(String key, Instant def, String description) {
        return new TradeWorldOption<>(
                key,
                "instant",
                def,
                description,
                s ->
                        s.length() == 10
                                ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
                                : Instant.parse(s),
                Instant::toString,
                v -> null);
    }

    static TradeWorldOption<List<Corridor>> ofCorridors(
            String key, List<Corridor> def, String description) {
        return new TradeWorldOption<>(
                key,
                "corridors",
                List.copyOf(def),
                description,
                TradeWorldOption::parseCorridors,
                v -> v.stream().map(Corridor::toString).collect(Collectors.joining(",")),
                v -> {
                    if (v.isEmpty()) {
                        return "must list at least one corridor";
                    }
                    long distinct =
                            v.stream()
                                    .map(c -> c.origin() + ">" + c.destination())
                                    .distinct()
                                    .count();
                    return distinct < v.size() ? "must not list a corridor twice" : null;
                });
    }

    static TradeWorldOption<List<PaymentTerm>> ofTerms(
            String key, List<PaymentTerm> def, String description) {
        return new TradeWorldOption<>(
                key,
                "terms",
                List.copyOf(def),
                description,
                TradeWorldOption::parseTerms,
                v -> v.stream().map(PaymentTerm::toString).collect(Collectors.joining(",")),
                v -> v.isEmpty() ? "must list at least one term" : null);
    }

    private static double parseFinite(String s) {
        double d = Double.parseDouble(s);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not finite");
        }
        return d;
    }

    private static List<Corridor> parseCorridors(String text) {
        List<Corridor> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int gt = s.indexOf('>');
            int colon = s.indexOf(':');
            if (gt < 0 || colon < gt) {
                throw new IllegalArgumentException("'" + s + "' is not ORIGIN>DEST:WEIGHT");
            }
            out.add(
                    new Corridor(
                            s.substring(0, gt).trim(),
                            s.substring(gt + 1, colon).trim(),
                            parseFinite(s.substring(colon + 1).trim())));
        }
        return List.copyOf(out);
    }

    private static List<PaymentTerm> parseTerms(String text) {
        List<PaymentTerm> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + s + "' is not DAYS:WEIGHT");
            }
            out.add(
                    new PaymentTerm(
                            Integer.parseInt(s.substring(0, colon).trim()),
                            parseFinite(s.substring(colon + 1).trim())));
        }
        return List.copyOf(out);
    }

    /** Formats a number without a trailing ".0" (1 rather than 1.0, 0.25 stays 0.25). */
    static String formatNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
