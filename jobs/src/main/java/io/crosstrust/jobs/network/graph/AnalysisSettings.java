package io.crosstrust.jobs.network.graph;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link TradeNetworkAnalysis} computes the expensive metrics.
 *
 * @param topK entities listed by PageRank and by betweenness
 * @param exactBetweennessMaxNodes betweenness is exact (every node a source, O(n m)) up to this
 *     many nodes, sampled above
 * @param betweennessPivots sources used when sampled
 * @param seed seeds the pseudo-random node order that picks pivots and the clustering sample; the
 *     order depends only on the seed and the entity ids, not on arrival order
 * @param damping PageRank damping factor, in (0, 1)
 * @param pageRankMaxIterations PageRank iteration cap
 * @param pageRankTolerance PageRank stops when no score moves by more than this
 * @param timeBudget wall-clock budget of the expensive stages together: clustering may use up to a
 *     third, PageRank up to two thirds, betweenness the rest; a stage that runs out is cut short
 *     and reports an estimate (flagged). Components and the cheap metrics are always complete.
 */
public record AnalysisSettings(
        int topK,
        int exactBetweennessMaxNodes,
        int betweennessPivots,
        long seed,
        double damping,
        int pageRankMaxIterations,
        double pageRankTolerance,
        Duration timeBudget)
        implements Serializable {

    /** Documented defaults: exact betweenness up to 2,000 nodes, 256 pivots above. */
    public static final AnalysisSettings DEFAULTS =
            new AnalysisSettings(10, 2_000, 256, 42L, 0.85, 100, 1e-10, Duration.ofSeconds(5));

    public AnalysisSettings {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (exactBetweennessMaxNodes < 0) {
            throw new IllegalArgumentException(
                    "exactBetweennessMaxNodes must be >= 0, got " + exactBetweennessMaxNodes);
        }
        if (betweennessPivots < 1) {
            throw new IllegalArgumentException(
                    "betweennessPivots must be >= 1, got " + betweennessPivots);
        }
        if (!(damping > 0 && damping < 1)) {
            throw new IllegalArgumentException("damping must be in (0, 1), got " + damping);
        }
        if (pageRankMaxIterations < 1) {
            throw new IllegalArgumentException(
                    "pageRankMaxIterations must be >= 1, got " + pageRankMaxIterations);
        }
        if (!(pageRankTolerance > 0)) {
            throw new IllegalArgumentException(
                    "pageRankTolerance must be > 0, got " + pageRankTolerance);
        }
        Objects.requireNonNull(timeBudget, "timeBudget");
        if (timeBudget.isNegative()) {
            throw new IllegalArgumentException("timeBudget must be >= 0, got " + timeBudget);
        }
    }

    public AnalysisSettings withTopK(int k) {
        return new AnalysisSettings(
                k,
                exactBetweennessMaxNodes,
                betweennessPivots,
                seed,
                damping,
                pageRankMaxIterations,
                pageRankTolerance,
                timeBudget);
    }

    public AnalysisSettings withBetweenness(int exactMaxNodes, int pivots) {
        return new AnalysisSettings(
                topK,
                exactMaxNodes,
                pivots,
                seed,
                damping,
                pageRankMaxIterations,
                pageRankTolerance,
                timeBudget);
    }

    public AnalysisSettings withSeed(long newSeed) {
        return new AnalysisSettings(
                topK,
                exactBetweennessMaxNodes,
                betweennessPivots,
                newSeed,
                damping,
                pageRankMaxIterations,
                pageRankTolerance,
                timeBudget);
    }

    public AnalysisSettings withTimeBudget(Duration budget) {
        return new AnalysisSettings(
                topK,
                exactBetweennessMaxNodes,
                betweennessPivots,
                seed,
                damping,
                pageRankMaxIterations,
                pageRankTolerance,
                budget);
    }

    public AnalysisSettings withPageRank(double d, int maxIterations, double tolerance) {
        return new AnalysisSettings(
                topK,
                exactBetweennessMaxNodes,
                betweennessPivots,
                seed,
                d,
                maxIterations,
                tolerance,
                timeBudget);
    }
}
