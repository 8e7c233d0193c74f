package dev.atelier.audio.synth;

/**
 * A band-limited pulse of any width as the difference of two band-limited saws half a width
 * apart: saw(t − w) − saw(t) is 2 − 2w for t < w and −2w after, which is the pulse (+1 for the
 * first w of the cycle, −1 after) with its mean 2w − 1 removed, so a width change moves no DC.
 */
public final class TablePulseOscillator extends Oscillator {
    public final InputPort width;
    private final MipMap saw = MipMap.saw();

    public TablePulseOscillator(int sampleRate, double frequencyHz, double width) {
        super(sampleRate, frequencyHz);
        this.width = addInput("width", PulseOscillator.checkWidth(width));
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        double max = 0;
        for (int i = 0; i < frames; i++) {
            max = Math.max(max, inc[i]);
        }
        float[] table = saw.table(saw.level(max));
        float[] a = amplitude.values();
        float[] w = width.values();
        float[] out = output.values();
        double t = phase;
        for (int i = 0; i < frames; i++) {
            double pw = Math.min(0.99, Math.max(0.01, w[i]));
            double shifted = t - pw;
            if (shifted < 0) {
                shifted += 1;
            }
            out[i] = a[i] * (MipMap.read(table, shifted) - MipMap.read(table, t));
            t = wrap(t + inc[i]);
        }
        phase = t;
    }
}
