package dev.atelier.ganvae.eval;

import dev.atelier.core.error.AtelierException;

/**
 * The Fréchet distance between two sets of feature vectors, each modelled as a Gaussian
 * (Heusel et al. 2017, "FID" when the features are Inception's):
 * d² = |μ1 − μ2|² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½). Tr((Σ1 Σ2)^½) is computed as the sum of square
 * roots of the eigenvalues of Σ1^½ Σ2 Σ1^½, which is symmetric, so only a symmetric
 * eigen-solver (Jacobi) is needed.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** {@code a} holds {@code na} rows of {@code dim} features, {@code b} holds {@code nb}. */
    public static double between(float[] a, int na, float[] b, int nb, int dim) {
        if (na < 2 || nb < 2 || a.length < (long) na * dim || b.length < (long) nb * dim) {
            throw AtelierException.invalidArgument("features", "need at least two rows of " + dim + " features per set");
        }
        double[] mu1 = mean(a, na, dim);
        double[] mu2 = mean(b, nb, dim);
        double[][] s1 = covariance(a, na, dim, mu1);
        double[][] s2 = covariance(b, nb, dim, mu2);
        double meanTerm = 0;
        for (int i = 0; i < dim; i++) {
            meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        double[][] root1 = sqrtPsd(s1);
        double[][] m = multiply(multiply(root1, s2), root1);
        double traceSqrt = 0;
        for (double lambda : eigenvalues(m)) {
            traceSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            trace += s1[i][i] + s2[i][i];
        }
        return meanTerm + trace - 2 * traceSqrt;
    }

    static double[] mean(float[] x, int n, int dim) {
        double[] mu = new double[dim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dim; i++) {
                mu[i] += x[r * dim + i];
            }
        }
        for (int i = 0; i < dim; i++) {
            mu[i] /= n;
        }
        return mu;
    }

    /** Unbiased sample covariance. */
    static double[][] covariance(float[] x, int n, int dim, double[] mu) {
        double[][] c = new double[dim][dim];
        double[] d = new double[dim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dim; i++) {
                d[i] = x[r * dim + i] - mu[i];
            }
            for (int i = 0; i < dim; i++) {
                for (int j = i; j < dim; j++) {
                    c[i][j] += d[i] * d[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                c[i][j] /= n - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    /** The square root of a symmetric positive semi-definite matrix: V diag(√λ) Vᵀ. */
    static double[][] sqrtPsd(double[][] s) {
        int n = s.length;
        double[][] v = new double[n][n];
        double[] lambda = jacobi(copy(s), v);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += v[i][k] * Math.sqrt(Math.max(lambda[k], 0)) * v[j][k];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    static double[] eigenvalues(double[][] s) {
        return jacobi(copy(s), new double[s.length][s.length]);
    }

    /** Cyclic Jacobi rotations: returns the eigenvalues, eigenvectors in the columns of {@code v}. */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = a[i][i];
        }
        return lambda;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double xik = x[i][k];
                for (int j = 0; j < n; j++) {
                    out[i][j] += xik * y[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] copy(double[][] s) {
        double[][] out = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].clone();
        }
        return out;
    }
}
