package dev.atelier.ganvae.text;

import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipConfig;
import dev.atelier.vision.clip.WordTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A CLIP model's text tower as a {@link PromptEncoder}: prompts land in the space of its images. */
final class ClipTextPromptEncoder implements PromptEncoder {
    /** The files of a CLIP model folder. */
    static final List<String> FILES = List.of(ClipConfig.FILE_NAME, WordTokenizer.FILE_NAME, Clip.WEIGHTS_FILE);

    private final Clip clip;

    ClipTextPromptEncoder(Path folder) {
        this.clip = Clip.load(folder);
    }

    @Override
    public String name() {
        return CLIP_TEXT;
    }

    @Override
    public int dimension() {
        return clip.dimension();
    }

    @Override
    public List<float[]> embed(List<String> prompts) {
        return Arrays.asList(clip.embedTexts(prompts));
    }

    @Override
    public void close() {
        clip.close();
    }
}
