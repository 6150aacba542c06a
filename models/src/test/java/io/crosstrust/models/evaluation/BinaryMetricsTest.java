package io.crosstrust.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryMetricsTest {
    @Test
    void aucCountsTiesAsHalf() {
        int[] y = {0, 0, 1, 1};
        assertThat(BinaryMetrics.auc(y, new double[] {0.1, 0.4, 0.35, 0.8})).isEqualTo(0.75);
        assertThat(BinaryMetrics.auc(y, new double[] {0.1, 0.2, 0.3, 0.4})).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(y, new double[] {0.5, 0.5, 0.5, 0.5})).isEqualTo(0.5);
        assertThat(BinaryMetrics.auc(y, new double[] {0.1, 0.5, 0.5, 0.9})).isEqualTo(0.875);
    }

    @Test
    void aucMatchesThePairwiseDefinitionOnRandomData() {
        Random r = new Random(3);
        int n = 400;
        int[] y = new int[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
            p[i] = Math.round((r.nextDouble() + 0.3 * y[i]) * 20) / 20.0; // many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(BinaryMetrics.auc(y, p)).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void ksBrierLogLossAccuracyAndBaseline() {
        int[] y = {0, 0, 0, 1};
        double[] p = {0.1, 0.2, 0.6, 0.7};
        BinaryMetrics m = BinaryMetrics.of(y, p);
        assertThat(m.ks()).isCloseTo(1.0, within(1e-12));
        assertThat(m.brier()).isCloseTo((0.01 + 0.04 + 0.36 + 0.09) / 4, within(1e-12));
        assertThat(m.logLoss())
                .isCloseTo(
                        -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7)) / 4,
                        within(1e-12));
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.baselineAccuracy()).isEqualTo(0.75);
        assertThat(m.gini()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void precisionRecallAtThresholds() {
        int[] y = {1, 1, 0, 0, 1};
        double[] p = {0.9, 0.4, 0.6, 0.1, 0.2};
        List<BinaryMetrics.ThresholdRow> rows = BinaryMetrics.atThresholds(y, p, 0.5, 0.3);
        assertThat(rows.get(0).precision()).isEqualTo(0.5);
        assertThat(rows.get(0).recall()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(rows.get(1).truePositives()).isEqualTo(2);
        assertThat(rows.get(1).falsePositives()).isEqualTo(1);
        assertThat(rows.get(1).flaggedShare()).isEqualTo(0.6);
    }

    @Test
    void calibrationDecilesCoverEveryRowOnce() {
        Random r = new Random(4);
        int n = 1003;
        int[] y = new int[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = r.nextDouble();
            y[i] = r.nextDouble() < p[i] ? 1 : 0;
        }
        List<BinaryMetrics.CalibrationRow> rows = BinaryMetrics.calibration(y, p, 10);
        assertThat(rows).hasSize(10);
        assertThat(rows.stream().mapToInt(BinaryMetrics.CalibrationRow::rows).sum()).isEqualTo(n);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).meanP()).isGreaterThan(rows.get(i - 1).meanP());
        }
        // well calibrated by construction
        for (BinaryMetrics.CalibrationRow row : rows) {
            assertThat(row.observedRate()).isCloseTo(row.meanP(), within(0.15));
        }
    }

    @Test
    void psiIsZeroForTheSameSampleAndGrowsWithShift() {
        Random r = new Random(5);
        double[] a = new double[5000];
        double[] b = new double[5000];
        double[] c = new double[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            c[i] = r.nextGaussian() + 1;
        }
        assertThat(BinaryMetrics.psi(a, a, 10)).isEqualTo(0.0);
        assertThat(BinaryMetrics.psi(a, b, 10)).isLessThan(0.02);
        assertThat(BinaryMetrics.psi(a, c, 10)).isGreaterThan(0.25);
    }

    @Test
    void reportWritesTextCsvAndReadablePlots(@TempDir Path dir) throws Exception {
        Random r = new Random(6);
        int[] y = new int[300];
        double[] p = new double[300];
        for (int i = 0; i < y.length; i++) {
            p[i] = r.nextDouble();
            y[i] = r.nextDouble() < p[i] ? 1 : 0;
        }
        EvaluationReport rep = new EvaluationReport("test", y, p).note("extra line");
        List<Path> files = rep.write(dir);
        assertThat(files).hasSize(7);
        assertThat(rep.text())
                .contains("beside the majority-class baseline")
                .contains("extra line");
        assertThat(ImageIO.read(dir.resolve("roc.png").toFile()).getWidth()).isEqualTo(480);
        assertThat(ImageIO.read(dir.resolve("calibration.png").toFile())).isNotNull();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("calibration.csv"))).hasSize(11);
    }
}
