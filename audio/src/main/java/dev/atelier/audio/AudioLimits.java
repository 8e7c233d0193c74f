package dev.atelier.audio;

import dev.atelier.core.error.AtelierException;

/**
 * The bounds every audio entry point checks before it allocates anything, so a bad request fails
 * fast with {@code INVALID_ARGUMENT} instead of exhausting memory.
 */
public final class AudioLimits {
    public static final int MIN_SAMPLE_RATE = 8_000;
    public static final int MAX_SAMPLE_RATE = 96_000;
    /** The longest clip anything renders or reads: 10 minutes. */
    public static final double MAX_SECONDS = 600.0;
    public static final int MAX_CHANNELS = 8;
    public static final int MAX_VOICES = 64;

    private AudioLimits() {
    }

    public static int checkSampleRate(int sampleRate) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw AtelierException.invalidArgument("sample_rate", "sample rate must be between "
                    + MIN_SAMPLE_RATE + " and " + MAX_SAMPLE_RATE + " Hz, got " + sampleRate);
        }
        return sampleRate;
    }

    /** A duration in seconds: finite, not negative, at most {@link #MAX_SECONDS}. */
    public static double checkSeconds(double seconds, String param) {
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
            throw AtelierException.invalidArgument(param, param + " must be between 0 and "
                    + (int) MAX_SECONDS + " seconds, got " + seconds);
        }
        return seconds;
    }

    /** A frequency that an oscillator can represent: finite, positive and below Nyquist. */
    public static double checkFrequency(double hz, int sampleRate, String param) {
        if (!Double.isFinite(hz) || hz <= 0 || hz >= sampleRate / 2.0) {
            throw AtelierException.invalidArgument(param, param + " must be above 0 and below the Nyquist"
                    + " frequency (" + sampleRate / 2 + " Hz), got " + hz);
        }
        return hz;
    }

    /** A plain bounded number: finite and within {@code [min, max]}. */
    public static double checkRange(double value, double min, double max, String param) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw AtelierException.invalidArgument(param, param + " must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }

    /** The frame count of {@code seconds} at {@code sampleRate}, after checking both. */
    public static int frames(double seconds, int sampleRate, String param) {
        checkSeconds(seconds, param);
        checkSampleRate(sampleRate);
        return (int) Math.round(seconds * sampleRate);
    }
}
