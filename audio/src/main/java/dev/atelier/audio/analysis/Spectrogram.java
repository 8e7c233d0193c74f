package dev.atelier.audio.analysis;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;

/**
 * A short-time Fourier transform: Hann-windowed frames of {@code fftSize} samples every
 * {@code hop} samples, magnitudes in dB relative to full scale (a full-scale sine reads 0 dB in
 * its bin). Frame f covers samples [f·hop, f·hop + fftSize), centred at (f·hop + fftSize/2)/fs.
 */
public final class Spectrogram {
    /** Nothing quieter is stored: keeps −∞ out of the image and the numbers. */
    public static final double FLOOR_DB = -160;
    private static final int MAX_CELLS = 50_000_000;

    private final int sampleRate;
    private final int fftSize;
    private final int hop;
    private final float[][] db; // [frame][bin]

    private Spectrogram(int sampleRate, int fftSize, int hop, float[][] db) {
        this.sampleRate = sampleRate;
        this.fftSize = fftSize;
        this.hop = hop;
        this.db = db;
    }

    /** Of a clip's mono mix, with about 46 ms windows and 75 % overlap. */
    public static Spectrogram of(Clip clip) {
        int fft = Integer.highestOneBit(Math.max(256, (int) (clip.sampleRate() * 0.046)));
        return compute(clip.mono().channel(0), clip.sampleRate(), fft, fft / 4);
    }

    public static Spectrogram compute(float[] signal, int sampleRate, int fftSize, int hop) {
        if (Integer.bitCount(fftSize) != 1 || fftSize < 16 || fftSize > 65_536) {
            throw AtelierException.invalidArgument("fft_size", "fft size must be a power of two from 16 to 65536");
        }
        if (hop < 1 || hop > fftSize) {
            throw AtelierException.invalidArgument("hop", "hop must be between 1 and the fft size");
        }
        int frames = signal.length < fftSize ? 1 : 1 + (signal.length - fftSize) / hop;
        int bins = fftSize / 2 + 1;
        if ((long) frames * bins > MAX_CELLS) {
            throw AtelierException.invalidArgument("hop", "spectrogram too large; use a larger hop");
        }
        double[] window = Window.hann(fftSize);
        double sum = 0;
        for (double w : window) {
            sum += w;
        }
        double fullScale = sum / 2; // a unit sine's peak magnitude under this window
        float[][] db = new float[frames][bins];
        for (int f = 0; f < frames; f++) {
            double[] mag = Fft.magnitudes(Window.apply(signal, f * hop, window));
            for (int k = 0; k < bins; k++) {
                double v = 20 * Math.log10(mag[k] / fullScale);
                db[f][k] = (float) Math.max(FLOOR_DB, v);
            }
        }
        return new Spectrogram(sampleRate, fftSize, hop, db);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int fftSize() {
        return fftSize;
    }

    public int hop() {
        return hop;
    }

    public int frames() {
        return db.length;
    }

    public int bins() {
        return db[0].length;
    }

    public double binHz() {
        return (double) sampleRate / fftSize;
    }

    /** The time at the centre of frame {@code f}, seconds. */
    public double frameSeconds(int f) {
        return (f * (double) hop + fftSize / 2.0) / sampleRate;
    }

    public double durationSeconds() {
        return ((frames() - 1) * (double) hop + fftSize) / sampleRate;
    }

    public float db(int frame, int bin) {
        return db[frame][bin];
    }

    /** The frequency of frame {@code f}'s loudest bin, refined by a parabola through its dB neighbours. */
    public double peakFrequency(int f) {
        float[] row = db[f];
        int k = 1;
        for (int i = 1; i < row.length - 1; i++) {
            if (row[i] > row[k]) {
                k = i;
            }
        }
        double a = row[k - 1];
        double b = row[k];
        double c = row[k + 1];
        double den = a - 2 * b + c;
        double delta = den == 0 ? 0 : 0.5 * (a - c) / den;
        return (k + delta) * binHz();
    }
}
