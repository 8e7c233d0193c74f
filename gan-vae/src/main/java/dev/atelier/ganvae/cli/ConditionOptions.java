package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.sample.ClassToImage;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.Prompts;
import dev.atelier.ganvae.text.PromptEncoder;
import picocli.CommandLine.Option;

/** The condition a sample is drawn under: a prompt for text models, a class for class models. */
final class ConditionOptions {
    @Option(names = {"-p", "--prompt"}, description = "What to draw (text models), e.g. \"a large yellow triangle above a small blue circle\".")
    String prompt;

    @Option(names = "--class", description = "Which class to draw (class models), e.g. 7; or name it in --prompt (\"a handwritten digit seven\").")
    Integer classId;

    /** The condition row, or null for an unconditional model. */
    float[] row(GeneratorModel model) {
        return row(model, prompt, classId);
    }

    static float[] row(GeneratorModel model, String prompt, Integer classId) {
        Condition condition = model.condition();
        switch (condition.kind()) {
            case TEXT -> {
                if (prompt == null) {
                    throw AtelierException.invalidArgument("prompt", "this is a text-to-image model: give --prompt");
                }
                String checked = Prompts.check(prompt, model.description().vocabulary());
                var unknown = Prompts.unknownWords(checked, model.description().vocabulary());
                if (!unknown.isEmpty()) {
                    System.err.println("note: words the model never saw in training: " + String.join(", ", unknown));
                }
                try (PromptEncoder encoder = model.openPromptEncoder()) {
                    return encoder.embed(checked);
                }
            }
            case CLASS -> {
                if (classId == null && prompt != null) { // "a handwritten digit seven"
                    return Prompts.classRow(condition, ClassToImage.classOf(model.description().classes(), prompt));
                }
                if (classId == null) {
                    throw AtelierException.invalidArgument("class", "this is a class-conditional model: give --class (one of "
                            + String.join(", ", model.description().classes()) + ")");
                }
                return Prompts.classRow(condition, classId);
            }
            default -> {
                return null;
            }
        }
    }
}
