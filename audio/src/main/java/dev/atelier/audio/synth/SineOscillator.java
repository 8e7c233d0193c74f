package dev.atelier.audio.synth;

/** A pure sine: nothing to band-limit. */
public final class SineOscillator extends Oscillator {
    private static final double TWO_PI = 2 * Math.PI;

    public SineOscillator(int sampleRate, double frequencyHz) {
        super(sampleRate, frequencyHz);
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        float[] a = amplitude.values();
        float[] out = output.values();
        double t = phase;
        for (int i = 0; i < frames; i++) {
            out[i] = (float) (a[i] * Math.sin(TWO_PI * t));
            t = wrap(t + inc[i]);
        }
        phase = t;
    }
}
