package dev.atelier.ganvae.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.ganvae.sample.ModelDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code run.json} of a training run: the generator description an export will carry, what the
 * data was, and the command line, so {@code atelier image export} can publish the run as a model.
 */
public record RunInfo(ModelDescription model, String data, String command, int steps) {
    public static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path out) {
        try {
            Files.createDirectories(out);
            JSON.writeValue(out.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(FILE), e);
        }
    }

    public static RunInfo read(Path out) {
        try {
            return JSON.readValue(out.resolve(FILE).toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out.resolve(FILE), e);
        }
    }
}
