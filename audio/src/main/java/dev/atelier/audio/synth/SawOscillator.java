package dev.atelier.audio.synth;

/** A rising sawtooth from −1 to +1, its reset band-limited with PolyBLEP. */
public final class SawOscillator extends Oscillator {
    public SawOscillator(int sampleRate, double frequencyHz) {
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
            // The reset is a step of −2 at phase 0.
            double v = 2 * t - 1 - 2 * PolyBlep.blep(t, dt);
            out[i] = (float) (a[i] * v);
            t = wrap(t + dt);
        }
        phase = t;
    }
}
