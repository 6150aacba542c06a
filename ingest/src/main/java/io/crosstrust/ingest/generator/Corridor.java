package io.crosstrust.ingest.generator;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A trade corridor (origin region = seller's, destination region = buyer's) and its relative share
 * of orders. Regions are ISO 3166-1 alpha-2 codes, optionally with a subdivision (CN-GD).
 *
 * @param origin exporting region
 * @param destination importing region
 * @param weight relative weight (> 0); weights are normalised over all corridors
 */
public record Corridor(String origin, String destination, double weight) implements Serializable {
    static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    /** Checks the fields; messages say what to fix. */
    public Corridor {
        if (origin == null || !REGION.matcher(origin).matches()) {
            throw new IllegalArgumentException(
                    "corridor origin must be an ISO 3166-1 alpha-2 code like CN or CN-GD, got '"
                            + origin
                            + "'");
        }
        if (destination == null || !REGION.matcher(destination).matches()) {
            throw new IllegalArgumentException(
                    "corridor destination must be an ISO 3166-1 alpha-2 code like US or US-CA, got '"
                            + destination
                            + "'");
        }
        if (origin.equals(destination)) {
            throw new IllegalArgumentException(
                    "corridor " + origin + ">" + destination + " is not cross-border");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "corridor "
                            + origin
                            + ">"
                            + destination
                            + " weight must be > 0, got "
                            + weight);
        }
    }

    /** The text form used in configuration: {@code CN>US:16}. */
    @Override
    public String toString() {
        return origin + ">" + destination + ":" + TradeWorldOption.formatNumber(weight);
    }
}
