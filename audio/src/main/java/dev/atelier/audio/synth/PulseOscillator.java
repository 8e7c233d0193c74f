package dev.atelier.audio.synth;

/**
 * A pulse wave: +1 for the first {@code width} of each cycle, −1 after, with both edges
 * band-limited with PolyBLEP and its mean (2·width − 1) removed so width changes move no DC.
 * Width 0.5 is a square.
 */
public final class PulseOscillator extends Oscillator {
    public final InputPort width;

    public PulseOscillator(int sampleRate, double frequencyHz, double width) {
        super(sampleRate, frequencyHz);
        this.width = addInput("width", checkWidth(width));
    }

    public PulseOscillator(int sampleRate, double frequencyHz) {
        this(sampleRate, frequencyHz, 0.5);
    }

    static double checkWidth(double width) {
        return dev.atelier.audio.AudioLimits.checkRange(width, 0.01, 0.99, "width");
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        float[] a = amplitude.values();
        float[] w = width.values();
        float[] out = output.values();
        double t = phase;
        for (int i = 0; i < frames; i++) {
            double dt = inc[i];
            double pw = Math.min(0.99, Math.max(0.01, w[i]));
            double v = t < pw ? 1 : -1;
            v += 2 * PolyBlep.blep(t, dt); // rising edge at phase 0
            double fall = t - pw;
            v -= 2 * PolyBlep.blep(fall < 0 ? fall + 1 : fall, dt); // falling edge at phase pw
            out[i] = (float) (a[i] * (v - (2 * pw - 1)));
            t = wrap(t + dt);
        }
        phase = t;
    }
}
