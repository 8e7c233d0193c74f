package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/**
 * A voice's filter: mode, cutoff (Hz) and resonance (Q), plus how far its own envelope sweeps the
 * cutoff (octaves at envelope level 1, may be negative) and how much the cutoff follows the note
 * (0: fixed, 1: moves an octave per octave, relative to middle C).
 */
public record FilterSettings(FilterMode mode, double cutoffHz, double resonance, Envelope envelope,
                             double envelopeOctaves, double keyTracking) {
    public static final double MAX_MODULATION_OCTAVES = 10;

    public FilterSettings {
        Objects.requireNonNull(mode, "mode");
        AudioLimits.checkRange(cutoffHz, 10, AudioLimits.MAX_SAMPLE_RATE / 2.0, "cutoff");
        AudioLimits.checkRange(resonance, StateVariableFilter.MIN_Q, StateVariableFilter.MAX_Q, "resonance");
        Objects.requireNonNull(envelope, "envelope");
        AudioLimits.checkRange(envelopeOctaves, -MAX_MODULATION_OCTAVES, MAX_MODULATION_OCTAVES, "envelope_octaves");
        AudioLimits.checkRange(keyTracking, 0, 1, "key_tracking");
    }

    /** A static filter: no envelope sweep, no key tracking. */
    public static FilterSettings of(FilterMode mode, double cutoffHz, double resonance) {
        return new FilterSettings(mode, cutoffHz, resonance, Envelope.organ(), 0, 0);
    }
}
