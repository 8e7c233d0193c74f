package dev.atelier.ganvae.text;

import dev.atelier.text.embedding.SentenceEncoder;
import java.util.List;

/** all-MiniLM-L6-v2 as a {@link PromptEncoder}. */
final class MiniLmPromptEncoder implements PromptEncoder {
    private final SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2();

    @Override
    public String name() {
        return MINILM;
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public List<float[]> embed(List<String> prompts) {
        return encoder.embed(prompts);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
