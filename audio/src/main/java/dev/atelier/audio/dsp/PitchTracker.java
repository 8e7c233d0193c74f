package dev.atelier.audio.dsp;

import be.tarsos.dsp.pitch.McLeodPitchMethod;
import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.PitchDetector;
import be.tarsos.dsp.pitch.FastYin;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pitch tracking with TarsosDSP's YIN or MPM over a mono mix: frames of {@code frameSize} samples
 * every {@code hop}. YIN runs as TarsosDSP's {@code FastYin}, the same algorithm with its
 * difference function computed by FFT (O(n log n) per frame instead of O(n²)). The lowest detectable pitch is about {@code 2 · sampleRate / frameSize}.
 */
public final class PitchTracker {
    private final PitchMethod method;
    private final int frameSize;
    private final int hop;

    public PitchTracker(PitchMethod method, int frameSize, int hop) {
        this.method = Objects.requireNonNull(method, "method");
        if (frameSize < 64 || frameSize > 1 << 16 || Integer.bitCount(frameSize) != 1) {
            throw AtelierException.invalidArgument("frame_size", "frame size must be a power of two, 64 to 65536");
        }
        if (hop < 1 || hop > frameSize) {
            throw AtelierException.invalidArgument("hop", "hop must be 1 to the frame size");
        }
        this.frameSize = frameSize;
        this.hop = hop;
    }

    /** 2048-sample frames, hop 512: down to about 45 Hz at 48 kHz. */
    public static PitchTracker of(PitchMethod method) {
        return new PitchTracker(method, 2048, 512);
    }

    public PitchTrack track(Clip clip) {
        return track(clip.mono().channel(0), clip.sampleRate());
    }

    public PitchTrack track(float[] signal, int sampleRate) {
        AudioLimits.checkSampleRate(sampleRate);
        PitchDetector detector = switch (method) {
            case YIN -> new FastYin(sampleRate, frameSize);
            case MPM -> new McLeodPitchMethod(sampleRate, frameSize);
        };
        List<PitchTrack.Frame> frames = new ArrayList<>();
        for (int start = 0; start + frameSize <= signal.length; start += hop) {
            float[] frame = new float[frameSize];
            System.arraycopy(signal, start, frame, 0, frameSize);
            PitchDetectionResult r = detector.getPitch(frame);
            double hz = r.isPitched() && r.getPitch() > 0 ? r.getPitch() : Double.NaN;
            frames.add(new PitchTrack.Frame((double) start / sampleRate, hz, r.getProbability()));
        }
        return new PitchTrack((double) hop / sampleRate, frames);
    }

    /** The median pitch (Hz) of a stretch of a clip, NaN when no frame there is pitched. */
    public double medianHz(Clip clip, double from, double to) {
        float[] x = clip.mono().channel(0);
        int a = (int) Math.max(0, Math.round(from * clip.sampleRate()));
        int b = (int) Math.min(x.length, Math.round(to * clip.sampleRate()));
        if (b - a < frameSize) {
            throw AtelierException.invalidArgument("range", "the stretch is shorter than one analysis frame");
        }
        float[] part = new float[b - a];
        System.arraycopy(x, a, part, 0, part.length);
        return track(part, clip.sampleRate()).medianHz(0, Double.MAX_VALUE);
    }
}
