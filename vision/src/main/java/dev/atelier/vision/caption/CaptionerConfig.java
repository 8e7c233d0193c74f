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
 * {@code clipDim} channels each; for {@link PrefixSource#GRID_STREAMS} {@code prefixLength / 2}
 * cells of {@code clipDim} channels, the last {@code colorChannels} of them the colour stream's.
 * Files written before the prefix source existed read as POOLED.
 */
public record CaptionerConfig(int clipDim, int prefixLength, int width, int layers, int heads, int maxTokens,
        PrefixSource prefixSource, int colorChannels) {

    public static final String FILE_NAME = "captioner.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CaptionerConfig {
        prefixSource = prefixSource == null ? PrefixSource.POOLED : prefixSource;
        if (clipDim < 1 || prefixLength < 1 || width < 1 || layers < 1 || heads < 1 || maxTokens < 2
                || width % heads != 0 || (prefixSource == PrefixSource.GRID_STREAMS
                        ? prefixLength % 2 != 0 || colorChannels < 1 || colorChannels >= clipDim : colorChannels != 0)) {
            throw AtelierException.invalidArgument("config", "invalid captioner sizes: " + this);
        }
    }

    /** Caption tokens ({@code <bos>} and words) plus prefix: the longest sequence the decoder reads. */
    public int sequenceLength() {
        return prefixLength + maxTokens;
    }

    /** Floats of image features per image the decoder takes. */
    public int imageFeatures() {
        return prefixSource.gridded() ? cells() * clipDim : clipDim;
    }

    /** Grid cells the features hold (0 for a pooled embedding). */
    public int cells() {
        return switch (prefixSource) {
            case POOLED -> 0;
            case GRID -> prefixLength;
            case GRID_STREAMS -> prefixLength / 2;
        };
    }

    /** A pooled-embedding captioner of the default size. */
    public static CaptionerConfig defaults(int clipDim) {
        return ofDefaultSize(clipDim, 4, PrefixSource.POOLED, 0);
    }

    /**
     * A grid captioner of the default size over {@code cells} cells of {@code channels}, the last
     * {@code colorChannels} of them the colour stream's.
     */
    public static CaptionerConfig grid(PrefixSource source, int cells, int channels, int colorChannels) {
        return switch (source) {
            case GRID -> ofDefaultSize(channels, cells, source, 0);
            case GRID_STREAMS -> ofDefaultSize(channels, 2 * cells, source, colorChannels);
            case POOLED -> throw AtelierException.invalidArgument("source", "not a grid: " + source);
        };
    }

    /** The default decoder: width 96, 3 layers, 4 heads, captions of up to 20 tokens. */
    private static CaptionerConfig ofDefaultSize(int clipDim, int prefixLength, PrefixSource source, int colorChannels) {
        return new CaptionerConfig(clipDim, prefixLength, 96, 3, 4, 20, source, colorChannels);
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
