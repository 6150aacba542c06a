package io.crosstrust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.scoring.Scorecard;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropyWeightsTest {
    @Test
    void matchesAHandComputedExample() {
        // criterion 0 (benefit): 1, 2, 3 -> x' = 0, .5, 1 -> p = 0, 1/3, 2/3
        // criterion 1 (cost): 10, 10, 40 -> x' = 1, 1, 0 -> p = .5, .5, 0
        double[][] x = {{1, 10}, {2, 10}, {3, 40}};
        double[] w = EntropyWeights.weights(x, new boolean[] {true, false});
        double e0 = -(1.0 / 3 * Math.log(1.0 / 3) + 2.0 / 3 * Math.log(2.0 / 3)) / Math.log(3);
        double e1 = -(Math.log(0.5)) / Math.log(3);
        double d0 = 1 - e0;
        double d1 = 1 - e1;
        assertThat(w[0]).isCloseTo(d0 / (d0 + d1), within(1e-12));
        assertThat(w[1]).isCloseTo(d1 / (d0 + d1), within(1e-12));
        assertThat(w[0] + w[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aConstantCriterionCarriesNoWeight() {
        double[][] x = {{5, 1}, {5, 2}, {5, 9}, {5, 4}};
        double[] w = EntropyWeights.weights(x, new boolean[] {true, true});
        assertThat(w[0]).isEqualTo(0.0);
        assertThat(w[1]).isEqualTo(1.0);
        double[] flat =
                EntropyWeights.weights(new double[][] {{1, 1}, {1, 1}}, new boolean[] {true, true});
        assertThat(flat).containsExactly(0.5, 0.5);
    }

    @Test
    void regionalReweightingKeepsTheModelValidMonotoneAndCentred() throws Exception {
        CreditModel base = CreditModel.builtIn();
        Scorecard sc = base.scorecard();
        Random r = new Random(9);
        double[][] rows = new double[300][sc.featureCount()];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                // spread every feature over its bins, but hold the network dimension still
                String name = sc.featureName(j);
                double v = r.nextDouble();
                row[j] =
                        name.startsWith("network.")
                                ? 0.5
                                : name.contains("days") || name.contains("volume") ? v * 100 : v;
            }
        }
        ModelArtifact regional =
                EntropyWeights.reweight(
                        base.artifact(),
                        rows,
                        "region-x",
                        "1",
                        Instant.parse("2026-03-01T00:00:00Z"));
        ModelArtifact reloaded = ArtifactCodec.fromJson(ArtifactCodec.toJson(regional));
        assertThat(reloaded).isEqualTo(regional);
        assertThat(CreditModel.of(reloaded).id()).isEqualTo("region-x");
        double sum = 0;
        for (var e : regional.metrics().entrySet()) {
            if (e.getKey().startsWith("entropy_weight_")) {
                sum += e.getValue();
            }
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(regional.metrics().get("entropy_weight_network")).isEqualTo(0.0);
        for (int j = 0; j < sc.featureCount(); j++) {
            if (sc.featureName(j).startsWith("network.")) {
                assertThat(regional.features().get(j).weight()).isEqualTo(0.0);
            }
        }
        Scorecard re = Scorecard.compile(regional);
        double before = 0;
        double after = 0;
        double[] c = new double[sc.featureCount()];
        for (double[] row : rows) {
            before += sc.contributions(row, null, c);
            after += re.contributions(row, null, c);
        }
        assertThat(after / rows.length).isCloseTo(before / rows.length, within(1e-9));
        assertThat(CreditFeatures.FEATURE_COUNT).isEqualTo(sc.featureCount());
    }
}
