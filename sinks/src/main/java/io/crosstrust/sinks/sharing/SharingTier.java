package io.crosstrust.sinks.sharing;

import java.util.Locale;

/**
 * Who a reader of crosstrust's credit data is, and so what it may see. The columns and rows of each
 * tier are defined once, in {@link SharingSpec}; docs/sharing.md has the table.
 */
public enum SharingTier {
    /** Anyone: grade and freshness of a score, nothing else. */
    PUBLIC("public", RowScope.ALL),
    /** A trading partner: grade and recommended limit, of entities it trades with only. */
    COUNTERPARTY("counterparty", RowScope.COUNTERPARTIES),
    /** A bank or insurer: the score, PD, dimension sub-scores, reason codes and limit. */
    FINANCIAL_INSTITUTION("fi", RowScope.ALL),
    /** A supervisor: everything, network metrics, KPIs and warning evidence included. */
    REGULATOR("regulator", RowScope.ALL),
    /** The scored entity itself: its own full record, reasons and warnings. */
    ENTITY("entity", RowScope.SELF);

    /** Which rows of a relation a tier's principal may read. */
    public enum RowScope {
        /** every row */
        ALL,
        /** rows of entities the principal has traded with (trade_events, either side) */
        COUNTERPARTIES,
        /** rows of the principal itself */
        SELF
    }

    private final String key;
    private final RowScope rows;

    SharingTier(String key, RowScope rows) {
        this.key = key;
        this.rows = rows;
    }

    /** The short name used in databases, users, roles, API key files: lower case, [a-z]. */
    public String key() {
        return key;
    }

    public RowScope rows() {
        return rows;
    }

    /** True when the tier's rows depend on which entity the reader is. */
    public boolean needsPrincipal() {
        return rows != RowScope.ALL;
    }

    public static SharingTier fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (SharingTier t : values()) {
            if (t.key.equals(k)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown sharing tier '" + key + "'");
    }
}
