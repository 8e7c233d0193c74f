package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/**
 * A room: its decay time (RT60, the seconds a sound takes to fall by 60 dB: 0.1 to 20), how much
 * faster highs die (damping 0 to 1) and the wet mix (0 to 1).
 */
public record ReverbSettings(double decaySeconds, double damping, double mix) {
    public ReverbSettings {
        AudioLimits.checkRange(decaySeconds, 0.1, 20, "reverb_decay");
        AudioLimits.checkRange(damping, 0, 1, "reverb_damping");
        AudioLimits.checkRange(mix, 0, 1, "reverb_mix");
    }

    public static ReverbSettings off() {
        return new ReverbSettings(1.5, 0.3, 0);
    }

    public static ReverbSettings room() {
        return new ReverbSettings(1.2, 0.4, 0.2);
    }

    public boolean isOff() {
        return mix == 0;
    }
}
