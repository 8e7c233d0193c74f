package dev.atelier.audio.analysis;

import dev.atelier.core.error.AtelierException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Spectrogram} as an image of exactly {@code width × height} pixels: the plot
 * (time left to right, frequency bottom to top, linear) coloured by dB between {@code minDb} and
 * {@code maxDb}, a frequency axis on the left, a time axis below and a dB colour bar on the right.
 */
public final class SpectrogramImage {
    private static final int SCALE = 2;
    private static final int LEFT = 44;
    private static final int BOTTOM = 22;
    private static final int TOP = 8;
    private static final int RIGHT = 56;
    private static final int BACKGROUND = 0x101010;
    private static final int INK = 0xE0E0E0;

    /** Image size, dB range and top frequency (0: Nyquist). */
    public record Options(int width, int height, double minDb, double maxDb, double maxHz) {
        public Options {
            if (width < 200 || width > 8192 || height < 100 || height > 8192) {
                throw AtelierException.invalidArgument("size", "image must be 200..8192 × 100..8192 pixels");
            }
            if (!(maxDb > minDb) || !Double.isFinite(minDb) || !Double.isFinite(maxDb)) {
                throw AtelierException.invalidArgument("db_range", "max dB must be above min dB");
            }
            if (!(maxHz >= 0) || !Double.isFinite(maxHz)) {
                throw AtelierException.invalidArgument("max_hz", "max frequency must be 0 (Nyquist) or positive");
            }
        }

        public static Options standard() {
            return new Options(1000, 500, -100, 0, 0);
        }
    }

    private SpectrogramImage() {
    }

    public static BufferedImage render(Spectrogram s, Options o) {
        BufferedImage img = new BufferedImage(o.width(), o.height(), BufferedImage.TYPE_INT_RGB);
        PixelFont.fill(img, 0, 0, o.width(), o.height(), BACKGROUND);
        int plotW = o.width() - LEFT - RIGHT;
        int plotH = o.height() - TOP - BOTTOM;
        double nyquist = s.sampleRate() / 2.0;
        double maxHz = o.maxHz() == 0 ? nyquist : Math.min(o.maxHz(), nyquist);
        double range = o.maxDb() - o.minDb();

        for (int px = 0; px < plotW; px++) {
            // Each column shows the loudest value among the frames it covers, so short events survive.
            int f0 = (int) ((long) px * s.frames() / plotW);
            int f1 = Math.max(f0 + 1, (int) ((long) (px + 1) * s.frames() / plotW));
            for (int py = 0; py < plotH; py++) {
                double hzTop = maxHz * (plotH - py) / plotH;
                double hzBottom = maxHz * (plotH - py - 1) / plotH;
                int b0 = (int) Math.floor(hzBottom / s.binHz());
                int b1 = Math.max(b0 + 1, (int) Math.ceil(hzTop / s.binHz()));
                float v = -Float.MAX_VALUE;
                for (int f = f0; f < Math.min(f1, s.frames()); f++) {
                    for (int b = b0; b < Math.min(b1, s.bins()); b++) {
                        v = Math.max(v, s.db(f, b));
                    }
                }
                img.setRGB(LEFT + px, TOP + py, ColorMap.rgb((v - o.minDb()) / range));
            }
        }

        // Frequency axis.
        double hzStep = niceStep(maxHz, plotH / 40);
        for (double hz = 0; hz <= maxHz + 1e-9; hz += hzStep) {
            int y = TOP + plotH - 1 - (int) Math.round(hz / maxHz * (plotH - 1));
            PixelFont.fill(img, LEFT - 4, y, 4, 1, INK);
            String label = hz >= 1000 ? trim(hz / 1000) + "k" : trim(hz);
            PixelFont.draw(img, label, LEFT - 6 - PixelFont.textWidth(label, SCALE), y - 5, SCALE, INK);
        }
        PixelFont.draw(img, "Hz", 2, TOP, SCALE, INK);
        // Time axis.
        double seconds = s.durationSeconds();
        double tStep = niceStep(seconds, plotW / 80);
        for (double t = 0; t <= seconds + 1e-9; t += tStep) {
            int x = LEFT + (int) Math.round(t / seconds * (plotW - 1));
            PixelFont.fill(img, x, TOP + plotH, 1, 4, INK);
            String label = trim(t);
            PixelFont.draw(img, label, x - PixelFont.textWidth(label, SCALE) / 2, TOP + plotH + 6, SCALE, INK);
        }
        PixelFont.draw(img, "s", o.width() - RIGHT + 4, TOP + plotH + 6, SCALE, INK);
        // Colour bar.
        int barX = o.width() - RIGHT + 8;
        for (int py = 0; py < plotH; py++) {
            PixelFont.fill(img, barX, TOP + py, 10, 1, ColorMap.rgb(1 - py / (double) (plotH - 1)));
        }
        PixelFont.draw(img, trim(o.maxDb()), barX + 14, TOP, SCALE, INK);
        PixelFont.draw(img, trim(o.minDb()), barX + 14, TOP + plotH - 10, SCALE, INK);
        PixelFont.draw(img, "dB", barX + 14, TOP + plotH / 2 - 5, SCALE, INK);
        return img;
    }

    public static byte[] png(Spectrogram s, Options o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(s, o), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void writePng(Spectrogram s, Options o, Path path) {
        try {
            if (!ImageIO.write(render(s, o), "png", path.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 1-2-5 step giving at most about {@code maxTicks} ticks over {@code span}. */
    static double niceStep(double span, int maxTicks) {
        double raw = span / Math.max(1, maxTicks);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String trim(double v) {
        double r = Math.round(v * 100) / 100.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
