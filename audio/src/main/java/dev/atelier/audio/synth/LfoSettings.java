package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/** A voice's LFO: shape and rate, and its depth into pitch (cents) and filter cutoff (octaves). */
public record LfoSettings(LfoShape shape, double rateHz, double pitchCents, double cutoffOctaves) {
    public LfoSettings {
        Objects.requireNonNull(shape, "shape");
        AudioLimits.checkRange(rateHz, 0, Lfo.MAX_RATE_HZ, "lfo_rate");
        AudioLimits.checkRange(pitchCents, 0, 1200, "pitch_cents");
        AudioLimits.checkRange(cutoffOctaves, 0, FilterSettings.MAX_MODULATION_OCTAVES, "cutoff_octaves");
    }

    /** A gentle sine vibrato. */
    public static LfoSettings vibrato(double rateHz, double cents) {
        return new LfoSettings(LfoShape.SINE, rateHz, cents, 0);
    }
}
