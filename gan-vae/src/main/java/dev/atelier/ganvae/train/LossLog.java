package dev.atelier.ganvae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss values per logged step, kept in the checkpoint so a resumed run's curve continues the
 * interrupted one's. Written as {@code loss.csv} and drawn by {@link LossCurve}.
 */
public final class LossLog {
    private final List<Long> steps = new ArrayList<>();
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    public void add(long step, Map<String, Double> values) {
        steps.add(step);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    public List<Long> steps() {
        return steps;
    }

    public Map<String, List<Double>> series() {
        return series;
    }

    /** Mean of the last {@code n} values of {@code name} (NaN when there are none). */
    public double recentMean(String name, int n) {
        List<Double> values = series.get(name);
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, values.size() - n);
        return values.subList(from, values.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("step");
        series.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int i = 0; i < steps.size(); i++) {
            sb.append(steps.get(i));
            for (List<Double> values : series.values()) {
                sb.append(',').append(values.get(i));
            }
            sb.append('\n');
        }
        try {
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads what {@link #writeCsv} wrote. */
    public static LossLog readCsv(Path file) {
        LossLog log = new LossLog();
        try {
            List<String> lines = Files.readAllLines(file);
            String[] names = lines.get(0).split(",");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                Map<String, Double> values = new LinkedHashMap<>();
                for (int k = 1; k < names.length; k++) {
                    values.put(names[k], Double.parseDouble(cells[k]));
                }
                log.add(Long.parseLong(cells[0]), values);
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read loss log " + file + ": " + e.getMessage(), e));
        }
        return log;
    }
}
