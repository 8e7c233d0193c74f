package dev.atelier.audio.analysis;

import java.awt.image.BufferedImage;

/**
 * A 3×5 bitmap font for axis labels. Drawing text with Java2D needs system fonts (fontconfig),
 * which a bare server may lack; these few glyphs make the PNG renderer work anywhere.
 */
final class PixelFont {
    static final int WIDTH = 3;
    static final int HEIGHT = 5;
    private static final String CHARS = "0123456789.-kHzsdB ";
    private static final String[] GLYPHS = {
        "111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
        "111100111001111", "111100111101111", "111001001010010", "111101111101111", "111101111001111",
        "000000000000010", "000000111000000", "100101110101101", "101101111101101", "000111001010111",
        "000011110001110", "001001111101111", "110101110101110", "000000000000000",
    };

    private PixelFont() {
    }

    static int textWidth(String s, int scale) {
        return s.isEmpty() ? 0 : (s.length() * (WIDTH + 1) - 1) * scale;
    }

    /** Draws {@code s} with its top-left corner at (x, y); unknown characters are skipped. */
    static void draw(BufferedImage img, String s, int x, int y, int scale, int rgb) {
        for (int c = 0; c < s.length(); c++) {
            int g = CHARS.indexOf(s.charAt(c));
            if (g < 0) {
                continue;
            }
            String bits = GLYPHS[g];
            int ox = x + c * (WIDTH + 1) * scale;
            for (int row = 0; row < HEIGHT; row++) {
                for (int col = 0; col < WIDTH; col++) {
                    if (bits.charAt(row * WIDTH + col) == '1') {
                        fill(img, ox + col * scale, y + row * scale, scale, scale, rgb);
                    }
                }
            }
        }
    }

    static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int j = Math.max(0, y); j < Math.min(img.getHeight(), y + h); j++) {
            for (int i = Math.max(0, x); i < Math.min(img.getWidth(), x + w); i++) {
                img.setRGB(i, j, rgb);
            }
        }
    }
}
