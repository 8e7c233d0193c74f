package dev.atelier.vision.retrieval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture of text-to-image retrieval results: one row per query, its text on the left, then the
 * top images, each framed green when it is a right answer and red when not.
 */
public final class RetrievalSheet {

    public record Row(String query, List<BufferedImage> images, List<Boolean> correct) {
    }

    private static final int CELL = 72;
    private static final int TEXT_WIDTH = 420;

    private RetrievalSheet() {
    }

    public static BufferedImage draw(List<Row> rows) {
        int columns = rows.stream().mapToInt(r -> r.images().size()).max().orElse(1);
        BufferedImage sheet = new BufferedImage(TEXT_WIDTH + columns * CELL + 8, rows.size() * CELL + 8,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                int top = 4 + r * CELL;
                g.setColor(Color.BLACK);
                g.drawString(row.query(), 6, top + CELL / 2 + 4);
                for (int c = 0; c < row.images().size(); c++) {
                    int left = TEXT_WIDTH + c * CELL;
                    BufferedImage image = row.images().get(c);
                    g.drawImage(image, left + 4, top + 4, 64, 64, null);
                    g.setColor(row.correct().get(c) ? new Color(0, 170, 0) : new Color(220, 0, 0));
                    g.setStroke(new BasicStroke(3));
                    g.drawRect(left + 2, top + 2, 67, 67);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
