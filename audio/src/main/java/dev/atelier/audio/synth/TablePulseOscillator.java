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
        int[] inc = fixedIncrements(frames);
        int max = 0;
        for (int i = 0; i < frames; i++) {
            max = Math.max(max, inc[i]);
        }
        float[] table = saw.table(saw.level(max / CYCLE));
        float[] a = amplitude.values();
        float[] w = width.values();
        float[] out = output.values();
        int p = fixedPhase();
        if (!width.isConnected()) {
            int offset = offset(w[0]);
            for (int i = 0; i < frames; i++) {
                out[i] = a[i] * (MipMap.read(table, p - offset) - MipMap.read(table, p));
                p += inc[i];
            }
        } else {
            for (int i = 0; i < frames; i++) {
                out[i] = a[i] * (MipMap.read(table, p - offset(w[i])) - MipMap.read(table, p));
                p += inc[i];
            }
        }
        setFixedPhase(p);
    }

    /** The width as a fixed-point phase offset; the int subtraction wraps like the cycle. */
    private static int offset(float width) {
        return (int) (long) (Math.min(0.99f, Math.max(0.01f, width)) * CYCLE);
    }
}
