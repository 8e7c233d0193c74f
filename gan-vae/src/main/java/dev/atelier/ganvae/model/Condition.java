package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;

/**
 * What a generator is conditioned on: nothing ({@link #NONE}), a class as a one-hot vector
 * ({@code dimension} = number of classes), or a sentence embedding ({@code dimension} = 384 for
 * MiniLM). {@code embedDim} is the size the condition is compressed to before it joins the noise
 * (GAN-INT-CLS compresses the text embedding with one fully connected layer and a LeakyReLU).
 */
public record Condition(Kind kind, int dimension, int embedDim) {

    public enum Kind { NONE, CLASS, TEXT }

    public static final Condition NONE = new Condition(Kind.NONE, 0, 0);

    public Condition {
        if (kind == null) {
            throw AtelierException.invalidArgument("condition", "the condition kind is required");
        }
        if (kind == Kind.NONE ? dimension != 0 || embedDim != 0 : dimension < 1 || dimension > 4096 || embedDim < 1
                || embedDim > 1024) {
            throw AtelierException.invalidArgument("condition", "bad condition " + kind + " dimension " + dimension
                    + " embedded to " + embedDim);
        }
    }

    public static Condition classes(int count, int embedDim) {
        return new Condition(Kind.CLASS, count, embedDim);
    }

    public static Condition text(int dimension, int embedDim) {
        return new Condition(Kind.TEXT, dimension, embedDim);
    }

    public boolean present() {
        return kind != Kind.NONE;
    }
}
