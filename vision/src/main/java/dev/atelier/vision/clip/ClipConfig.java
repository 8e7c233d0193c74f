package dev.atelier.vision.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a CLIP-style dual encoder for {@value #IMAGE_SIZE}-pixel images.
 *
 * @param embedDim        the shared embedding space
 * @param imageChannels   output channels of the image tower's conv blocks (each halves the resolution)
 * @param colorChannels   features of the image tower's colour stream (per-pixel, no spatial context)
 * @param imageHidden     width of the image tower's hidden fully connected layer
 * @param textTower       which text tower
 * @param minilmDim       MiniLM's sentence-embedding width (384), the projection's input
 * @param projectionHidden width of the MiniLM projection's hidden layer
 * @param textWidth       the scratch transformer's width
 * @param textLayers      its layers
 * @param textHeads       its attention heads
 * @param maxTokens       the longest token sequence it reads
 */
public record ClipConfig(int embedDim, List<Integer> imageChannels, int colorChannels, int imageHidden, TextTowerKind textTower,
        int minilmDim, int projectionHidden, int textWidth, int textLayers, int textHeads, int maxTokens) {

    public static final int IMAGE_SIZE = 64;
    public static final String FILE_NAME = "config.json";
    /** CLIP's initial temperature: logit scale ln(1 / 0.07). */
    public static final double INITIAL_LOGIT_SCALE = Math.log(1 / 0.07);
    /** CLIP caps the multiplier exp(logit scale) at 100. */
    public static final double MAX_LOGIT_MULTIPLIER = 100;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ClipConfig {
        Objects.requireNonNull(textTower, "textTower");
        imageChannels = List.copyOf(imageChannels);
        if (embedDim < 1 || colorChannels < 1 || imageHidden < 1 || minilmDim < 1 || projectionHidden < 1 || textWidth < 1
                || textLayers < 0 || textHeads < 1 || maxTokens < 2 || imageChannels.isEmpty()) {
            throw AtelierException.invalidArgument("config", "CLIP sizes must be positive: " + this);
        }
        if (IMAGE_SIZE >> imageChannels.size() < 1) {
            throw AtelierException.invalidArgument("config", "too many conv blocks for " + IMAGE_SIZE + " pixels");
        }
        if (textWidth % textHeads != 0) {
            throw AtelierException.invalidArgument("config", "textWidth must be a multiple of textHeads");
        }
    }

    /** The defaults: a 4-block (8-16-32-64) shape stream, a 16-feature colour stream and a 64-wide 2-layer text transformer, 64-d space. */
    public static ClipConfig defaults(TextTowerKind textTower) {
        return new ClipConfig(64, List.of(8, 16, 32, 64), 16, 256, textTower, 384, 256, 64, 2, 4, 24);
    }

    /** Side of the last conv block's feature map. */
    public int featureSide() {
        return IMAGE_SIZE >> imageChannels.size();
    }

    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
    }

    public static ClipConfig read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), ClipConfig.class);
        } catch (IOException e) {
            throw AtelierException.unavailable("cannot read CLIP config " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
