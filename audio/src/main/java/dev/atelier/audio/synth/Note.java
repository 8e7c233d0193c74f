package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;

/**
 * One note of a score: start time (seconds), MIDI pitch (0 to 127; 69 is A4 = 440 Hz), velocity
 * (0 to 1, the amplitude factor), duration (seconds the key is held; the release follows) and a
 * detune in cents (−50 to +50), so any frequency, not only the equal-tempered ones, can be played.
 */
public record Note(double time, int pitch, double velocity, double duration, double cents) {
    public Note {
        AudioLimits.checkSeconds(time, "time");
        if (pitch < 0 || pitch > 127) {
            throw AtelierException.invalidArgument("pitch", "pitch must be a MIDI note number 0 to 127, got " + pitch);
        }
        AudioLimits.checkRange(velocity, 0, 1, "velocity");
        AudioLimits.checkSeconds(duration, "duration");
        if (duration <= 0) {
            throw AtelierException.invalidArgument("duration", "duration must be above 0 seconds");
        }
        AudioLimits.checkRange(cents, -50, 50, "cents");
    }

    /** An equal-tempered note (no detune). */
    public Note(double time, int pitch, double velocity, double duration) {
        this(time, pitch, velocity, duration, 0);
    }

    /** The note nearest to {@code hz}, detuned by the cents that make it exact. */
    public static Note atFrequency(double time, double hz, double velocity, double duration) {
        if (!Double.isFinite(hz) || hz < frequency(0) * 0.98 || hz > frequency(127) * 1.02) {
            throw AtelierException.invalidArgument("frequency", "frequency must be between "
                    + Math.round(frequency(0)) + " and " + Math.round(frequency(127)) + " Hz, got " + hz);
        }
        double exact = 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
        int pitch = (int) Math.max(0, Math.min(127, Math.round(exact)));
        return new Note(time, pitch, velocity, duration, Math.max(-50, Math.min(50, (exact - pitch) * 100)));
    }

    /** Equal temperament, A4 = 440 Hz, plus the detune. */
    public double frequency() {
        return frequency(pitch + cents / 100.0);
    }

    public static double frequency(double midiPitch) {
        return 440.0 * Math.pow(2, (midiPitch - 69) / 12.0);
    }

    public double end() {
        return time + duration;
    }
}
