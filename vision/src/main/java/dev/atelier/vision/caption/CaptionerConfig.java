package dev.atelier.vision.caption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prefix captioner's shape (ClipCap, Mokady et al. 2021): image features become
 * {@code prefixLength} vectors of {@code width} that a small causal transformer decoder reads before
 * the caption's words. For {@link PrefixSource#POOLED} the features are one CLIP image embedding of
 * {@code clipDim}; for {@link PrefixSource#GRID} they are {@code prefixLength} grid cells of
 * {@code clipDim} channels each. Files written before the prefix source existed read as POOLED.
 */
public record CaptionerConfig(int clipDim, int prefixLength, int width, int layers, int heads, int maxTokens,
        PrefixSource prefixSource) {

    public static final String FILE_NAME = "captioner.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CaptionerConfig {
        prefixSource = prefixSource == null ? PrefixSource.POOLED : prefixSource;
        if (clipDim < 1 || prefixLength < 1 || width < 1 || layers < 1 || heads < 1 || maxTokens < 2
                || width % heads != 0) {
            throw AtelierException.invalidArgument("config", "invalid captioner sizes: " + this);
        }
    }

    /** Caption tokens ({@code <bos>} and words) plus prefix: the longest sequence the decoder reads. */
    public int sequenceLength() {
        return prefixLength + maxTokens;
    }

    /** Floats of image features per image the decoder takes. */
    public int imageFeatures() {
        return prefixSource == PrefixSource.GRID ? prefixLength * clipDim : clipDim;
    }

    /** A pooled-embedding captioner of the default size. */
    public static CaptionerConfig defaults(int clipDim) {
        return new CaptionerConfig(clipDim, 4, 96, 3, 4, 20, PrefixSource.POOLED);
    }

    /** A grid captioner of the default size over {@code cells} cells of {@code channels}. */
    public static CaptionerConfig grid(int cells, int channels) {
        return new CaptionerConfig(channels, cells, 96, 3, 4, 20, PrefixSource.GRID);
    }

    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve(FILE_NAME).toFile(), this);
    }

    public static CaptionerConfig read(Path folder) {
        try {
            return JSON.readValue(folder.resolve(FILE_NAME).toFile(), CaptionerConfig.class);
        } catch (IOException e) {
            throw AtelierException.unavailable("cannot read " + FILE_NAME + ": " + e.getMessage());
        }
    }
}
