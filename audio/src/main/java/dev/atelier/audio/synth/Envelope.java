package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/**
 * The shape of an {@link Adsr}: attack, decay and release times in seconds (0 to 60) and the
 * sustain level (0 to 1). Segments are linear, so their lengths are exact to the sample.
 */
public record Envelope(double attack, double decay, double sustain, double release) {
    public static final double MAX_SEGMENT_SECONDS = 60;

    public Envelope {
        AudioLimits.checkRange(attack, 0, MAX_SEGMENT_SECONDS, "attack");
        AudioLimits.checkRange(decay, 0, MAX_SEGMENT_SECONDS, "decay");
        AudioLimits.checkRange(sustain, 0, 1, "sustain");
        AudioLimits.checkRange(release, 0, MAX_SEGMENT_SECONDS, "release");
    }

    /** Organ-like: 5 ms in, full sustain, 50 ms out. */
    public static Envelope organ() {
        return new Envelope(0.005, 0, 1, 0.05);
    }

    /** Plucked: instant attack, decays to silence in {@code decay} seconds. */
    public static Envelope pluck(double decay) {
        return new Envelope(0.002, decay, 0, Math.min(decay, 0.2));
    }
}
