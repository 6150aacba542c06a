package io.crosstrust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    private static double[][] x;
    private static int[] y;

    private static void simulate(long seed, int n, double b0, double... b) {
        Random r = new Random(seed);
        x = new double[n][b.length];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            double eta = b0;
            for (int j = 0; j < b.length; j++) {
                x[i][j] = r.nextGaussian();
                eta += b[j] * x[i][j];
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
    }

    @Test
    void recoversTheCoefficientsOfSimulatedData() {
        simulate(11, 20000, -1.0, 1.5, -0.8, 0.0);
        LogisticRegression.Fit f = LogisticRegression.fit(x, y, 0.0, null);
        assertThat(f.intercept()).isCloseTo(-1.0, within(0.06));
        assertThat(f.coefficients()[0]).isCloseTo(1.5, within(0.06));
        assertThat(f.coefficients()[1]).isCloseTo(-0.8, within(0.06));
        assertThat(f.coefficients()[2]).isCloseTo(0.0, within(0.06));
    }

    @Test
    void theFitIsAStationaryPointOfThePenalisedLikelihood() {
        simulate(12, 3000, 0.3, 0.7, -0.4);
        double l2 = 5.0;
        LogisticRegression.Fit f = LogisticRegression.fit(x, y, l2, null);
        double[] g = new double[3];
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - LogisticRegression.sigmoid(f.eta(x[i]));
            g[0] += r;
            g[1] += r * x[i][0];
            g[2] += r * x[i][1];
        }
        assertThat(g[0]).isCloseTo(0, within(1e-6));
        assertThat(g[1] - l2 * f.coefficients()[0]).isCloseTo(0, within(1e-6));
        assertThat(g[2] - l2 * f.coefficients()[1]).isCloseTo(0, within(1e-6));
    }

    @Test
    void ridgeShrinksTowardsZero() {
        simulate(13, 500, 0, 1.0, 1.0);
        double small = LogisticRegression.fit(x, y, 0.0, null).coefficients()[0];
        double big = LogisticRegression.fit(x, y, 500.0, null).coefficients()[0];
        assertThat(Math.abs(big)).isLessThan(Math.abs(small));
    }

    @Test
    void nonNegativeCoefficientsStayNonNegativeAndInactiveConstraintsChangeNothing() {
        simulate(14, 5000, -0.5, 1.0, -1.0, 0.5);
        boolean[] all = {true, true, true};
        LogisticRegression.Fit c = LogisticRegression.fit(x, y, 1.0, all);
        for (double v : c.coefficients()) {
            assertThat(v).isGreaterThanOrEqualTo(0.0);
        }
        assertThat(c.coefficients()[1]).isEqualTo(0.0);
        assertThat(c.coefficients()[0]).isGreaterThan(0.5);
        LogisticRegression.Fit free = LogisticRegression.fit(x, y, 1.0, null);
        boolean[] onlyPositive = {true, false, true};
        LogisticRegression.Fit same = LogisticRegression.fit(x, y, 1.0, onlyPositive);
        assertThat(same.coefficients()[0]).isCloseTo(free.coefficients()[0], within(1e-8));
        assertThat(same.coefficients()[1]).isCloseTo(free.coefficients()[1], within(1e-8));
        // the constrained optimum is no better than the free one
        assertThat(c.objective()).isLessThanOrEqualTo(free.objective() + 1e-9);
    }

    @Test
    void deterministic() {
        simulate(15, 1000, 0.2, 0.3, 0.4);
        LogisticRegression.Fit a = LogisticRegression.fit(x, y, 1.0, new boolean[] {true, true});
        LogisticRegression.Fit b = LogisticRegression.fit(x, y, 1.0, new boolean[] {true, true});
        assertThat(a.intercept()).isEqualTo(b.intercept());
        assertThat(a.coefficients()).containsExactly(b.coefficients());
    }
}
