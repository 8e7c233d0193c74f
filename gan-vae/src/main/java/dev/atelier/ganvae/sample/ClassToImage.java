package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.vision.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A class in, pictures out, for a class-conditional generator (the MNIST digit GAN and CVAE): the
 * class is asked for by its id, or by a prompt in the MNIST caption grammar ("a handwritten digit
 * seven", vision's {@link Mnist#caption}) from which the one class it names is read.
 */
public final class ClassToImage implements AutoCloseable {
    private final GeneratorModel model;
    private final Sampler sampler;

    /** Takes ownership of {@code model}. */
    public ClassToImage(GeneratorModel model) {
        this.model = Objects.requireNonNull(model, "model");
        if (model.condition().kind() != Condition.Kind.CLASS) {
            throw AtelierException.invalidArgument("model", "this generator is not class-conditional");
        }
        this.sampler = new Sampler(model.decoder());
    }

    public GeneratorModel model() {
        return model;
    }

    /** The class names, index = class id ("0".."9" for digits). */
    public List<String> classes() {
        return model.description().classes();
    }

    /** The one-hot condition row of class {@code id} (checked). */
    public float[] row(int id) {
        return Prompts.classRow(model.condition(), id);
    }

    /**
     * The class a prompt names: a word that is a class name ("7"), or, for digit models, a digit
     * word of the caption grammar ("seven"). Other words ("a handwritten digit") are the grammar's
     * frame and are ignored; a prompt naming no class or two different classes is refused.
     */
    public int classOf(String prompt) {
        return classOf(classes(), prompt);
    }

    /** {@link #classOf(String)} for a model with these class names. */
    public static int classOf(List<String> names, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw AtelierException.invalidArgument("prompt", "the prompt must not be empty");
        }
        if (prompt.length() > Prompts.MAX_PROMPT_CHARS) {
            throw AtelierException.invalidArgument("prompt", "the prompt may be at most " + Prompts.MAX_PROMPT_CHARS
                    + " characters, got " + prompt.length());
        }
        boolean digits = isDigits(names);
        TreeSet<Integer> named = new TreeSet<>();
        for (String word : Prompts.words(prompt)) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).toLowerCase(Locale.ROOT).equals(word)
                        || (digits && Mnist.DIGIT_WORDS[i].equals(word))) {
                    named.add(i);
                }
            }
        }
        if (named.size() != 1) {
            throw AtelierException.invalidArgument("prompt", (named.isEmpty() ? "the prompt names no class"
                    : "the prompt names " + named.size() + " classes") + "; name exactly one, e.g. \""
                    + (digits ? Mnist.caption(7) : names.get(0)) + "\" (classes: " + String.join(", ", names) + ")");
        }
        return named.first();
    }

    /** How class {@code id} reads in the caption grammar ("a handwritten digit seven"), or its name. */
    public String caption(int id) {
        row(id);
        return isDigits(classes()) ? Mnist.caption(id) : classes().get(id);
    }

    public List<BufferedImage> generate(int classId, int count, long seed, double truncation) {
        Sampler.checkCount(count);
        return sampler.images(row(classId), count, seed, truncation);
    }

    public Sampler sampler() {
        return sampler;
    }

    private static boolean isDigits(List<String> names) {
        if (names.size() != Mnist.DIGIT_WORDS.length) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(Integer.toString(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        model.close();
    }
}
