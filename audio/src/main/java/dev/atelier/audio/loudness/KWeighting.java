package dev.atelier.audio.loudness;

/**
 * The K-weighting filter of ITU-R BS.1770-4 at any sample rate: a high shelf (+4 dB above about
 * 1.7 kHz, modelling the head) followed by the RLB high-pass (about 38 Hz). The standard tabulates
 * the coefficients at 48 kHz; here both biquads come from their analog parameters (centre
 * frequency, Q, gain) by the bilinear transform with prewarping, which reproduces those 48 kHz
 * coefficients and gives the same response at every other rate.
 */
final class KWeighting {
    private static final double SHELF_HZ = 1681.974450955533;
    private static final double SHELF_GAIN_DB = 3.999843853973347;
    private static final double SHELF_Q = 0.7071752369554196;
    private static final double HIGH_PASS_HZ = 38.13547087602444;
    private static final double HIGH_PASS_Q = 0.5003270373238773;

    final double[] shelf; // b0 b1 b2 a1 a2 (a0 = 1)
    final double[] highPass;

    KWeighting(int sampleRate) {
        double k = Math.tan(Math.PI * SHELF_HZ / sampleRate);
        double vh = Math.pow(10, SHELF_GAIN_DB / 20);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1 + k / SHELF_Q + k * k;
        shelf = new double[] {(vh + vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0,
                (vh - vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - 1) / a0, (1 - k / SHELF_Q + k * k) / a0};
        k = Math.tan(Math.PI * HIGH_PASS_HZ / sampleRate);
        a0 = 1 + k / HIGH_PASS_Q + k * k;
        highPass = new double[] {1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / HIGH_PASS_Q + k * k) / a0};
    }

    /** The K-weighted copy of one channel. */
    double[] apply(float[] x) {
        double[] y = new double[x.length];
        biquad(shelf, x, y);
        double[] z = new double[x.length];
        biquad(highPass, y, z);
        return z;
    }

    private static void biquad(double[] c, float[] in, double[] out) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < in.length; i++) {
            double x = in[i];
            double y = c[0] * x + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            out[i] = y;
        }
    }

    private static void biquad(double[] c, double[] in, double[] out) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < in.length; i++) {
            double x = in[i];
            double y = c[0] * x + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            out[i] = y;
        }
    }
}
