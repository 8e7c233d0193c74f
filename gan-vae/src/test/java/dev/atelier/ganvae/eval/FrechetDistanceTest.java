package dev.atelier.ganvae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checked against the closed form for diagonal covariances: d² = |μ1 − μ2|² + Σ (σ1,i − σ2,i)². */
class FrechetDistanceTest {

    @Test
    void aSetIsAtDistanceZeroFromItself() {
        float[] x = gaussian(500, 4, new double[] {0, 1, 2, 3}, new double[] {1, 2, 0.5, 1}, 1);
        assertEquals(0, FrechetDistance.between(x, 500, x, 500, 4), 1e-6);
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        int n = 20000;
        double[] mu1 = {0, 1, -1};
        double[] sd1 = {1, 2, 0.5};
        double[] mu2 = {0.5, 1, 1};
        double[] sd2 = {2, 1, 0.5};
        float[] a = gaussian(n, 3, mu1, sd1, 2);
        float[] b = gaussian(n, 3, mu2, sd2, 3);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]) + (sd1[i] - sd2[i]) * (sd1[i] - sd2[i]);
        }
        // 0.25 + 4 + 1 + 1 + 0.25 = 6.5 with sampling error of a few hundredths
        assertEquals(expected, FrechetDistance.between(a, n, b, n, 3), 0.1);
    }

    @Test
    void matrixSquareRootSquaresBack() {
        double[][] s = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double[][] r = FrechetDistance.sqrtPsd(s);
        double[][] back = FrechetDistance.multiply(r, r);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(s[i][j], back[i][j], 1e-9);
            }
        }
    }

    static float[] gaussian(int n, int dim, double[] mu, double[] sd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[n * dim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dim; i++) {
                out[r * dim + i] = (float) (mu[i] + sd[i] * rng.nextGaussian());
            }
        }
        return out;
    }
}
