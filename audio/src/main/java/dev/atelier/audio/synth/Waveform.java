package dev.atelier.audio.synth;

/** The sources a {@link Voice} can start from. */
public enum Waveform {
    SINE, SAW, SQUARE, PULSE, TRIANGLE, WHITE_NOISE, PINK_NOISE;

    public boolean isNoise() {
        return this == WHITE_NOISE || this == PINK_NOISE;
    }

    /** A new oscillator of this shape; not for noises, which have no pitch. */
    public Oscillator oscillator(int sampleRate, double frequencyHz, double pulseWidth) {
        return switch (this) {
            case SINE -> new SineOscillator(sampleRate, frequencyHz);
            case SAW -> new SawOscillator(sampleRate, frequencyHz);
            case SQUARE -> new PulseOscillator(sampleRate, frequencyHz, 0.5);
            case PULSE -> new PulseOscillator(sampleRate, frequencyHz, pulseWidth);
            case TRIANGLE -> new TriangleOscillator(sampleRate, frequencyHz);
            case WHITE_NOISE, PINK_NOISE -> throw new IllegalStateException(this + " is not an oscillator");
        };
    }
}
