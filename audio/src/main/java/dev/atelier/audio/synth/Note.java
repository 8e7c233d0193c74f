package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;

/**
 * One note of a score: start time (seconds), MIDI pitch (0 to 127; 69 is A4 = 440 Hz), velocity
 * (0 to 1, the amplitude factor) and duration (seconds the key is held; the release follows).
 */
public record Note(double time, int pitch, double velocity, double duration) {
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
    }

    /** Equal temperament, A4 = 440 Hz. */
    public double frequency() {
        return frequency(pitch);
    }

    public static double frequency(double midiPitch) {
        return 440.0 * Math.pow(2, (midiPitch - 69) / 12.0);
    }

    public double end() {
        return time + duration;
    }
}
