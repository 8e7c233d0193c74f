package dev.atelier.audio.synth;

/** Which response a {@link StateVariableFilter} outputs. */
public enum FilterMode {
    /** 12 dB/octave low-pass; peaks at Q above 0 dB at the cutoff. */
    LOW_PASS,
    /** 12 dB/octave high-pass; peaks at Q at the cutoff. */
    HIGH_PASS,
    /** Band-pass normalised to 0 dB at the cutoff; Q sets the bandwidth. */
    BAND_PASS
}
