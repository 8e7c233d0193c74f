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
        int[] inc = fixedIncrements(frames);
        int max = 0;
        for (int i = 0; i < frames; i++) {
            max = Math.max(max, inc[i]);
        }
        float[] table = waveform.table(waveform.level(max / CYCLE));
        float[] a = amplitude.values();
        float[] out = output.values();
        int p = fixedPhase();
        for (int i = 0; i < frames; i++) {
            out[i] = a[i] * MipMap.read(table, p);
            p += inc[i];
        }
        setFixedPhase(p);
    }
}
