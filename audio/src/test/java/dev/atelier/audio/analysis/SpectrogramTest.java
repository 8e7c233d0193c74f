package dev.atelier.audio.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramTest {
    private static final int SR = 22_050;
    private static final double F0 = 200;
    private static final double F1 = 8_000;
    private static final double T = 2.0;

    /** A linear chirp: f(t) = F0 + (F1 − F0)·t/T, phase = 2π(F0·t + (F1 − F0)·t²/2T). */
    private static float[] sweep() {
        float[] x = new float[(int) (T * SR)];
        for (int n = 0; n < x.length; n++) {
            double t = n / (double) SR;
            x[n] = (float) (0.5 * Math.sin(2 * Math.PI * (F0 * t + (F1 - F0) * t * t / (2 * T))));
        }
        return x;
    }

    @Test
    void peakFollowsTheSweepFrequency() {
        Spectrogram s = Spectrogram.compute(sweep(), SR, 1024, 256);
        double worst = 0;
        for (int f = 0; f < s.frames(); f++) {
            double t = s.frameSeconds(f);
            double expected = F0 + (F1 - F0) * t / T;
            double error = Math.abs(s.peakFrequency(f) - expected);
            worst = Math.max(worst, error);
            assertTrue(error < 1.5 * s.binHz(), String.format("frame %d at %.3f s: %.1f Hz, expected %.1f",
                    f, t, s.peakFrequency(f), expected));
        }
        System.out.printf("sweep tracking: worst error %.3f Hz (bin %.1f Hz)%n", worst, s.binHz());
        assertTrue(s.frames() > 150, "frames " + s.frames());
    }

    @Test
    void fullScaleSineReadsZeroDb() {
        float[] x = new float[8192];
        int bin = 100;
        for (int n = 0; n < x.length; n++) {
            x[n] = (float) Math.sin(2 * Math.PI * bin * n / 2048.0); // exactly on bin 100 of a 2048 FFT
        }
        Spectrogram s = Spectrogram.compute(x, 48_000, 2048, 2048);
        assertEquals(0.0, s.db(1, bin), 1e-3);
        assertEquals(20 * Math.log10(0.5), s.db(1, bin + 1), 1e-3); // Hann's neighbouring bin is half
        assertEquals(Spectrogram.FLOOR_DB, s.db(1, bin + 5), 40, "far bins are empty");
    }

    @Test
    void pngIsReadableWithTheRequestedSize(@TempDir Path dir) throws Exception {
        Spectrogram s = Spectrogram.of(new Clip(SR, sweep()));
        SpectrogramImage.Options o = new SpectrogramImage.Options(640, 360, -90, 0, 0);
        byte[] png = SpectrogramImage.png(s, o);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img);
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
        Path file = dir.resolve("sweep.png");
        SpectrogramImage.writePng(s, o, file);
        BufferedImage fromFile = ImageIO.read(file.toFile());
        assertEquals(640, fromFile.getWidth());
        // The sweep is the brightest thing: at mid-time, the brightest plot pixel sits near 4.1 kHz.
        int plotTop = 8;
        int plotH = 360 - 8 - 22;
        int x = 44 + (640 - 44 - 56) / 2;
        int brightest = plotTop;
        for (int y = plotTop; y < plotTop + plotH; y++) {
            if (luma(img.getRGB(x, y)) > luma(img.getRGB(x, brightest))) {
                brightest = y;
            }
        }
        double hz = (SR / 2.0) * (plotTop + plotH - 1 - brightest) / (plotH - 1);
        assertEquals(F0 + (F1 - F0) * 0.5, hz, 200);
    }

    private static int luma(int rgb) {
        return ((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF);
    }
}
