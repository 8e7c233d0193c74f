package dev.atelier.vision.caption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prefix captioner's shape (ClipCap, Mokady et al. 2021): a CLIP image embedding of
 * {@code clipDim} becomes {@code prefixLength} vectors of {@code width} that a small causal
 * transformer decoder reads before the caption's words.
 */
public record CaptionerConfig(int clipDim, int prefixLength, int width, int layers, int heads, int maxTokens) {

    public static final String FILE_NAME = "captioner.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CaptionerConfig {
        if (clipDim < 1 || prefixLength < 1 || width < 1 || layers < 1 || heads < 1 || maxTokens < 2
                || width % heads != 0) {
            throw AtelierException.invalidArgument("config", "invalid captioner sizes: " + this);
        }
    }

    /** Caption tokens ({@code <bos>} and words) plus prefix: the longest sequence the decoder reads. */
    public int sequenceLength() {
        return prefixLength + maxTokens;
    }

    public static CaptionerConfig defaults(int clipDim) {
        return new CaptionerConfig(clipDim, 4, 96, 3, 4, 20);
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
