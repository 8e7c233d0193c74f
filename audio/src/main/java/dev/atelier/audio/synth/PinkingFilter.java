package dev.atelier.audio.synth;

/**
 * Turns white noise pink (−3.01 dB per octave) at any sample rate. A cascade of first-order
 * sections whose poles sit every two octaves from 5 Hz and whose zeros sit one octave above each
 * pole: every section drops 6 dB over its two octaves, which averages to the pink slope with
 * ripple under 0.3 dB. Poles and zeros are placed with the matched-z transform, which keeps the
 * slope going up to Nyquist instead of flattening there like the bilinear transform would.
 * A DC blocker at 2 Hz removes what the bottom shelf would otherwise keep of the mean.
 */
final class PinkingFilter {
    private static final double LOWEST_POLE_HZ = 5;
    private static final double POLE_SPACING = 4; // two octaves
    private static final double DC_BLOCK_HZ = 2;
    // The energy sum runs over seconds of impulse response: do it once per sample rate.
    private static final java.util.Map<Integer, Double> ENERGY_BY_RATE = new java.util.concurrent.ConcurrentHashMap<>();

    private final float[] zeros;
    private final float[] poles;
    private final float[] x1;
    private final float[] y1;
    private final float dcPole;
    private float dcIn;
    private float dcOut;
    private final float gain;

    PinkingFilter(int sampleRate, double targetRms, double inputRms) {
        int n = 0;
        for (double f = LOWEST_POLE_HZ; f < sampleRate; f *= POLE_SPACING) {
            n++;
        }
        zeros = new float[n];
        poles = new float[n];
        x1 = new float[n];
        y1 = new float[n];
        double f = LOWEST_POLE_HZ;
        for (int k = 0; k < n; k++, f *= POLE_SPACING) {
            poles[k] = (float) Math.exp(-2 * Math.PI * f / sampleRate);
            zeros[k] = (float) Math.exp(-2 * Math.PI * f * Math.sqrt(POLE_SPACING) / sampleRate);
        }
        dcPole = (float) Math.exp(-2 * Math.PI * DC_BLOCK_HZ / sampleRate);
        double energy = ENERGY_BY_RATE.computeIfAbsent(sampleRate, this::impulseEnergy);
        gain = (float) (targetRms / (inputRms * Math.sqrt(energy)));
        reset();
    }

    float process(float x) {
        float v = x;
        for (int k = 0; k < zeros.length; k++) {
            float y = v - zeros[k] * x1[k] + poles[k] * y1[k];
            x1[k] = v;
            y1[k] = y;
            v = y;
        }
        float out = v - dcIn + dcPole * dcOut;
        dcIn = v;
        dcOut = out;
        return gain * out;
    }

    void reset() {
        java.util.Arrays.fill(x1, 0f);
        java.util.Arrays.fill(y1, 0f);
        dcIn = 0;
        dcOut = 0;
    }

    // Output power for unit-variance white input = energy of the unscaled impulse response,
    // summed until the slowest section (the DC blocker) has decayed by e^-40.
    private double impulseEnergy(int sampleRate) {
        long length = (long) (40 * sampleRate / (2 * Math.PI * DC_BLOCK_HZ));
        double energy = 0;
        reset();
        for (long i = 0; i < length; i++) {
            float v = (i == 0 ? 1f : 0f);
            for (int k = 0; k < zeros.length; k++) {
                float y = v - zeros[k] * x1[k] + poles[k] * y1[k];
                x1[k] = v;
                y1[k] = y;
                v = y;
            }
            float out = v - dcIn + dcPole * dcOut;
            dcIn = v;
            dcOut = out;
            energy += (double) out * out;
        }
        return energy;
    }
}
