package io.crosstrust.models.training;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.TabularData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One feature's bins and their weights of evidence, learned from labelled rows by {@link #numeric}
 * or {@link #categorical}. woe is risk-oriented: {@code woe = ln((pos_b + s) / (P + s B)) -
 * ln((neg_b + s) / (N + s B))} with smoothing s, P/N the positives/negatives and B the number of
 * bins (counting the missing bin when it has rows); larger woe = riskier.
 */
public final class BinnedFeature {
    private final String name;
    private final boolean numeric;
    private final Monotone monotone;
    private final double[] edges;
    private final List<List<String>> categories;
    private final long[] count;
    private final long[] positives;
    private final double[] woe;
    private final long missingCount;
    private final long missingPositives;
    private final double missingWoe;
    private final double unseenWoe;
    private final double referenceWoe;
    private final Map<String, Integer> categoryIndex;

    private BinnedFeature(
            String name,
            boolean numeric,
            Monotone monotone,
            double[] edges,
            List<List<String>> categories,
            long[] count,
            long[] positives,
            long missingCount,
            long missingPositives,
            long totalPositives,
            long totalNegatives,
            double smoothing,
            boolean pooledLastIsUnseen) {
        this.name = name;
        this.numeric = numeric;
        this.monotone = monotone;
        this.edges = edges;
        this.categories = categories;
        this.count = count;
        this.positives = positives;
        this.missingCount = missingCount;
        this.missingPositives = missingPositives;
        int b = count.length + (missingCount > 0 ? 1 : 0);
        this.woe = new double[count.length];
        for (int i = 0; i < count.length; i++) {
            woe[i] = woe(positives[i], count[i], totalPositives, totalNegatives, b, smoothing);
        }
        this.missingWoe =
                missingCount > 0
                        ? woe(
                                missingPositives,
                                missingCount,
                                totalPositives,
                                totalNegatives,
                                b,
                                smoothing)
                        : 0.0;
        this.unseenWoe = pooledLastIsUnseen ? woe[woe.length - 1] : 0.0;
        double ref = missingWoe * missingCount;
        long n = missingCount;
        for (int i = 0; i < count.length; i++) {
            ref += woe[i] * count[i];
            n += count[i];
        }
        this.referenceWoe = n > 0 ? ref / n : 0.0;
        this.categoryIndex = new HashMap<>();
        if (categories != null) {
            for (int i = 0; i < categories.size(); i++) {
                for (String c : categories.get(i)) {
                    categoryIndex.put(c, i);
                }
            }
        }
    }

    static double woe(long pos, long cnt, long totalPos, long totalNeg, int bins, double s) {
        long neg = cnt - pos;
        return Math.log((pos + s) / (totalPos + s * bins))
                - Math.log((neg + s) / (totalNeg + s * bins));
    }

