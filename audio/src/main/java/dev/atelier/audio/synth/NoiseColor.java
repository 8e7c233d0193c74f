package dev.atelier.audio.synth;

/** The spectrum of a {@link Noise} source. */
public enum NoiseColor {
    /** Flat spectrum: uniform samples in [−1, 1), RMS 1/√3. */
    WHITE,
    /** −3 dB per octave (equal energy per octave), RMS 0.25 so peaks stay near ±1. */
    PINK
}
