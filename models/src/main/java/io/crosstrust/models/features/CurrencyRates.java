package io.crosstrust.models.features;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Converts event amounts to the model's reference currency for volume features and credit limits.
 * Fixed rates supplied by configuration; an amount in a currency without a rate is left out of the
 * volume features (its event still counts). The model does no FX lookups of its own.
 */
public final class CurrencyRates {
    private final String reference;
    private final Map<String, Double> toReference;

    private CurrencyRates(String reference, Map<String, Double> toReference) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.toReference = Map.copyOf(toReference);
    }

    /**
     * Only the reference currency (rate 1); for USD also the USD stablecoins USDC, USDT and DAI at
     * par.
     */
    public static CurrencyRates referenceOnly(String reference) {
        Map<String, Double> m = new HashMap<>();
        m.put(reference, 1.0);
        if ("USD".equals(reference)) {
            m.put("USDC", 1.0);
            m.put("USDT", 1.0);
            m.put("DAI", 1.0);
        }
        return new CurrencyRates(reference, m);
    }

    /** Rates: one unit of the key currency is worth value units of the reference currency. */
    public static CurrencyRates of(String reference, Map<String, Double> rates) {
        Map<String, Double> m = new HashMap<>(rates);
        m.put(reference, 1.0);
        for (var e : m.entrySet()) {
            if (!(e.getValue() > 0) || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("rate for " + e.getKey() + " must be > 0");
            }
        }
        return new CurrencyRates(reference, m);
    }

    public String reference() {
        return reference;
    }

    /** The amount in reference currency, or NaN when the amount or its rate is missing. */
    public double toReference(BigDecimal amount, String currency) {
        if (amount == null || currency == null) {
            return Double.NaN;
        }
        Double rate = toReference.get(currency);
        if (rate == null) {
            return Double.NaN;
        }
        return amount.doubleValue() * rate;
    }
}
