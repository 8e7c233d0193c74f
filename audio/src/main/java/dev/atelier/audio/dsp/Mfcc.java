package dev.atelier.audio.dsp;

import be.tarsos.dsp.mfcc.MFCC;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;

/**
 * Mel-frequency cepstral coefficients with TarsosDSP's {@link MFCC}: Hamming-windowed FFT
 * magnitudes, triangular mel filters, natural log (floored at −50), DCT-II. The fork computes its
 * filters' centre bins one slot off — the lower edge is overwritten by the first centre and the
 * last centre is left at bin 0 — so the centres are recomputed here, as the mel scale defines
 * them, before any frame is analysed.
 */
public final class Mfcc {
    private final int frameSize;
    private final int hop;
    private final int coefficients;
    private final int bands;
    private final float lowHz;
    private final float highHz;

    public Mfcc(int frameSize, int hop, int coefficients, int bands, double lowHz, double highHz) {
        if (frameSize < 64 || frameSize > 1 << 15 || Integer.bitCount(frameSize) != 1) {
            throw AtelierException.invalidArgument("frame_size", "frame size must be a power of two, 64 to 32768");
        }
        if (hop < 1 || hop > frameSize) {
            throw AtelierException.invalidArgument("hop", "hop must be 1 to the frame size");
        }
        if (bands < 2 || bands > 128 || coefficients < 1 || coefficients > bands) {
            throw AtelierException.invalidArgument("bands", "need 2 to 128 bands and 1 to bands coefficients");
        }
        AudioLimits.checkRange(lowHz, 25, highHz - 1, "low_hz");
        this.frameSize = frameSize;
        this.hop = hop;
        this.coefficients = coefficients;
        this.bands = bands;
        this.lowHz = (float) lowHz;
        this.highHz = (float) highHz;
    }

    /** 1024-sample frames, hop 512, 13 coefficients from 40 bands between 133 Hz and Nyquist. */
    public static Mfcc defaults(int sampleRate) {
        return new Mfcc(1024, 512, 13, 40, 133.33, sampleRate / 2.0);
    }

    /** One row of coefficients per frame. */
    public List<float[]> compute(Clip clip) {
        return compute(clip.mono().channel(0), clip.sampleRate());
    }

    public List<float[]> compute(float[] signal, int sampleRate) {
        AudioLimits.checkSampleRate(sampleRate);
        if (highHz > sampleRate / 2.0) {
            throw AtelierException.invalidArgument("high_hz", "the top band edge is above Nyquist");
        }
        MFCC mfcc = new MFCC(frameSize, sampleRate, coefficients, bands, lowHz, highHz);
        int[] fixed = centreBins(frameSize, sampleRate, bands, lowHz, highHz);
        System.arraycopy(fixed, 0, mfcc.getCenterFrequencies(), 0, fixed.length); // the array it filters with
        List<float[]> rows = new ArrayList<>();
        Frames.run(signal, sampleRate, frameSize, hop, mfcc, (start, buffer) -> rows.add(mfcc.getMFCC()));
        return rows;
    }

    /**
     * Bin indices of the filter bank: the lower edge, {@code bands} centres equally spaced in mel
     * (2595·log10(1 + f/700)), and the upper edge at Nyquist — {@code bands + 2} ascending values.
     */
    public static int[] centreBins(int frameSize, int sampleRate, int bands, double lowHz, double highHz) {
        int[] c = new int[bands + 2];
        double low = Math.max(lowHz, 25);
        double melLow = mel(low);
        double melHigh = mel(Math.min(highHz, sampleRate / 2.0));
        double step = (melHigh - melLow) / (bands + 1);
        c[0] = (int) Math.round(low / sampleRate * frameSize);
        for (int i = 1; i <= bands; i++) {
            c[i] = (int) Math.round(inverseMel(melLow + step * i) / sampleRate * frameSize);
        }
        c[bands + 1] = frameSize / 2;
        return c;
    }

    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double inverseMel(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
