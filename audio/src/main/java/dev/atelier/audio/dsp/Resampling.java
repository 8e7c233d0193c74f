package dev.atelier.audio.dsp;

import be.tarsos.dsp.resample.Resampler;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;

/**
 * Sample-rate conversion with TarsosDSP's band-limited (windowed-sinc, high-quality) resampler,
 * channel by channel; the output has exactly {@code round(frames · to / from)} frames.
 */
public final class Resampling {
    private Resampling() {
    }

    public static Clip resample(Clip clip, int targetRate) {
        AudioLimits.checkSampleRate(targetRate);
        if (targetRate == clip.sampleRate()) {
            return clip;
        }
        double factor = (double) targetRate / clip.sampleRate();
        int frames = (int) Math.round(clip.frames() * factor);
        if (frames > AudioLimits.MAX_SECONDS * targetRate + 1) {
            throw dev.atelier.core.error.AtelierException.invalidArgument("duration", "clip too long");
        }
        float[][] out = new float[clip.channelCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = resample(clip.channel(c), factor, frames);
        }
        return Clip.adopt(targetRate, out);
    }

    private static float[] resample(float[] x, double factor, int frames) {
        Resampler r = new Resampler(true, factor, factor);
        // Room for the filter's delay: feed zeros after the signal and drop what comes before it.
        int extra = r.getFilterWidth() * 2 + 64;
        float[] in = new float[x.length + extra];
        System.arraycopy(x, 0, in, 0, x.length);
        float[] out = new float[(int) Math.ceil(in.length * factor) + 16];
        Resampler.Result result = r.process(factor, in, 0, in.length, true, out, 0, out.length);
        float[] y = new float[frames];
        System.arraycopy(out, 0, y, 0, Math.min(frames, result.outputSamplesGenerated));
        return y;
    }
}
