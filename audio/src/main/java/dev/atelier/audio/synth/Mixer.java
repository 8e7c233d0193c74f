package dev.atelier.audio.synth;

import dev.atelier.core.error.AtelierException;

/**
 * Sums mono channels to stereo, each with a gain and an equal-power pan: a channel at pan p
 * (−1 left … +1 right) goes left with cos θ and right with sin θ, θ = (p + 1)·π/4, so its power
 * L² + R² is the same wherever it sits (−3 dB per side at the centre).
 */
public final class Mixer extends UnitGenerator {
    public static final int MAX_CHANNELS = 256;

    public final OutputPort outputLeft;
    public final OutputPort outputRight;
    private final InputPort[] inputs;
    private final InputPort[] gains;
    private final InputPort[] pans;

    public Mixer(int sampleRate, int channels) {
        super(sampleRate);
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw AtelierException.invalidArgument("channels", "a mixer needs 1 to " + MAX_CHANNELS
                    + " channels, got " + channels);
        }
        inputs = new InputPort[channels];
        gains = new InputPort[channels];
        pans = new InputPort[channels];
        for (int c = 0; c < channels; c++) {
            inputs[c] = addInput("input" + c, 0);
            gains[c] = addInput("gain" + c, 1);
            pans[c] = addInput("pan" + c, 0);
        }
        outputLeft = addOutput("outputLeft");
        outputRight = addOutput("outputRight");
    }

    public int channels() {
        return inputs.length;
    }

    public InputPort input(int channel) {
        return inputs[channel];
    }

    public InputPort gain(int channel) {
        return gains[channel];
    }

    public InputPort pan(int channel) {
        return pans[channel];
    }

    /** The left and right gains of pan {@code p} (clamped to −1..1). */
    public static double[] panGains(double p) {
        double theta = (Math.max(-1, Math.min(1, p)) + 1) * Math.PI / 4;
        return new double[] {Math.cos(theta), Math.sin(theta)};
    }

    @Override
    protected void generate(int frames) {
        float[] left = outputLeft.values();
        float[] right = outputRight.values();
        java.util.Arrays.fill(left, 0, frames, 0f);
        java.util.Arrays.fill(right, 0, frames, 0f);
        for (int c = 0; c < inputs.length; c++) {
            float[] x = inputs[c].values();
            float[] g = gains[c].values();
            if (pans[c].isConnected()) {
                float[] p = pans[c].values();
                for (int i = 0; i < frames; i++) {
                    double theta = (Math.max(-1, Math.min(1, p[i])) + 1) * Math.PI / 4;
                    float v = x[i] * g[i];
                    left[i] += (float) (v * Math.cos(theta));
                    right[i] += (float) (v * Math.sin(theta));
                }
            } else {
                double[] lr = panGains(pans[c].get());
                float gl = (float) lr[0];
                float gr = (float) lr[1];
                for (int i = 0; i < frames; i++) {
                    float v = x[i] * g[i];
                    left[i] += v * gl;
                    right[i] += v * gr;
                }
            }
        }
    }
}
