package dev.atelier.vision.zeroshot;

import dev.atelier.core.error.AtelierException;
import java.util.List;

/**
 * Prompt templates for zero-shot classification: each holds {@code {}} where the label goes. The
 * classifier averages a label's normalised template embeddings (CLIP's prompt ensembling).
 */
public record PromptTemplates(List<String> templates) {

    public static final String SLOT = "{}";
    public static final int MAX_TEMPLATES = 64;

    /** For Shapes labels such as "green triangle": both sizes, so the class embedding ignores size. */
    public static final PromptTemplates SHAPES = new PromptTemplates(List.of("a small {}", "a large {}", "a {}"));
    /** For digit words ("seven"). */
    public static final PromptTemplates DIGITS = new PromptTemplates(List.of(
            "a handwritten digit {}", "a digit {}", "the handwritten digit {}"));
    /** The label as it is. */
    public static final PromptTemplates IDENTITY = new PromptTemplates(List.of("{}"));

    public PromptTemplates {
        if (templates == null || templates.isEmpty() || templates.size() > MAX_TEMPLATES) {
            throw AtelierException.invalidArgument("templates", "give 1 to " + MAX_TEMPLATES + " prompt templates");
        }
        templates = List.copyOf(templates);
        for (String t : templates) {
            if (!t.contains(SLOT)) {
                throw AtelierException.invalidArgument("templates", "template " + AtelierException.quote(t)
                        + " has no " + SLOT + " for the label");
            }
        }
    }

    public static PromptTemplates of(String... templates) {
        return new PromptTemplates(List.of(templates));
    }

    /** Every template with the label filled in. */
    public List<String> fill(String label) {
        return templates.stream().map(t -> t.replace(SLOT, label)).toList();
    }
}
