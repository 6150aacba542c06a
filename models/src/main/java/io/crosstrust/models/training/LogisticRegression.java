package io.crosstrust.models.training;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * L2-regularised logistic regression by Newton's method (IRLS), with optional non-negativity
 * constraints on chosen coefficients enforced by an active set (a coefficient that would turn
 * negative is fixed at zero; it is released when the gradient pulls it up). The intercept is not
 * penalised. Maximises {@code sum_i [y_i eta_i - ln(1 + e^eta_i)] - l2 / 2 * |w|^2}.
 *
 * <p>Deterministic: the same data and options give bit-identical coefficients.
 */
public final class LogisticRegression {
    private static final int MAX_NEWTON = 100;
    private static final double TOL = 1e-10;

    private LogisticRegression() {}

    /** A fitted model: intercept, coefficients, iterations used, penalised log-likelihood. */
    public record Fit(double intercept, double[] coefficients, int iterations, double objective) {
        public double eta(double[] row) {
            double e = intercept;
            for (int j = 0; j < coefficients.length; j++) {
                e += coefficients[j] * row[j];
            }
            return e;
        }
    }

    /**
     * @param x rows x features (no intercept column)
     * @param y labels 0/1
     * @param l2 ridge penalty (>= 0)
     * @param nonNegative which coefficients must be >= 0 (null = none)
     */
    public static Fit fit(double[][] x, int[] y, double l2, boolean[] nonNegative) {
        int n = x.length;
        if (n == 0 || n != y.length) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        int p = x[0].length;
        boolean[] constrained = nonNegative == null ? new boolean[p] : nonNegative;
        double[] beta = new double[p + 1];
        int pos = 0;
        for (int v : y) {
            pos += v;
        }
        double rate = (pos + 0.5) / (n + 1.0);
        beta[0] = Math.log(rate / (1 - rate));
        boolean[] fixed = new boolean[p];
        int iterations = 0;
        for (int round = 0; round < 4 * p + 4; round++) {
            iterations += newton(x, y, l2, fixed, beta);
            int worst = -1;
            for (int j = 0; j < p; j++) {
                if (constrained[j]
                        && !fixed[j]
                        && beta[j + 1] < 0
                        && (worst < 0 || beta[j + 1] < beta[worst + 1])) {
                    worst = j;
                }
            }
            if (worst >= 0) {
                fixed[worst] = true;
                beta[worst + 1] = 0;
                continue;
            }
            double[] grad = gradient(x, y, l2, beta);
            int release = -1;
            for (int j = 0; j < p; j++) {
                if (fixed[j]
                        && grad[j + 1] > 1e-7
                        && (release < 0 || grad[j + 1] > grad[release + 1])) {
                    release = j;
                }
            }
            if (release < 0) {
                break;
            }
            fixed[release] = false;
        }
        double[] coef = new double[p];
        System.arraycopy(beta, 1, coef, 0, p);
        return new Fit(beta[0], coef, iterations, objective(x, y, l2, beta));
    }

    private static int newton(double[][] x, int[] y, double l2, boolean[] fixed, double[] beta) {
        int p = fixed.length;
        int[] free = new int[p + 1];
        int k = 0;
        free[k++] = 0;
        for (int j = 0; j < p; j++) {
            if (!fixed[j]) {
                free[k++] = j + 1;
            }
        }
        int f = k;
        double current = objective(x, y, l2, beta);
        for (int it = 1; it <= MAX_NEWTON; it++) {
            double[][] h = new double[f][f];
            double[] g = new double[f];
            for (int i = 0; i < x.length; i++) {
                double eta = beta[0];
                for (int j = 0; j < p; j++) {
                    eta += beta[j + 1] * x[i][j];
                }
                double mu = sigmoid(eta);
                double w = Math.max(mu * (1 - mu), 1e-12);
                double r = y[i] - mu;
                for (int a = 0; a < f; a++) {
                    double xa = free[a] == 0 ? 1.0 : x[i][free[a] - 1];
                    g[a] += xa * r;
                    for (int b = 0; b <= a; b++) {
                        double xb = free[b] == 0 ? 1.0 : x[i][free[b] - 1];
                        h[a][b] += w * xa * xb;
                    }
                }
            }
            for (int a = 0; a < f; a++) {
                for (int b = 0; b < a; b++) {
                    h[b][a] = h[a][b];
                }
                if (free[a] != 0) {
                    h[a][a] += l2;
                    g[a] -= l2 * beta[free[a]];
                }
                h[a][a] += 1e-9; // keeps a separable or constant column solvable
            }
            double[] step = solve(h, g);
            double t = 1.0;
            double[] trial = beta.clone();
            double next = Double.NEGATIVE_INFINITY;
            for (int half = 0; half < 30; half++) {
                for (int a = 0; a < f; a++) {
                    trial[free[a]] = beta[free[a]] + t * step[a];
                }
                next = objective(x, y, l2, trial);
                if (next >= current - 1e-12) {
                    break;
                }
                t /= 2;
            }
            double maxStep = 0;
            for (int a = 0; a < f; a++) {
                maxStep = Math.max(maxStep, Math.abs(trial[free[a]] - beta[free[a]]));
            }
            System.arraycopy(trial, 0, beta, 0, beta.length);
            current = next;
            if (maxStep < TOL) {
                return it;
            }
        }
        return MAX_NEWTON;
    }

    private static double[] solve(double[][] h, double[] g) {
        Array2DRowRealMatrix m = new Array2DRowRealMatrix(h, false);
        RealVector rhs = new ArrayRealVector(g, false);
        DecompositionSolver solver;
        try {
            solver = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver();
            return solver.solve(rhs).toArray();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            solver = new QRDecomposition(m, 1e-14).getSolver();
            return solver.solve(rhs).toArray();
        }
    }

    private static double[] gradient(double[][] x, int[] y, double l2, double[] beta) {
        int p = beta.length - 1;
        double[] g = new double[p + 1];
        for (int i = 0; i < x.length; i++) {
            double eta = beta[0];
            for (int j = 0; j < p; j++) {
                eta += beta[j + 1] * x[i][j];
            }
            double r = y[i] - sigmoid(eta);
            g[0] += r;
            for (int j = 0; j < p; j++) {
                g[j + 1] += r * x[i][j];
            }
        }
        for (int j = 1; j <= p; j++) {
            g[j] -= l2 * beta[j];
        }
        return g;
    }

    /** Penalised log-likelihood. */
    static double objective(double[][] x, int[] y, double l2, double[] beta) {
        int p = beta.length - 1;
        double ll = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = beta[0];
            for (int j = 0; j < p; j++) {
                eta += beta[j + 1] * x[i][j];
            }
            // y*eta - log(1 + e^eta), computed stably
            ll +=
                    y[i] * eta
                            - (eta > 0
                                    ? eta + Math.log1p(Math.exp(-eta))
                                    : Math.log1p(Math.exp(eta)));
        }
        double pen = 0;
        for (int j = 1; j <= p; j++) {
            pen += beta[j] * beta[j];
        }
        return ll - 0.5 * l2 * pen;
    }

    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
