package dev.atelier.text.train.eval;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import dev.atelier.text.train.export.GptGguf;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A gpt2 GGUF loaded into the DJL {@link Gpt}, with the tokenizer the GGUF carries (read by the
 * project's own {@link Tokenizers#fromGguf}, as the engine reads it). Works for any GGUF of this
 * architecture, not only ones this package wrote.
 */
public record GgufGpt(Gpt model, Tokenizer tokenizer, Path file) {

    /** Loads {@code path}: a .gguf file, or a folder holding exactly one. */
    public static GgufGpt load(Path path, NDManager manager) {
        Path file = resolve(path);
        GgufFile gguf = GgufFile.open(file);
        GptConfig config = GptGguf.config(gguf);
        Tokenizer tokenizer = Tokenizers.fromGguf(gguf);
        if (tokenizer.vocabularySize() != config.vocabularySize()) {
            throw AtelierException.invalidArgument("model", file + ": the tokenizer has " + tokenizer.vocabularySize()
                    + " tokens, the embedding " + config.vocabularySize());
        }
        Gpt model = new Gpt(config, manager, 0);
        model.load(GptGguf.tensors(gguf, model));
        return new GgufGpt(model, tokenizer, file);
    }

    /**
     * Logits [T × vocabulary] (row-major) for one sequence of token ids, dropout off: the DJL reference
     * that other engines running the same GGUF are compared with.
     */
    public float[] logits(int[] tokens, NDManager manager) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens[i];
        }
        try (NDManager sub = manager.newSubManager()) {
            return model.forward(sub.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length)), false).toFloatArray();
        }
    }

    static Path resolve(Path path) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                List<Path> ggufs = files.filter(p -> p.getFileName().toString().endsWith(".gguf")
                        && !p.getFileName().toString().equals("checkpoint.gguf")).sorted().toList();
                if (ggufs.size() == 1) {
                    return ggufs.get(0);
                }
                throw AtelierException.invalidArgument("model", "folder " + AtelierException.quote(path.toString())
                        + " holds " + ggufs.size() + " model .gguf files; name one");
            } catch (IOException e) {
                throw AtelierException.invalidArgument("model", "cannot list " + AtelierException.quote(path.toString()));
            }
        }
        throw new AtelierException(ErrorCode.NOT_FOUND, "model " + AtelierException.quote(path.toString()) + " does not exist", "model");
    }
}
