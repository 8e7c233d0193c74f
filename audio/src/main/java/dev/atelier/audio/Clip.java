package dev.atelier.audio;

import dev.atelier.core.error.AtelierException;

/**
 * An immutable piece of audio: float samples (nominally within ±1.0), one array per channel, at a
 * sample rate. Arrays are copied in and out so a clip can be shared freely between threads.
 */
public final class Clip {
    private final int sampleRate;
    private final float[][] channels;

    /** Copies {@code channels}; all must have the same length. */
    public Clip(int sampleRate, float[]... channels) {
        this(copy(channels), sampleRate);
    }

    private Clip(float[][] owned, int sampleRate) {
        AudioLimits.checkSampleRate(sampleRate);
        if (owned.length < 1 || owned.length > AudioLimits.MAX_CHANNELS) {
            throw AtelierException.invalidArgument("channels", "a clip needs 1 to " + AudioLimits.MAX_CHANNELS
                    + " channels, got " + owned.length);
        }
        int frames = owned[0].length;
        for (float[] c : owned) {
            if (c.length != frames) {
                throw AtelierException.invalidArgument("channels", "all channels must have the same length");
            }
        }
        if (frames > AudioLimits.MAX_SECONDS * sampleRate) {
            throw AtelierException.invalidArgument("duration", "a clip may be at most "
                    + (int) AudioLimits.MAX_SECONDS + " seconds long");
        }
        this.sampleRate = sampleRate;
        this.channels = owned;
    }

    /**
     * Takes the arrays without copying: for producers (renderer, decoder) that built them and drop
     * their references. Callers must not touch the arrays afterwards.
     */
    public static Clip adopt(int sampleRate, float[][] channels) {
        return new Clip(channels.clone(), sampleRate);
    }

    /** A silent clip of the given length, checked against the limits before allocation. */
    public static Clip silence(int sampleRate, int channels, double seconds) {
        int frames = AudioLimits.frames(seconds, sampleRate, "duration");
        if (channels < 1 || channels > AudioLimits.MAX_CHANNELS) {
            throw AtelierException.invalidArgument("channels", "a clip needs 1 to " + AudioLimits.MAX_CHANNELS
                    + " channels, got " + channels);
        }
        return new Clip(new float[channels][frames], sampleRate);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channelCount() {
        return channels.length;
    }

    public int frames() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    /** A copy of one channel's samples. */
    public float[] channel(int index) {
        return channels[index].clone();
    }

    public float sample(int channel, int frame) {
        return channels[channel][frame];
    }

    /** The largest absolute sample over all channels (linear, 1.0 = full scale). */
    public double peak() {
        double peak = 0;
        for (float[] c : channels) {
            for (float v : c) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        return peak;
    }

    /** Root mean square over all samples of all channels (linear). */
    public double rms() {
        double sum = 0;
        for (float[] c : channels) {
            for (float v : c) {
                sum += (double) v * v;
            }
        }
        long n = (long) frames() * channels.length;
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    /** {@link #peak()} in dB relative to full scale; −∞ for silence. */
    public double peakDbfs() {
        return 20 * Math.log10(peak());
    }

    /** {@link #rms()} in dB relative to full scale; −∞ for silence. */
    public double rmsDbfs() {
        return 20 * Math.log10(rms());
    }

    /** The channels averaged to one (a mono clip is returned as is). */
    public Clip mono() {
        if (channels.length == 1) {
            return this;
        }
        float[] mix = new float[frames()];
        for (float[] c : channels) {
            for (int i = 0; i < mix.length; i++) {
                mix[i] += c[i];
            }
        }
        float scale = 1f / channels.length;
        for (int i = 0; i < mix.length; i++) {
            mix[i] *= scale;
        }
        return new Clip(new float[][] {mix}, sampleRate);
    }

    private static float[][] copy(float[][] channels) {
        if (channels == null) {
            throw AtelierException.invalidArgument("channels", "channels must not be null");
        }
        float[][] out = new float[channels.length][];
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] == null) {
                throw AtelierException.invalidArgument("channels", "channel " + i + " is null");
            }
            out[i] = channels[i].clone();
        }
        return out;
    }
}
