package dev.atelier.ganvae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The loss curves of a run as a PNG (XChart), each series smoothed by a running mean over a window. */
public final class LossCurve {
    private LossCurve() {
    }

    public static void write(LossLog log, String title, Path png) {
        if (log.steps().isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setMarkerSize(0);
        List<Double> x = log.steps().stream().map(Long::doubleValue).toList();
        int window = Math.max(1, x.size() / 100);
        for (Map.Entry<String, List<Double>> e : log.series().entrySet()) {
            chart.addSeries(e.getKey(), x, smooth(e.getValue(), window)).setMarker(SeriesMarkers.NONE);
        }
        try {
            String name = png.toString();
            BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                    BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    static List<Double> smooth(List<Double> values, int window) {
        List<Double> out = new ArrayList<>(values.size());
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
        }
        return out;
    }
}
