package dev.atelier.audio.synth;

/**
 * The sources a {@link Voice} can start from. Saw, square, pulse and triangle play from
 * band-limited mip-mapped tables ({@link MipMap}); WAVETABLE plays a patch's own harmonic
 * spectrum the same way; FM runs a patch's {@link FmSettings}.
 */
public enum Waveform {
    SINE, SAW, SQUARE, PULSE, TRIANGLE, WAVETABLE, FM, WHITE_NOISE, PINK_NOISE;

    public boolean isNoise() {
        return this == WHITE_NOISE || this == PINK_NOISE;
    }

    /** A new oscillator of this shape for {@code patch}; not for noises, which have no pitch. */
    public Oscillator oscillator(int sampleRate, double frequencyHz, Patch patch) {
        return switch (this) {
            case SINE -> new SineOscillator(sampleRate, frequencyHz);
            case SAW -> new TableOscillator(sampleRate, frequencyHz, MipMap.saw());
            case SQUARE -> new TableOscillator(sampleRate, frequencyHz, MipMap.square());
            case PULSE -> new TablePulseOscillator(sampleRate, frequencyHz, patch.pulseWidth());
            case TRIANGLE -> new TableOscillator(sampleRate, frequencyHz, MipMap.triangle());
            case WAVETABLE -> new TableOscillator(sampleRate, frequencyHz, MipMap.ofHarmonics(patch.harmonics()));
            case FM -> new FmOscillator(sampleRate, frequencyHz, patch.fm());
            case WHITE_NOISE, PINK_NOISE -> throw new IllegalStateException(this + " is not an oscillator");
        };
    }
}
