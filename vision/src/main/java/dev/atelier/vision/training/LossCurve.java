package dev.atelier.vision.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Records the training loss per step and draws it (raw and smoothed) as a PNG with XChart. */
public final class LossCurve {

    private final String title;
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();

    public LossCurve(String title) {
        this.title = title;
    }

    public synchronized void add(long step, double loss) {
        steps.add((double) step);
        losses.add(loss);
    }

    public synchronized int size() {
        return losses.size();
    }

    /** Mean of the last {@code n} losses. */
    public synchronized double recentMean(int n) {
        int from = Math.max(0, losses.size() - n);
        return losses.subList(from, losses.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public synchronized void writePng(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(true);
        if (!losses.isEmpty()) {
            chart.addSeries("loss", steps, losses).setMarker(SeriesMarkers.NONE);
            chart.addSeries("moving mean (50)", steps, smoothed(50)).setMarker(SeriesMarkers.NONE);
        }
        String name = file.getFileName().toString();
        Path base = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Writes "step,loss" lines. */
    public synchronized void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("step,loss");
        for (int i = 0; i < losses.size(); i++) {
            lines.add(steps.get(i).longValue() + "," + losses.get(i));
        }
        Files.write(file, lines);
    }

    private List<Double> smoothed(int window) {
        List<Double> out = new ArrayList<>(losses.size());
        double sum = 0;
        for (int i = 0; i < losses.size(); i++) {
            sum += losses.get(i);
            if (i >= window) {
                sum -= losses.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
        }
        return out;
    }
}
