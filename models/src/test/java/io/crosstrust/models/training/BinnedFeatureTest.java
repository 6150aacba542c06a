package io.crosstrust.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.TabularData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinnedFeatureTest {
    private static final BinningOptions OPTS = new BinningOptions(10, 0.05, 0.5, 0.02, 0.0);

    @Test
    void aValueEqualToAnEdgeFallsInTheLowerBin() {
        double[] edges = {1.0, 2.0, 3.0};
        assertThat(BinnedFeature.bisectLeft(edges, 0.5)).isEqualTo(0);
        assertThat(BinnedFeature.bisectLeft(edges, 1.0)).isEqualTo(0);
        assertThat(BinnedFeature.bisectLeft(edges, 1.0000001)).isEqualTo(1);
        assertThat(BinnedFeature.bisectLeft(edges, 3.0)).isEqualTo(2);
        assertThat(BinnedFeature.bisectLeft(edges, 99)).isEqualTo(3);
    }

    @Test
    void equalFrequencyBinsRespectTheMinimumSize() {
        Random r = new Random(1);
        int n = 2000;
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
        }
        BinnedFeature b = BinnedFeature.numeric("x", x, y, Monotone.NONE, OPTS);
        assertThat(b.binCount()).isBetween(8, 10);
        ModelArtifact.Feature f = b.toArtifact(1.0, null, "X", "x");
        for (ModelArtifact.Bin bin : f.bins()) {
            assertThat(bin.count()).isGreaterThanOrEqualTo((long) (0.05 * n));
        }
        assertThat(f.bins().stream().mapToLong(ModelArtifact.Bin::count).sum()).isEqualTo(n);
    }

    @Test
    void monotoneMergingMakesWoeMonotoneInTheDeclaredDirection() {
        Random r = new Random(7);
        for (int trial = 0; trial < 30; trial++) {
            int n = 500 + r.nextInt(1500);
            double[] x = new double[n];
            int[] y = new int[n];
            double slope = r.nextGaussian();
            for (int i = 0; i < n; i++) {
                x[i] = r.nextDouble() * 10;
                // noisy, partly non-monotone relation
                double z = -1 + slope * x[i] / 5 + Math.sin(x[i]) * r.nextDouble();
                y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            }
            for (Monotone m :
                    new Monotone[] {
                        Monotone.INCREASING_RISK, Monotone.DECREASING_RISK, Monotone.AUTO
                    }) {
                BinnedFeature b = BinnedFeature.numeric("x", x, y, m, OPTS);
                double[] woe = b.woe();
                double sign = b.monotone() == Monotone.INCREASING_RISK ? 1 : -1;
                assertThat(b.monotone()).isNotIn(Monotone.AUTO, Monotone.NONE);
                if (m != Monotone.AUTO) {
                    assertThat(b.monotone()).isEqualTo(m);
                }
                for (int i = 1; i < woe.length; i++) {
                    assertThat(sign * (woe[i] - woe[i - 1])).isGreaterThanOrEqualTo(0.0);
                }
            }
        }
    }

    @Test
    void autoPicksTheDirectionOfTheData() {
        Random r = new Random(3);
        int n = 3000;
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            y[i] = r.nextDouble() < 0.1 + 0.5 * x[i] ? 1 : 0;
        }
        assertThat(BinnedFeature.numeric("x", x, y, Monotone.AUTO, OPTS).monotone())
                .isEqualTo(Monotone.INCREASING_RISK);
        for (int i = 0; i < n; i++) {
            x[i] = -x[i];
        }
        assertThat(BinnedFeature.numeric("x", x, y, Monotone.AUTO, OPTS).monotone())
                .isEqualTo(Monotone.DECREASING_RISK);
    }

    @Test
    void chiSquareMergingKeepsOnlySignificantlyDifferentNeighbours() {
        Random r = new Random(5);
        int n = 4000;
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            y[i] = r.nextDouble() < (x[i] < 0.5 ? 0.1 : 0.4) ? 1 : 0;
        }
        BinnedFeature merged =
                BinnedFeature.numeric("x", x, y, Monotone.NONE, OPTS.withMergeChiSquare(3.84));
        assertThat(merged.binCount()).isBetween(2, 3);
        assertThat(java.util.Arrays.stream(merged.edges()).boxed().toList())
                .anySatisfy(e -> assertThat(e).isBetween(0.45, 0.55));
        BinnedFeature unmerged = BinnedFeature.numeric("x", x, y, Monotone.NONE, OPTS);
        assertThat(unmerged.binCount()).isGreaterThan(merged.binCount());
    }

    @Test
    void woeIsRiskOrientedAndMissingGetsItsOwnBin() {
        double[] x = {1, 1, 1, 1, 2, 2, 2, 2, Double.NaN, Double.NaN};
        int[] y = {0, 0, 0, 1, 1, 1, 1, 0, 1, 1};
        BinnedFeature b =
                BinnedFeature.numeric(
                        "x", x, y, Monotone.NONE, new BinningOptions(2, 0.4, 0.5, 0, 0));
        ModelArtifact.Feature f = b.toArtifact(1.0, null, "X", "x");
        assertThat(f.edges()).containsExactly(1.0);
        // bins: {1: 1 pos of 4}, {2: 3 of 4}; missing: 2 of 2; P = 6, N = 4, B = 3
        double woe0 = Math.log((1 + 0.5) / (6 + 1.5)) - Math.log((3 + 0.5) / (4 + 1.5));
        assertThat(f.bins().get(0).woe()).isEqualTo(woe0);
        assertThat(f.bins().get(1).woe()).isGreaterThan(0);
        assertThat(f.missing().count()).isEqualTo(2);
        assertThat(f.missing().woe()).isGreaterThan(f.bins().get(1).woe());
        double[] t =
                b.transform(
                        new TabularData.NumericColumn("x", new double[] {0.5, 1.0, 7, Double.NaN}));
        assertThat(t).containsExactly(woe0, woe0, f.bins().get(1).woe(), f.missing().woe());
    }

    @Test
    void rareCategoriesArePooledAndUnseenOnesScoreAsThePool() {
        String[] x = new String[200];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            x[i] = i < 100 ? "A" : i < 196 ? "B" : i < 198 ? "rare1" : "rare2";
            y[i] = i % 3 == 0 ? 1 : 0;
        }
        BinnedFeature b =
                BinnedFeature.categorical("c", x, y, new BinningOptions(10, 0.05, 0.5, 0.05, 0));
        ModelArtifact.Feature f = b.toArtifact(1.0, null, "C", "c");
        assertThat(f.bins())
                .extracting(ModelArtifact.Bin::categories)
                .containsExactly(List.of("A"), List.of("B"), List.of("rare1", "rare2"));
        assertThat(f.unseenWoe()).isEqualTo(f.bins().get(2).woe());
        double[] t = b.transform(new TabularData.CategoricalColumn("c", new String[] {"zzz", "A"}));
        assertThat(t[0]).isEqualTo(f.unseenWoe());
        assertThat(t[1]).isEqualTo(f.bins().get(0).woe());
    }
}
