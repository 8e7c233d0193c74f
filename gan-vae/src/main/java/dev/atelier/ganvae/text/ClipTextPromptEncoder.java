package dev.atelier.ganvae.text;

import dev.atelier.vision.clip.Clip;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A CLIP model's text tower as a {@link PromptEncoder}: prompts land in the space of its images. */
final class ClipTextPromptEncoder implements PromptEncoder {
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
