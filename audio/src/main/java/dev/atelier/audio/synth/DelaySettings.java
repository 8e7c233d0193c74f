package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/** An echo: time in seconds (up to 5), feedback (0 to 0.95), wet mix (0 to 1). */
public record DelaySettings(double time, double feedback, double mix) {
    public DelaySettings {
        AudioLimits.checkRange(time, 0, Delay.MAX_SECONDS, "delay_time");
        AudioLimits.checkRange(feedback, 0, Delay.MAX_FEEDBACK, "delay_feedback");
        AudioLimits.checkRange(mix, 0, 1, "delay_mix");
    }

    public static DelaySettings off() {
        return new DelaySettings(0.25, 0, 0);
    }

    public boolean isOff() {
        return mix == 0;
    }

    /** How long the echoes take to fall by 60 dB, for sizing a render's tail. */
    public double tailSeconds() {
        if (isOff()) {
            return 0;
        }
        if (feedback == 0) {
            return time;
        }
        return time * (1 + Math.log(1e-3) / Math.log(feedback));
    }
}
