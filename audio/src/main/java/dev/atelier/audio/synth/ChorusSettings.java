package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/**
 * A modulated delay: base delay (s), sweep depth (s, each side of the base), sweep rate (Hz),
 * feedback (−0.95 to 0.95) and wet mix (0 to 1). Chorus: 15–30 ms, a few ms deep, no feedback;
 * flanger: 1–5 ms, with feedback for the "jet" resonance.
 */
public record ChorusSettings(double delaySeconds, double depthSeconds, double rateHz, double feedback, double mix) {
    public static final double MAX_DELAY_SECONDS = 0.05;

    public ChorusSettings {
        AudioLimits.checkRange(delaySeconds, 0.0001, MAX_DELAY_SECONDS, "chorus_delay");
        AudioLimits.checkRange(depthSeconds, 0, delaySeconds, "chorus_depth");
        AudioLimits.checkRange(rateHz, 0, 20, "chorus_rate");
        AudioLimits.checkRange(feedback, -0.95, 0.95, "chorus_feedback");
        AudioLimits.checkRange(mix, 0, 1, "chorus_mix");
    }

    public static ChorusSettings off() {
        return new ChorusSettings(0.02, 0, 0, 0, 0);
    }

    /** A gentle stereo chorus: 20 ms ± 3 ms at 0.8 Hz, half wet. */
    public static ChorusSettings chorus() {
        return new ChorusSettings(0.02, 0.003, 0.8, 0, 0.5);
    }

    /** A flanger: 2.5 ms ± 2 ms at 0.25 Hz with feedback 0.6. */
    public static ChorusSettings flanger() {
        return new ChorusSettings(0.0025, 0.002, 0.25, 0.6, 0.5);
    }

    public boolean isOff() {
        return mix == 0;
    }

    /** How long the feedback takes to fall by 60 dB, for sizing a render's tail. */
    public double tailSeconds() {
        double longest = delaySeconds + depthSeconds;
        if (isOff()) {
            return 0;
        }
        if (feedback == 0) {
            return longest;
        }
        return longest * (1 + Math.log(1e-3) / Math.log(Math.abs(feedback)));
    }
}
