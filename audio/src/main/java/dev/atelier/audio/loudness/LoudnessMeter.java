package dev.atelier.audio.loudness;

import dev.atelier.audio.Clip;

/**
 * Integrated loudness (LUFS/LKFS) per ITU-R BS.1770-4 and EBU R128, and true peak:
 * <ol>
 *   <li>K-weight each channel ({@link KWeighting});</li>
 *   <li>mean square z of each channel over 400 ms blocks starting every 100 ms (75% overlap);</li>
 *   <li>block loudness −0.691 + 10·log10(Σ G·z), with channel weights G = 1 (left, right, centre)
 *       and 1.41 (the surround channels of 5.0 and 5.1 layouts), the LFE excluded;</li>
 *   <li>gate: keep blocks above −70 LUFS, then those within 10 LU of the loudness of the kept ones;</li>
 *   <li>integrated loudness: the formula of 3 over the mean z of the blocks that pass both gates.</li>
 * </ol>
 * A clip shorter than one block, or silent, measures −∞. True peak: the largest magnitude after
 * 4× oversampling by a windowed-sinc interpolator (BS.1770-4 annex 2), in dBTP.
 */
public final class LoudnessMeter {
    public static final double ABSOLUTE_GATE_LUFS = -70;
    public static final double RELATIVE_GATE_LU = -10;
    private static final double BLOCK_SECONDS = 0.4;
    private static final double STEP_SECONDS = 0.1;

    private LoudnessMeter() {
    }

    /** What a measurement found. */
    public record Loudness(double integratedLufs, double truePeakDbtp, double samplePeakDbfs) {
    }

    public static Loudness measure(Clip clip) {
        return new Loudness(integrated(clip), TruePeak.dbtp(clip), clip.peakDbfs());
    }

    public static double integrated(Clip clip) {
        int sr = clip.sampleRate();
        int block = (int) Math.round(BLOCK_SECONDS * sr);
        int step = (int) Math.round(STEP_SECONDS * sr);
        int channels = clip.channelCount();
        if (clip.frames() < block) {
            return Double.NEGATIVE_INFINITY;
        }
        int blocks = (clip.frames() - block) / step + 1;
        double[][] z = new double[channels][blocks];
        double[] weights = new double[channels];
        KWeighting k = new KWeighting(sr);
        for (int c = 0; c < channels; c++) {
            weights[c] = weight(c, channels);
            if (weights[c] == 0) {
                continue;
            }
            double[] y = k.apply(clip.channel(c));
            // Prefix sums of squares make every block's mean square O(1).
            double[] prefix = new double[y.length + 1];
            for (int i = 0; i < y.length; i++) {
                prefix[i + 1] = prefix[i] + y[i] * y[i];
            }
            for (int j = 0; j < blocks; j++) {
                int a = j * step;
                z[c][j] = (prefix[a + block] - prefix[a]) / block;
            }
        }
        double[] blockLoudness = new double[blocks];
        for (int j = 0; j < blocks; j++) {
            double s = 0;
            for (int c = 0; c < channels; c++) {
                s += weights[c] * z[c][j];
            }
            blockLoudness[j] = -0.691 + 10 * Math.log10(s);
        }
        boolean[] keep = new boolean[blocks];
        for (int j = 0; j < blocks; j++) {
            keep[j] = blockLoudness[j] > ABSOLUTE_GATE_LUFS;
        }
        double relativeGate = gatedLoudness(z, weights, keep) + RELATIVE_GATE_LU;
        for (int j = 0; j < blocks; j++) {
            keep[j] &= blockLoudness[j] > relativeGate;
        }
        return gatedLoudness(z, weights, keep);
    }

    private static double gatedLoudness(double[][] z, double[] weights, boolean[] keep) {
        double total = 0;
        for (int c = 0; c < z.length; c++) {
            double sum = 0;
            int n = 0;
            for (int j = 0; j < keep.length; j++) {
                if (keep[j]) {
                    sum += z[c][j];
                    n++;
                }
            }
            if (n == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            total += weights[c] * sum / n;
        }
        return -0.691 + 10 * Math.log10(total);
    }

    /** BS.1770 channel weights: L, R, C count 1, the surrounds 1.41; a 5.1 layout's LFE (4th) not at all. */
    private static double weight(int channel, int channels) {
        if (channels == 6) {
            return new double[] {1, 1, 1, 0, 1.41, 1.41}[channel];
        }
        if (channels == 5) {
            return new double[] {1, 1, 1, 1.41, 1.41}[channel];
        }
        return 1;
    }
}
