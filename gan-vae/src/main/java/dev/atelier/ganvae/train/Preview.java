package dev.atelier.ganvae.train;

import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.ImageDecoder;
import dev.atelier.ganvae.model.Noise;
import dev.atelier.ganvae.sample.ImageGrid;
import dev.atelier.vision.image.ImageIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The progress grid: the same noise and conditions at every sampling step (one row per preview
 * condition, {@value #COLUMNS} noise vectors across), so a run's grids show the generator learning.
 * Its diversity is the mean pairwise distance within each row, averaged over rows.
 */
final class Preview {
    static final int COLUMNS = 8;
    private static final long NOISE_SEED = 0x9E3779B9L;

    private final int rows;
    private final float[] noise;
    private final float[] conditions;
    private final List<String> labels;

    Preview(TrainingData data, int latentDim) {
        this.rows = data.condition().present() ? (data.condition().kind() == dev.atelier.ganvae.model.Condition.Kind.CLASS
                ? data.condition().dimension() : 8) : 8;
        int dim = data.condition().dimension();
        float[] rowConditions = data.previewConditions(rows);
        this.conditions = new float[rows * COLUMNS * dim];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < COLUMNS; k++) {
                System.arraycopy(rowConditions, r * dim, conditions, (r * COLUMNS + k) * dim, dim);
            }
        }
        // Column k has the same noise in every row: what changes down a column is the condition alone.
        float[] columns = Noise.batch(NOISE_SEED, 0, COLUMNS, latentDim, 0);
        this.noise = new float[rows * COLUMNS * latentDim];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(columns, 0, noise, r * COLUMNS * latentDim, COLUMNS * latentDim);
        }
        this.labels = data.previewLabels(rows);
    }

    /** Writes samples/step-N.png (and the row labels once); returns the diversity. */
    double write(ImageDecoder decoder, Path out, long step) {
        int count = rows * COLUMNS;
        float[] images = decoder.decode(noise, decoder.condition().present() ? conditions : null, count);
        try {
            Path dir = Files.createDirectories(out.resolve("samples"));
            ImageIo.writePng(ImageGrid.grid(ImageGrid.images(images, decoder.image(), count), COLUMNS, 2),
                    dir.resolve(String.format("step-%07d.png", step)));
            Path rowsFile = dir.resolve("rows.txt");
            if (!Files.exists(rowsFile)) {
                Files.write(rowsFile, labels);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write samples under " + out, e);
        }
        int pixels = decoder.image().pixels();
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += CollapseMonitor.meanPairwiseDistance(images, r * COLUMNS * pixels, COLUMNS, pixels);
        }
        return sum / rows;
    }
}
