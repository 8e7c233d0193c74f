package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * How {@link Synth} renders: sample rate, polyphony (notes sounding at once, 1 to 64), the effect
 * chain (chorus, delay, then reverb, then the always-on limiter) and a seed for the noise sources.
 */
public record SynthSettings(int sampleRate, int voices, ChorusSettings chorus, DelaySettings delay,
                            ReverbSettings reverb, LimiterSettings limiter, long seed) {
    public SynthSettings {
        AudioLimits.checkSampleRate(sampleRate);
        if (voices < 1 || voices > AudioLimits.MAX_VOICES) {
            throw AtelierException.invalidArgument("voices", "polyphony must be between 1 and "
                    + AudioLimits.MAX_VOICES + " voices, got " + voices);
        }
        Objects.requireNonNull(chorus, "chorus");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reverb, "reverb");
        Objects.requireNonNull(limiter, "limiter");
    }

    /** Without chorus. */
    public SynthSettings(int sampleRate, int voices, DelaySettings delay, ReverbSettings reverb, LimiterSettings limiter,
                         long seed) {
        this(sampleRate, voices, ChorusSettings.off(), delay, reverb, limiter, seed);
    }

    /** 16 voices, no delay, no reverb, the standard limiter. */
    public static SynthSettings dry(int sampleRate) {
        return new SynthSettings(sampleRate, 16, DelaySettings.off(), ReverbSettings.off(),
                LimiterSettings.standard(), 1);
    }

    public SynthSettings withVoices(int v) {
        return new SynthSettings(sampleRate, v, chorus, delay, reverb, limiter, seed);
    }

    public SynthSettings withDelay(DelaySettings d) {
        return new SynthSettings(sampleRate, voices, chorus, d, reverb, limiter, seed);
    }

    public SynthSettings withReverb(ReverbSettings r) {
        return new SynthSettings(sampleRate, voices, chorus, delay, r, limiter, seed);
    }

    public SynthSettings withChorus(ChorusSettings c) {
        return new SynthSettings(sampleRate, voices, c, delay, reverb, limiter, seed);
    }
}
