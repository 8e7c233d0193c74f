package dev.atelier.audio.dsp;

import java.util.List;

/** A pitch per analysis frame: time of the frame's start (s), frequency (Hz, NaN: unpitched), probability. */
public record PitchTrack(double hop, List<Frame> frames) {
    public record Frame(double time, double hz, double probability) {
        public boolean pitched() {
            return !Double.isNaN(hz);
        }
    }

    public PitchTrack {
        frames = List.copyOf(frames);
    }

    /** The median of the pitched frames between two times, NaN if none. */
    public double medianHz(double from, double to) {
        double[] v = frames.stream().filter(f -> f.pitched() && f.time() >= from && f.time() < to)
                .mapToDouble(Frame::hz).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
