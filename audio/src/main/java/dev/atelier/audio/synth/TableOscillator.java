package dev.atelier.audio.synth;

import java.util.Objects;

/**
 * An oscillator reading a band-limited {@link MipMap}: saw, square, triangle or any harmonic
 * wavetable. The level is chosen per block from the block's highest frequency, so even under
 * vibrato no harmonic crosses Nyquist.
 */
public final class TableOscillator extends Oscillator {
    private final MipMap waveform;

    public TableOscillator(int sampleRate, double frequencyHz, MipMap waveform) {
        super(sampleRate, frequencyHz);
        this.waveform = Objects.requireNonNull(waveform, "waveform");
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        double max = 0;
        for (int i = 0; i < frames; i++) {
            max = Math.max(max, inc[i]);
        }
        float[] table = waveform.table(waveform.level(max));
        float[] a = amplitude.values();
        float[] out = output.values();
        double t = phase;
        for (int i = 0; i < frames; i++) {
            out[i] = a[i] * MipMap.read(table, t);
            t = wrap(t + inc[i]);
        }
        phase = t;
    }
}
