package io.crosstrust.models.features;

/**
 * An entity's place in the trade network, computed by the network job and fed to the feature state
 * as an explicit update (it is not derivable from the entity's own events).
 *
 * @param degree number of distinct counterparties in the network window
 * @param centrality normalised centrality in [0, 1] (e.g. PageRank scaled to the region's max)
 * @param counterpartyQuality volume-weighted mean creditworthiness of counterparties in [0, 1] (1 =
 *     all counterparties in the best grade); 0.5 when unknown
 * @param highRiskExposure share of volume with counterparties currently graded high-risk, [0, 1]
 * @param asOfMillis when the network job computed it
 */
public record NetworkPosition(
        double degree,
        double centrality,
        double counterpartyQuality,
        double highRiskExposure,
        long asOfMillis) {

    public NetworkPosition {
        check(degree >= 0 && Double.isFinite(degree), "degree must be >= 0");
        check(centrality >= 0 && centrality <= 1, "centrality must be in [0, 1]");
        check(
                counterpartyQuality >= 0 && counterpartyQuality <= 1,
                "counterpartyQuality must be in [0, 1]");
        check(highRiskExposure >= 0 && highRiskExposure <= 1, "highRiskExposure must be in [0, 1]");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
