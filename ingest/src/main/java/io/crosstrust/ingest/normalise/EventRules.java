package io.crosstrust.ingest.normalise;

import io.crosstrust.events.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The content rules every event must meet before it enters trade.events. Each check throws an
 * {@link InvalidEventException} naming the field and what is wrong with it.
 */
final class EventRules {
    /** Events before this are surely a unit mistake (seconds taken for millis and the like). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z][A-Z0-9]{2,9}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final int MAX_ID_LENGTH = 128;

    private EventRules() {}

    static String id(String field, String value) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException(
                    field + " is " + value.length() + " characters, at most " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidEventException(field + " contains a control character");
            }
        }
        return value;
    }

    static String optionalId(String field, String value) throws InvalidEventException {
        return value == null ? null : id(field, value);
    }

    static Instant time(String field, Instant value) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException(field + " is missing");
        }
        if (value.isBefore(EARLIEST) || !value.isBefore(LATEST)) {
            throw new InvalidEventException(
                    field + " " + value + " is outside [" + EARLIEST + ", " + LATEST + ")");
        }
        return value;
    }

    static Instant optionalTime(String field, Instant value) throws InvalidEventException {
        return value == null ? null : time(field, value);
    }

    static String region(String field, String value) throws InvalidEventException {
        if (value == null || !REGION.matcher(value).matches()) {
            throw new InvalidEventException(
                    field
                            + " '"
                            + value
                            + "' is not an ISO 3166-1 alpha-2 code with an optional subdivision"
                            + " (e.g. DE, CN-GD)");
        }
        return value;
    }

    static String address(String field, String value) throws InvalidEventException {
        if (value != null && !ADDRESS.matcher(value).matches()) {
            throw new InvalidEventException(
                    field + " '" + value + "' is not a 0x-prefixed 20-byte address");
        }
        return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
    }

    /** An amount that must be >= 0 (or > 0 when positive is set), with a currency code. */
    static Money money(String field, Money value, boolean positive) throws InvalidEventException {
        if (value == null || value.getAmount() == null) {
            throw new InvalidEventException(field + " is missing");
        }
        BigDecimal amount = value.getAmount();
        if (positive ? amount.signum() <= 0 : amount.signum() < 0) {
            throw new InvalidEventException(
                    field
                            + " is "
                            + amount.toPlainString()
                            + ", must be "
                            + (positive ? "> 0" : ">= 0"));
        }
        if (value.getCurrency() == null || !CURRENCY.matcher(value.getCurrency()).matches()) {
            throw new InvalidEventException(
                    field
                            + ".currency '"
                            + value.getCurrency()
                            + "' is not an ISO 4217 code or token symbol (e.g. USD, USDC)");
        }
        return value;
    }

    static Money optionalMoney(String field, Money value) throws InvalidEventException {
        return value == null ? null : money(field, value, false);
    }

    static void distinct(String a, String aField, String b, String bField)
            throws InvalidEventException {
        if (a.equals(b)) {
            throw new InvalidEventException(
                    aField + " and " + bField + " are the same entity '" + a + "'");
        }
    }

    static int range(String field, int value, int min, int max) throws InvalidEventException {
        if (value < min || value > max) {
            throw new InvalidEventException(
                    field + " is " + value + ", must be in [" + min + ", " + max + "]");
        }
        return value;
    }
}
