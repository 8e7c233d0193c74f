package dev.atelier.audio.analysis;

/**
 * Discrete Fourier transform of any length, in place on separate real and imaginary arrays:
 * X[k] = Σ x[n]·e^(−2πikn/N). Powers of two use an iterative radix-2 transform; other lengths
 * (a 1 s window at 44.1 kHz is 44 100) use Bluestein's chirp-z identity, which rewrites the DFT
 * as a convolution done with power-of-two transforms, so bins stay exactly f·N/fs.
 */
public final class Fft {
    private Fft() {
    }

    public static void transform(double[] re, double[] im) {
        int n = re.length;
        if (im.length != n) {
            throw new IllegalArgumentException("re and im differ in length");
        }
        if (n <= 1) {
            return;
        }
        if (Integer.bitCount(n) == 1) {
            radix2(re, im, false);
        } else {
            bluestein(re, im);
        }
    }

    /** |X[k]| for k = 0..N/2 of a real signal. */
    public static double[] magnitudes(double[] signal) {
        double[] re = signal.clone();
        double[] im = new double[signal.length];
        transform(re, im);
        double[] mag = new double[signal.length / 2 + 1];
        for (int k = 0; k < mag.length; k++) {
            mag[k] = Math.hypot(re[k], im[k]);
        }
        return mag;
    }

    static void radix2(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            double step = sign * 2 * Math.PI / len;
            // Twiddles computed directly (not by recurrence) to keep rounding error flat.
            double[] wr = new double[half];
            double[] wi = new double[half];
            for (int k = 0; k < half; k++) {
                wr[k] = Math.cos(step * k);
                wi[k] = Math.sin(step * k);
            }
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr[k] - im[b] * wi[k];
                    double xi = re[b] * wi[k] + im[b] * wr[k];
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private static void bluestein(double[] re, double[] im) {
        int n = re.length;
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        // Chirp w[k] = e^(−iπk²/N); k² taken mod 2N so the angle stays small and exact.
        double[] cr = new double[n];
        double[] ci = new double[n];
        long mod = 2L * n;
        for (int k = 0; k < n; k++) {
            double angle = Math.PI * (((long) k * k) % mod) / n;
            cr[k] = Math.cos(angle);
            ci[k] = -Math.sin(angle);
        }
        double[] ar = new double[m];
        double[] ai = new double[m];
        for (int k = 0; k < n; k++) {
            ar[k] = re[k] * cr[k] - im[k] * ci[k];
            ai[k] = re[k] * ci[k] + im[k] * cr[k];
        }
        double[] br = new double[m];
        double[] bi = new double[m];
        br[0] = cr[0];
        bi[0] = -ci[0];
        for (int k = 1; k < n; k++) {
            br[k] = br[m - k] = cr[k];
            bi[k] = bi[m - k] = -ci[k];
        }
        radix2(ar, ai, false);
        radix2(br, bi, false);
        for (int k = 0; k < m; k++) {
            double r = ar[k] * br[k] - ai[k] * bi[k];
            ai[k] = ar[k] * bi[k] + ai[k] * br[k];
            ar[k] = r;
        }
        radix2(ar, ai, true);
        for (int k = 0; k < n; k++) {
            double r = ar[k] / m;
            double i = ai[k] / m;
            re[k] = r * cr[k] - i * ci[k];
            im[k] = r * ci[k] + i * cr[k];
        }
    }
}
