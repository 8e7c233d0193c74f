package dev.atelier.audio.synth;

/**
 * A triangle from −1 (phase 0) to +1 (phase ½); its two corners are band-limited with PolyBLAMP.
 * The slope flips by 8 per cycle at each corner, that is 8·dt per sample.
 */
public final class TriangleOscillator extends Oscillator {
    public TriangleOscillator(int sampleRate, double frequencyHz) {
        super(sampleRate, frequencyHz);
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        float[] a = amplitude.values();
        float[] out = output.values();
        double t = phase;
        for (int i = 0; i < frames; i++) {
            double dt = inc[i];
            double v = t < 0.5 ? 4 * t - 1 : 3 - 4 * t;
            double half = t + 0.5;
            double slopeChange = 8 * dt;
            v += slopeChange * (PolyBlep.blamp(t, dt) - PolyBlep.blamp(half >= 1 ? half - 1 : half, dt));
            out[i] = (float) (a[i] * v);
            t = wrap(t + dt);
        }
        phase = t;
    }
}
