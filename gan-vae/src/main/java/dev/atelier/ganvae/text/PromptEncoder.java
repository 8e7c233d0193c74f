package dev.atelier.ganvae.text;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.clip.Clip;
import java.nio.file.Path;
import java.util.List;

/**
 * What turns a prompt into a text-to-image generator's condition row: one of the vision module's
 * text encoders. A generator names its encoder in {@code generator.json}
 * ({@link dev.atelier.ganvae.sample.ModelDescription#textEncoder()}) and is only ever sampled with
 * that one:
 *
 * <ul>
 *   <li>{@value #MINILM}: the pretrained all-MiniLM-L6-v2 sentence encoder (384-d, reads any
 *       English, but its mean pooling cannot tell "left of" from "right of");</li>
 *   <li>{@value #CLIP_TEXT}: the text tower of a CLIP model trained on Shapes
 *       ({@code models/shapes-clip-scratch}), whose files travel with the generator in
 *       {@value #CLIP_FOLDER}/: it knows only the caption grammar's words, and it places a
 *       sentence next to the images it describes, relations included.</li>
 * </ul>
 */
public interface PromptEncoder extends AutoCloseable {

    String MINILM = "all-minilm-l6-v2";
    String CLIP_TEXT = "clip-text";
    /** Folder of a generator (or training run) holding the CLIP model of a {@value #CLIP_TEXT} encoder. */
    String CLIP_FOLDER = "text-encoder";

    /** The name written in {@code generator.json}. */
    String name();

    int dimension();

    /** One unit-length row per prompt. */
    List<float[]> embed(List<String> prompts);

    default float[] embed(String prompt) {
        return embed(List.of(prompt)).get(0);
    }

    @Override
    void close();

    /** The pretrained all-MiniLM-L6-v2 (from the class path). */
    static PromptEncoder miniLm() {
        return new MiniLmPromptEncoder();
    }

    /** The text tower of the CLIP model in {@code clipFolder}. */
    static PromptEncoder clipText(Path clipFolder) {
        return new ClipTextPromptEncoder(clipFolder);
    }

    /** The encoder {@code name}, a CLIP one read from {@code folder}/{@value #CLIP_FOLDER}. */
    static PromptEncoder open(String name, Path folder) {
        if (MINILM.equals(name)) {
            return miniLm();
        }
        if (CLIP_TEXT.equals(name)) {
            return clipText(folder.resolve(CLIP_FOLDER));
        }
        throw AtelierException.unavailable("unknown text encoder " + AtelierException.quote(String.valueOf(name))
                + " (known: " + MINILM + ", " + CLIP_TEXT + ")");
    }

    /** The files encoder {@code name} adds to a model folder, relative to it. */
    static List<String> files(String name) {
        return CLIP_TEXT.equals(name) ? Clip.FILES.stream().map(f -> CLIP_FOLDER + "/" + f).toList() : List.of();
    }
}
