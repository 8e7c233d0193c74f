package dev.atelier.audio.dsp;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd.Parameters;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;

/**
 * Changes a clip's duration without changing its pitch, by TarsosDSP's WSOLA (waveform-similarity
 * overlap-add, music settings: 82 ms sequences, 28 ms seek, 12 ms overlap). Channels are stretched
 * one by one. WSOLA's prints to stdout are swallowed.
 */
public final class TimeStretch {
    public static final double MIN_FACTOR = 0.25;
    public static final double MAX_FACTOR = 4;

    private TimeStretch() {
    }

    /** A clip {@code factor} times as long (2: twice as long, half speed), same pitch. */
    public static Clip stretch(Clip clip, double factor) {
        AudioLimits.checkRange(factor, MIN_FACTOR, MAX_FACTOR, "factor");
        if (clip.durationSeconds() * factor > AudioLimits.MAX_SECONDS) {
            throw AtelierException.invalidArgument("factor", "the stretched clip would be longer than "
                    + (int) AudioLimits.MAX_SECONDS + " seconds");
        }
        float[][] out = new float[clip.channelCount()][];
        int target = (int) Math.round(clip.frames() * factor);
        for (int c = 0; c < out.length; c++) {
            out[c] = stretch(clip.channel(c), clip.sampleRate(), factor, target);
        }
        return Clip.adopt(clip.sampleRate(), out);
    }

    private static float[] stretch(float[] x, int sr, double factor, int target) {
        // WSOLA's "tempo" is the speed-up: 1/factor.
        WaveformSimilarityBasedOverlapAdd wsola = Quiet.call(() ->
                new WaveformSimilarityBasedOverlapAdd(Parameters.musicDefaults(1 / factor, sr)));
        int size = wsola.getInputBufferSize();
        int hop = size - wsola.getOverlap();
        // Pad the end so the last input samples are consumed too.
        float[] padded = new float[x.length + size];
        System.arraycopy(x, 0, padded, 0, x.length);
        float[] out = new float[target];
        int[] written = {0};
        TarsosDSPAudioFormat format = new TarsosDSPAudioFormat(sr, 16, 1, true, false);
        Quiet.call(() -> {
            for (int start = 0; start + size <= padded.length && written[0] < target; start += hop) {
                float[] frame = new float[size];
                System.arraycopy(padded, start, frame, 0, size);
                AudioEvent e = new AudioEvent(format);
                e.setFloatBuffer(frame);
                wsola.process(e);
                float[] y = e.getFloatBuffer(); // WSOLA reuses this array: copy it out now
                int n = Math.min(y.length, target - written[0]);
                System.arraycopy(y, 0, out, written[0], n);
                written[0] += n;
            }
            return null;
        });
        return out;
    }
}
