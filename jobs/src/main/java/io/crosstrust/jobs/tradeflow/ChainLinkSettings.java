package io.crosstrust.jobs.tradeflow;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the trade flow turns TradeEscrow chain events into trade events: the currency and decimals of
 * the escrow's settlement token, how long a chain event waits for its platform order before it is
 * emitted unattributed, how long an order's link is kept after its final chain event (to attribute
 * retractions the same way), and the most any link is kept ({@link TradeFlowOptions}).
 */
public record ChainLinkSettings(
        String currency, int decimals, Duration linkTimeout, Duration retention, Duration ttl)
        implements Serializable {
    public static final ChainLinkSettings DEFAULT =
            new ChainLinkSettings(
                    "USD", 6, Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(180));

    public ChainLinkSettings {
        Objects.requireNonNull(currency, "currency");
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals must be in [0,18], got " + decimals);
        }
        if (linkTimeout.isNegative() || linkTimeout.isZero()) {
            throw new IllegalArgumentException("link timeout must be > 0, got " + linkTimeout);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must be >= 0, got " + retention);
        }
        if (ttl.compareTo(retention) < 0 || ttl.compareTo(linkTimeout) < 0) {
            throw new IllegalArgumentException(
                    "ttl must be at least the retention and the link timeout, got " + ttl);
        }
    }

    public static ChainLinkSettings of(ReadableConfig conf) {
        return new ChainLinkSettings(
                conf.get(TradeFlowOptions.ESCROW_CURRENCY),
                conf.get(TradeFlowOptions.ESCROW_DECIMALS),
                conf.get(TradeFlowOptions.ESCROW_LINK_TIMEOUT),
                conf.get(TradeFlowOptions.ESCROW_LINK_RETENTION),
                conf.get(TradeFlowOptions.ESCROW_LINK_TTL));
    }
}