    /**
     * Equal-frequency fine classing into at most {@code maxBins} bins of at least {@code
     * minBinFraction} of the non-missing rows, then, for a monotone direction, merging adjacent
     * bins until woe is monotone ({@link Monotone#AUTO} tries both directions and keeps the one
     * with the larger information value).
     */
    public static BinnedFeature numeric(
            String name, double[] x, int[] y, Monotone monotone, BinningOptions o) {
        long totalPos = 0;
        long totalNeg = 0;
        int m = 0;
        long missingCount = 0;
        long missingPos = 0;
        for (int i = 0; i < x.length; i++) {
            totalPos += y[i];
            totalNeg += 1 - y[i];
            if (Double.isNaN(x[i])) {
                missingCount++;
                missingPos += y[i];
            } else {
                m++;
            }
        }
        double[] sorted = new double[m];
        int k = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sorted[k++] = v;
            }
        }
        Arrays.sort(sorted);
        List<Double> cut = new ArrayList<>();
        int minSize = Math.max(1, (int) Math.ceil(o.minBinFraction() * m));
        int target = Math.max(minSize, (int) Math.ceil((double) m / o.maxBins()));
        int start = 0;
        int i = 0;
        while (i < m) {
            int j = i;
            while (j + 1 < m && sorted[j + 1] == sorted[i]) {
                j++;
            }
            int cum = j + 1;
            if (cum - start >= target && m - cum >= minSize && cum < m) {
                cut.add(sorted[j]);
                start = cum;
            }
            i = j + 1;
        }
        double[] edges = cut.stream().mapToDouble(Double::doubleValue).toArray();
        long[][] stats = counts(edges, x, y);
        Monotone resolved = monotone;
        if (monotone == Monotone.AUTO) {
            BinnedFeature up =
                    mergeMonotone(
                            name,
                            Monotone.INCREASING_RISK,
                            edges,
                            stats,
                            missingCount,
                            missingPos,
                            totalPos,
                            totalNeg,
                            o);
            BinnedFeature down =
                    mergeMonotone(
                            name,
                            Monotone.DECREASING_RISK,
                            edges,
                            stats,
                            missingCount,
                            missingPos,
                            totalPos,
                            totalNeg,
                            o);
            return up.informationValue() >= down.informationValue() ? up : down;
        }
        if (resolved == Monotone.NONE) {
            List<Double> e = new ArrayList<>();
            for (double v : edges) {
                e.add(v);
            }
            List<Long> cnt = new ArrayList<>();
            List<Long> pos = new ArrayList<>();
            for (int b = 0; b < stats[0].length; b++) {
                cnt.add(stats[0][b]);
                pos.add(stats[1][b]);
            }
            chiMerge(e, cnt, pos, o.mergeChiSquare());
            return new BinnedFeature(
                    name,
                    true,
                    Monotone.NONE,
                    e.stream().mapToDouble(Double::doubleValue).toArray(),
                    null,
                    cnt.stream().mapToLong(Long::longValue).toArray(),
                    pos.stream().mapToLong(Long::longValue).toArray(),
                    missingCount,
                    missingPos,
                    totalPos,
                    totalNeg,
                    o.smoothing(),
                    false);
        }
        return mergeMonotone(
                name, resolved, edges, stats, missingCount, missingPos, totalPos, totalNeg, o);
    }

    private static BinnedFeature mergeMonotone(
            String name,
            Monotone dir,
            double[] edges0,
            long[][] stats,
            long missingCount,
            long missingPos,
            long totalPos,
            long totalNeg,
            BinningOptions o) {
        List<Double> edges = new ArrayList<>();
        for (double e : edges0) {
            edges.add(e);
        }
        List<Long> cnt = new ArrayList<>();
        List<Long> pos = new ArrayList<>();
        for (int i = 0; i < stats[0].length; i++) {
            cnt.add(stats[0][i]);
            pos.add(stats[1][i]);
        }
        double sign = dir == Monotone.INCREASING_RISK ? 1 : -1;
        while (true) {
            int bins = cnt.size() + (missingCount > 0 ? 1 : 0);
            int violation = -1;
            double prev = woe(pos.get(0), cnt.get(0), totalPos, totalNeg, bins, o.smoothing());
            for (int i = 1; i < cnt.size(); i++) {
                double cur = woe(pos.get(i), cnt.get(i), totalPos, totalNeg, bins, o.smoothing());
                if (sign * (cur - prev) < 0) {
                    violation = i - 1;
                    break;
                }
                prev = cur;
            }
            if (violation < 0) {
                break;
            }
            cnt.set(violation, cnt.get(violation) + cnt.remove(violation + 1));
            pos.set(violation, pos.get(violation) + pos.remove(violation + 1));
            edges.remove(violation);
        }
        chiMerge(edges, cnt, pos, o.mergeChiSquare());
        return new BinnedFeature(
                name,
                true,
                dir,
                edges.stream().mapToDouble(Double::doubleValue).toArray(),
                null,
                cnt.stream().mapToLong(Long::longValue).toArray(),
                pos.stream().mapToLong(Long::longValue).toArray(),
                missingCount,
                missingPos,
                totalPos,
                totalNeg,
                o.smoothing(),
                false);
    }

    /**
     * Merges the adjacent pair of bins with the most similar positive rate (smallest 2x2
     * chi-square) while that chi-square is below the threshold. Merging neighbours of a monotone
     * sequence keeps it monotone.
     */
    static void chiMerge(List<Double> edges, List<Long> cnt, List<Long> pos, double threshold) {
        while (threshold > 0 && cnt.size() > 1) {
            int best = -1;
            double bestChi = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < cnt.size(); i++) {
                double chi = chiSquare(cnt.get(i), pos.get(i), cnt.get(i + 1), pos.get(i + 1));
                if (chi < bestChi) {
                    bestChi = chi;
                    best = i;
                }
            }
            if (!(bestChi < threshold)) {
                return;
            }
            cnt.set(best, cnt.get(best) + cnt.remove(best + 1));
            pos.set(best, pos.get(best) + pos.remove(best + 1));
            edges.remove(best);
        }
    }

    /** Pearson chi-square of a 2x2 table (two bins x positive/negative). */
    static double chiSquare(long n1, long p1, long n2, long p2) {
        double n = n1 + n2;
        double p = p1 + p2;
        double q = n - p;
        if (n1 == 0 || n2 == 0 || p == 0 || q == 0) {
            return 0.0;
        }
        double[] obs = {p1, n1 - p1, p2, n2 - p2};
        double[] exp = {n1 * p / n, n1 * q / n, n2 * p / n, n2 * q / n};
        double chi = 0;
        for (int i = 0; i < 4; i++) {
            double d = obs[i] - exp[i];
            chi += d * d / exp[i];
        }
        return chi;
    }

    private static long[][] counts(double[] edges, double[] x, int[] y) {
        long[] cnt = new long[edges.length + 1];
        long[] pos = new long[edges.length + 1];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                continue;
            }
            int b = bisectLeft(edges, x[i]);
            cnt[b]++;
            pos[b] += y[i];
        }
        return new long[][] {cnt, pos};
    }

    static int bisectLeft(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * One bin per category with at least {@code minCategoryFraction} of the rows (sorted by
     * category), and one pooled bin for the rarer ones; a category never seen in training scores as
     * the pooled bin, or woe 0 when nothing was pooled.
     */
    public static BinnedFeature categorical(String name, String[] x, int[] y, BinningOptions o) {
        TreeMap<String, long[]> stats = new TreeMap<>();
        long totalPos = 0;
        long totalNeg = 0;
        long missingCount = 0;
        long missingPos = 0;
        for (int i = 0; i < x.length; i++) {
            totalPos += y[i];
            totalNeg += 1 - y[i];
            if (x[i] == null) {
                missingCount++;
                missingPos += y[i];
                continue;
            }
            long[] s = stats.computeIfAbsent(x[i], k -> new long[2]);
            s[0]++;
            s[1] += y[i];
        }
        long minCount = Math.max(1, (long) Math.ceil(o.minCategoryFraction() * x.length));
        List<List<String>> cats = new ArrayList<>();
        List<Long> cnt = new ArrayList<>();
        List<Long> pos = new ArrayList<>();
        List<String> pooled = new ArrayList<>();
        long pooledCnt = 0;
        long pooledPos = 0;
        for (var e : stats.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                cats.add(List.of(e.getKey()));
                cnt.add(e.getValue()[0]);
                pos.add(e.getValue()[1]);
            } else {
                pooled.add(e.getKey());
                pooledCnt += e.getValue()[0];
                pooledPos += e.getValue()[1];
            }
        }
        boolean hasPooled = !pooled.isEmpty();
        if (hasPooled) {
            cats.add(List.copyOf(pooled));
            cnt.add(pooledCnt);
            pos.add(pooledPos);
        }
        if (cats.isEmpty()) {
            throw new IllegalArgumentException("categorical feature '" + name + "' has no values");
        }
        return new BinnedFeature(
                name,
                false,
                Monotone.NONE,
                new double[0],
                List.copyOf(cats),
                cnt.stream().mapToLong(Long::longValue).toArray(),
                pos.stream().mapToLong(Long::longValue).toArray(),
                missingCount,
                missingPos,
                totalPos,
                totalNeg,
                o.smoothing(),
                hasPooled);
    }

    public String name() {
        return name;
    }

    public boolean isNumeric() {
        return numeric;
    }

    public Monotone monotone() {
        return monotone;
    }

    public int binCount() {
        return count.length;
    }

    public double[] edges() {
        return edges.clone();
    }

    public double[] woe() {
        return woe.clone();
    }

    public double referenceWoe() {
        return referenceWoe;
    }

    /** Information value: sum over bins of (share of positives - share of negatives) * woe. */
    public double informationValue() {
        long p = missingPositives;
        long n = missingCount - missingPositives;
        for (int i = 0; i < count.length; i++) {
            p += positives[i];
            n += count[i] - positives[i];
        }
        double iv = 0;
        for (int i = 0; i < count.length; i++) {
            iv += ((double) positives[i] / p - (double) (count[i] - positives[i]) / n) * woe[i];
        }
        if (missingCount > 0) {
            iv +=
                    ((double) missingPositives / p - (double) (missingCount - missingPositives) / n)
                            * missingWoe;
        }
        return iv;
    }

    /** The woe of every row of a column of the same type. */
    public double[] transform(TabularData.Column column) {
        double[] out = new double[column.size()];
        if (numeric) {
            double[] v = ((TabularData.NumericColumn) column).values();
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.isNaN(v[i]) ? missingWoe : woe[bisectLeft(edges, v[i])];
            }
        } else {
            String[] v = ((TabularData.CategoricalColumn) column).values();
            for (int i = 0; i < out.length; i++) {
                if (v[i] == null) {
                    out[i] = missingWoe;
                } else {
                    Integer b = categoryIndex.get(v[i]);
                    out[i] = b == null ? unseenWoe : woe[b];
                }
            }
        }
        return out;
    }

    /** This feature as an artifact entry with the fitted weight. */
    public ModelArtifact.Feature toArtifact(
            double weight, String dimension, String code, String description) {
        List<ModelArtifact.Bin> bins = new ArrayList<>(count.length);
        for (int i = 0; i < count.length; i++) {
            bins.add(
                    new ModelArtifact.Bin(
                            numeric ? null : categories.get(i), woe[i], count[i], positives[i]));
        }
        List<Double> e = new ArrayList<>(edges.length);
        for (double v : edges) {
            e.add(v);
        }
        return new ModelArtifact.Feature(
                name,
                numeric ? ArtifactCodec.NUMERIC : ArtifactCodec.CATEGORICAL,
                dimension,
                code,
                description,
                numeric ? monotone.key() : Monotone.NONE.key(),
                e,
                bins,
                new ModelArtifact.Bin(null, missingWoe, missingCount, missingPositives),
                unseenWoe,
                weight,
                referenceWoe);
    }
}
