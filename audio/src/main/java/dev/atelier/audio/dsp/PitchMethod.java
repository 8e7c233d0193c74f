package dev.atelier.audio.dsp;

/** TarsosDSP's pitch trackers offered here. */
public enum PitchMethod {
    /** de Cheveigné and Kawahara's YIN: cumulative mean normalised difference, parabolic refinement (difference function by FFT). */
    YIN,
    /** McLeod and Wyvill's MPM: normalised square difference with key maxima. */
    MPM
}
