package dev.atelier.audio.dsp;

import be.tarsos.dsp.PitchShifter;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;

/**
 * Moves a clip's pitch by a ratio, keeping its duration, with TarsosDSP's phase-vocoder
 * {@link PitchShifter} (2048-sample Hann frames, 75% overlap). The vocoder's latency (frame
 * minus hop) is removed, so the result lines up with the input, and its level is matched to the
 * input's RMS; its "Clipping!" prints to stderr are swallowed.
 */
public final class PitchShift {
    public static final double MIN_RATIO = 0.25;
    public static final double MAX_RATIO = 4;
    private static final int SIZE = 2048;
    private static final int HOP = SIZE / 4;

    private PitchShift() {
    }

    /** The clip with every frequency multiplied by {@code ratio} (2: an octave up). */
    public static Clip shift(Clip clip, double ratio) {
        AudioLimits.checkRange(ratio, MIN_RATIO, MAX_RATIO, "ratio");
        float[][] out = new float[clip.channelCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = shift(clip.channel(c), clip.sampleRate(), ratio);
        }
        return Clip.adopt(clip.sampleRate(), out);
    }

    private static float[] shift(float[] x, int sr, double ratio) {
        int latency = SIZE - HOP;
        float[] padded = new float[x.length + SIZE];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] y = new float[padded.length + SIZE];
        PitchShifter shifter = new PitchShifter(ratio, sr, SIZE, SIZE - HOP);
        Quiet.call(() -> {
            Frames.run(padded, sr, SIZE, HOP, shifter, (start, buffer) ->
                    // Each frame yields its hop of new output in the buffer's last HOP samples.
                    System.arraycopy(buffer, SIZE - HOP, y, (int) start, HOP));
            return null;
        });
        float[] out = new float[x.length];
        System.arraycopy(y, latency, out, 0, out.length);
        double in = rms(x);
        double got = rms(out);
        if (got > 0 && in > 0) {
            float g = (float) (in / got);
            for (int i = 0; i < out.length; i++) {
                out[i] *= g;
            }
        }
        return out;
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }
}
