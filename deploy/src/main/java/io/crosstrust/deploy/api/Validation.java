package io.crosstrust.deploy.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of every value a request carries; a failure is an HTTP 400 with its message. */
final class Validation {
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern ENTITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2,3}");
    private static final Pattern WARNING_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
    static final Set<String> SEVERITIES = Set.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    static final int MAX_LIMIT = 500;
    static final int MAX_OFFSET = 100_000;
    static final long MAX_RANGE_DAYS = 400;

    private Validation() {}

    static String entityId(String v) {
        return matching(v, ENTITY, "entity id", "letters, digits, _.:- (max 128)");
    }

    static String address(String v) {
        return matching(v, ADDRESS, "address", "0x and 40 hex digits").toLowerCase(Locale.ROOT);
    }

    static String region(String v) {
        return matching(v, REGION, "region", "2-3 upper-case letters (ISO country code)");
    }

    static String warningId(String v) {
        return matching(v, WARNING_ID, "warning id", "letters, digits, _.:- (max 200)");
    }

    static String severity(String v) {
        if (v == null || !SEVERITIES.contains(v)) {
            throw new BadRequest("severity must be one of " + SEVERITIES);
        }
        return v;
    }

    static int integer(String v, String name, int dflt, int min, int max) {
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequest(name + " must be an integer from " + min + " to " + max);
    }

    /** A time bound: an ISO date (start of day UTC) or instant; {@code dflt} when absent. */
    static Instant instant(String v, String name, Instant dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " must be an ISO date (2026-01-31) or instant");
        }
    }

    /** from < to, within 1970..2106 (DateTime's range) and at most MAX_RANGE_DAYS apart. */
    static void range(Instant from, Instant to) {
        if (from.isBefore(Instant.EPOCH) || to.isAfter(Instant.parse("2106-01-01T00:00:00Z"))) {
            throw new BadRequest("from/to must lie between 1970 and 2106");
        }
        if (!from.isBefore(to)) {
            throw new BadRequest("from must be before to");
        }
        if (java.time.Duration.between(from, to).toDays() > MAX_RANGE_DAYS) {
            throw new BadRequest("from..to may span at most " + MAX_RANGE_DAYS + " days");
        }
    }

    private static String matching(String v, Pattern p, String name, String rule) {
        if (v == null || !p.matcher(v).matches()) {
            throw new BadRequest(name + " is invalid: " + rule);
        }
        return v;
    }
}
