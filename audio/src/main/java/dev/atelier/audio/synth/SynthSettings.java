package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * How {@link Synth} renders: sample rate, polyphony (notes sounding at once, 1 to 64), the effect
 * chain (delay, then reverb, then the always-on limiter) and a seed for the noise sources.
 */
public record SynthSettings(int sampleRate, int voices, DelaySettings delay, ReverbSettings reverb,
                            LimiterSettings limiter, long seed) {
    public SynthSettings {
        AudioLimits.checkSampleRate(sampleRate);
        if (voices < 1 || voices > AudioLimits.MAX_VOICES) {
            throw AtelierException.invalidArgument("voices", "polyphony must be between 1 and "
                    + AudioLimits.MAX_VOICES + " voices, got " + voices);
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reverb, "reverb");
        Objects.requireNonNull(limiter, "limiter");
    }

    /** 16 voices, no delay, no reverb, the standard limiter. */
    public static SynthSettings dry(int sampleRate) {
        return new SynthSettings(sampleRate, 16, DelaySettings.off(), ReverbSettings.off(),
                LimiterSettings.standard(), 1);
    }

    public SynthSettings withVoices(int v) {
        return new SynthSettings(sampleRate, v, delay, reverb, limiter, seed);
    }

    public SynthSettings withDelay(DelaySettings d) {
        return new SynthSettings(sampleRate, voices, d, reverb, limiter, seed);
    }

    public SynthSettings withReverb(ReverbSettings r) {
        return new SynthSettings(sampleRate, voices, delay, r, limiter, seed);
    }
}
