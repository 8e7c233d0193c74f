package dev.atelier.audio.dsp;

import be.tarsos.dsp.onsets.ComplexOnsetDetector;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * Note onsets: TarsosDSP's complex-domain detector (Duxbury et al.: energy and phase deviation
 * between FFT frames, peak-picked) finds each onset to within a frame or two; each is then
 * placed on the sample grid by its energy envelope — the first moment within ±50 ms where the
 * 5 ms RMS has risen a fifth of the way from the quiet before it to the loud after it. The
 * detector's own time estimate subtracts a fixed guess of its latency, good to about 20 ms; the
 * refinement brings a clean attack to within a few milliseconds.
 */
public final class OnsetDetector {
    private static final int FFT_SIZE = 512;
    private static final int HOP = 256;
    private static final double SEARCH_SECONDS = 0.05;
    private static final double RMS_WINDOW_SECONDS = 0.005;
    private static final double STEP_SECONDS = 0.0005;

    private final double threshold;
    private final double minimumInterval;

    /** {@code threshold}: the peak picker's (0.3 is TarsosDSP's default); {@code minimumInterval}: seconds. */
    public OnsetDetector(double threshold, double minimumInterval) {
        this.threshold = AudioLimits.checkRange(threshold, 0.01, 10, "threshold");
        this.minimumInterval = AudioLimits.checkRange(minimumInterval, 0.005, 10, "minimum_interval");
    }

    public static OnsetDetector defaults() {
        return new OnsetDetector(0.3, 0.05);
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
        Quiet.call(() -> {
            Frames.run(signal, sampleRate, FFT_SIZE, HOP, detector, null);
            return null;
        });
        List<Double> refined = new ArrayList<>();
        for (double t : raw) {
            double r = refine(signal, sampleRate, t);
            if (refined.isEmpty() || r - refined.get(refined.size() - 1) >= minimumInterval) {
                refined.add(r);
            }
        }
        return refined;
    }

    private static double refine(float[] x, int sr, double approx) {
        int step = Math.max(1, (int) Math.round(STEP_SECONDS * sr));
        int window = Math.max(step, (int) Math.round(RMS_WINDOW_SECONDS * sr));
        int search = (int) Math.round(SEARCH_SECONDS * sr);
        int centre = (int) Math.round(approx * sr);
        int from = Math.max(0, centre - search);
        int to = Math.min(x.length - window, centre + search);
        if (to <= from) {
            return Math.max(0, approx);
        }
        int count = (to - from) / step + 1;
        double[] rms = new double[count];
        for (int k = 0; k < count; k++) {
            int a = from + k * step;
            double sum = 0;
            for (int i = a; i < a + window; i++) {
                sum += (double) x[i] * x[i];
            }
            rms[k] = Math.sqrt(sum / window);
        }
        int peak = 0;
        for (int k = 1; k < count; k++) {
            if (rms[k] > rms[peak]) {
                peak = k;
            }
        }
        int quiet = 0;
        for (int k = 1; k <= peak; k++) {
            if (rms[k] < rms[quiet]) {
                quiet = k;
            }
        }
        double level = rms[quiet] + 0.2 * (rms[peak] - rms[quiet]);
        for (int k = quiet; k <= peak; k++) {
            if (rms[k] >= level) {
                // The RMS window ending here first shows the rise: the onset lies near its end.
                return (double) (from + k * step + window) / sr;
            }
        }
        return Math.max(0, approx);
    }
}
