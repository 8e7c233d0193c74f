package dev.atelier.audio.dsp;

import be.tarsos.dsp.onsets.ComplexOnsetDetector;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * Note onsets: TarsosDSP's complex-domain detector (Duxbury et al.: energy and phase deviation
 * between FFT frames, peak-picked) finds each onset to within a frame or two; each is then
 * placed on the sample grid by its envelope (the largest |x| over the last 12 ms, which spans a
 * low note's period): the first sample, from 100 ms before to 80 ms after, where the envelope has
 * risen a fifth of the way from the quiet before it to the loud after it. The
 * detector's own time estimate subtracts a fixed guess of its latency, good to about 20 ms; the
 * refinement brings a clean attack to within a few milliseconds. A candidate whose energy does not
 * rise by at least {@code minRiseDb} there (vibrato, a filter sweep, a note's release, which the
 * phase-sensitive detector also reacts to) is not an onset and is dropped. The signal is preceded
 * by a frame of silence so that a note at time 0 has a "before" to differ from, and its start is
 * always examined.
 */
public final class OnsetDetector {
    private static final int FFT_SIZE = 512;
    private static final int HOP = 256;
    // The detector reports late more often than early (its peak picker needs the frames after).
    private static final double SEARCH_BACK_SECONDS = 0.1;
    private static final double SEARCH_AHEAD_SECONDS = 0.08;
    private static final double ENVELOPE_SECONDS = 0.012;

    private final double threshold;
    private final double minimumInterval;
    private final double minRiseDb;

    /**
     * {@code threshold}: the peak picker's (0.3 is TarsosDSP's default); {@code minimumInterval}:
     * seconds between onsets; {@code minRiseDb}: the energy rise an onset must show.
     */
    public OnsetDetector(double threshold, double minimumInterval, double minRiseDb) {
        this.threshold = AudioLimits.checkRange(threshold, 0.01, 10, "threshold");
        this.minimumInterval = AudioLimits.checkRange(minimumInterval, 0.005, 10, "minimum_interval");
        this.minRiseDb = AudioLimits.checkRange(minRiseDb, 0, 60, "min_rise_db");
    }

    /** TarsosDSP's threshold 0.3, 50 ms apart at least, a 3 dB rise (a new note at least as loud as what still rings). */
    public static OnsetDetector defaults() {
        return new OnsetDetector(0.3, 0.05, 3);
    }

    /** Onset times in seconds, ascending. */
    public List<Double> detect(Clip clip) {
        return detect(clip.mono().channel(0), clip.sampleRate());
    }

    public List<Double> detect(float[] signal, int sampleRate) {
        AudioLimits.checkSampleRate(sampleRate);
        ComplexOnsetDetector detector = new ComplexOnsetDetector(FFT_SIZE, threshold, minimumInterval, -70);
        List<Double> raw = new ArrayList<>();
        detector.setHandler((time, salience) -> raw.add(time));
        float[] padded = new float[signal.length + FFT_SIZE];
        System.arraycopy(signal, 0, padded, FFT_SIZE, signal.length);
        // The refinement looks at the first difference, which weights each frequency by about its
        // own value: a new note's attack stands out from the mellower decay of the notes before it.
        float[] slope = new float[padded.length];
        for (int i = 1; i < padded.length; i++) {
            slope[i] = padded[i] - padded[i - 1];
        }
        Quiet.call(() -> {
            Frames.run(padded, sampleRate, FFT_SIZE, HOP, detector, null);
            return null;
        });
        double pad = (double) FFT_SIZE / sampleRate;
        // The peak picker needs history, so it can miss a sound that starts the clip: the start
        // is always a candidate, kept only if the refinement finds the rise there.
        raw.add(0, pad);
        List<Double> refined = new ArrayList<>();
        for (double t : raw) {
            double r = refine(slope, sampleRate, t) - pad;
            if (!Double.isNaN(r) && r >= 0 && (refined.isEmpty() || r - refined.get(refined.size() - 1) >= minimumInterval)) {
                refined.add(r);
            }
        }
        return refined;
    }

    /** The refined time near {@code approx}, or NaN when the energy there does not rise enough. */
    private double refine(float[] x, int sr, double approx) {
        int centre = (int) Math.round(approx * sr);
        int from = Math.max(0, centre - (int) Math.round(SEARCH_BACK_SECONDS * sr));
        int to = Math.min(x.length, centre + (int) Math.round(SEARCH_AHEAD_SECONDS * sr));
        int window = Math.max(1, (int) Math.round(ENVELOPE_SECONDS * sr));
        if (to - from < 2 * window) {
            return Double.NaN;
        }
        // Envelope: the largest |x| over the last `window` samples (it rises the moment the note does).
        float[] env = new float[to - from];
        java.util.ArrayDeque<Integer> maxima = new java.util.ArrayDeque<>();
        for (int i = Math.max(0, from - window); i < to; i++) {
            while (!maxima.isEmpty() && Math.abs(x[maxima.peekLast()]) <= Math.abs(x[i])) {
                maxima.pollLast();
            }
            maxima.addLast(i);
            if (maxima.peekFirst() <= i - window) {
                maxima.pollFirst();
            }
            if (i >= from) {
                env[i - from] = Math.abs(x[maxima.peekFirst()]);
            }
        }
        int peak = 0;
        for (int k = 1; k < env.length; k++) {
            if (env[k] > env[peak]) {
                peak = k;
            }
        }
        int quiet = 0;
        for (int k = 1; k <= peak; k++) {
            if (env[k] < env[quiet]) {
                quiet = k;
            }
        }
        if (20 * Math.log10(env[peak] / Math.max(env[quiet], 1e-9)) < minRiseDb) {
            return Double.NaN;
        }
        double level = env[quiet] + 0.2 * (env[peak] - env[quiet]);
        for (int k = quiet; k <= peak; k++) {
            if (env[k] >= level) {
                return (double) (from + k) / sr;
            }
        }
        return Double.NaN;
    }
}
