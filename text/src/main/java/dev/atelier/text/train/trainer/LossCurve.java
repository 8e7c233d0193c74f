package dev.atelier.text.train.trainer;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.train.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws training and validation loss against the step as a PNG (XChart). */
public final class LossCurve {

    private LossCurve() {
    }

    public static void write(Path png, Checkpoint.LossHistory history, String title) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title)
                .xAxisTitle("step").yAxisTitle("loss (nats/token)").build();
        chart.getStyler().setMarkerSize(4);
        if (history.trainSteps().length > 0) {
            XYSeries s = chart.addSeries("train (running mean, dropout on)", toDouble(history.trainSteps()), toDouble(history.trainLoss()));
            s.setMarker(SeriesMarkers.NONE);
        }
        if (history.valSteps().length > 0) {
            XYSeries s = chart.addSeries("validation (held-out 10%)", toDouble(history.valSteps()), toDouble(history.valLoss()));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(png, bytes);
        } catch (IOException e) {
            throw AtelierException.internal("cannot draw the loss curve: " + e.getMessage(), e);
        }
    }

    private static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
