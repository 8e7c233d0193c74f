package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ManifestBuilder;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.ganvae.eval.DigitClassifier;
import dev.atelier.ganvae.eval.DigitEvaluation;
import dev.atelier.ganvae.eval.ShapesEvaluation;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.Networks;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.ModelDescription;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.ganvae.train.RunInfo;
import dev.atelier.ganvae.text.PromptEncoder;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.mnist.Mnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Publish a training run as a model folder (generator.json, weights, manifest.json), measuring "
                + "its quality for the manifest:",
                "  text models: the share of held-out Shapes prompts whose image the scene checker passes;",
                "  class models: the share of generated digits an independent classifier labels as asked, and a "
                        + "Fréchet distance in its feature space (needs --classifier and --mnist)."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "The training run folder.")
    Path run;

    @Option(names = "--to", required = true, description = "The model folder to write, e.g. models/shapes-text-gan.")
    Path to;

    @Option(names = "--prompts", defaultValue = "100", description = "Held-out Shapes prompts to judge (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--classifier", description = "Digit classifier model folder (class models).")
    Path classifier;

    @Option(names = "--mnist", description = "MNIST folder (class models).")
    Path mnist;

    @Option(names = "--per-class", defaultValue = "200", description = "Generated digits per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--description", description = "One line for the manifest.")
    String description;

    @Override
    public Integer call() throws IOException {
        RunInfo info = RunInfo.read(run);
        ModelDescription model = info.model();
        Path checkpoint = run.resolve("checkpoint");
        Files.createDirectories(to);
        GeneratorModel.JSON_WRITER.writeValue(to.resolve(ModelDescription.FILE).toFile(), model);
        boolean vae = ModelDescription.VAE.equals(model.kind());
        copy(checkpoint.resolve(vae ? "decoder.params" : "generator.params"), to.resolve(GeneratorModel.GENERATOR_PARAMS));
        if (vae) {
            copy(checkpoint.resolve("encoder.params"), to.resolve(GeneratorModel.ENCODER_PARAMS));
        }
        if (model.textEncoder() != null) {
            TextEncoderFiles.copyEncoder(model.textEncoder(), run, to);
        }
        ManifestBuilder manifest = ModelManifest.builder(to).format("djl")
                .command(info.command() + " && " + CommandLines.of(spec))
                .data(info.data());
        for (String f : GeneratorModel.files(model)) {
            manifest.file(f);
        }
        Condition.Kind kind = model.condition().kind();
        try (GeneratorModel loaded = GeneratorModel.load(to)) {
            manifest.parameters(Networks.parameterCount(loaded.isVae() ? loaded.vae().decoder()
                    : ((dev.atelier.ganvae.model.Gan) loaded.decoder()).generator()));
            if (kind == Condition.Kind.TEXT) {
                manifest.task("text-to-image").license("Apache-2.0");
                evaluateText(loaded, manifest);
            } else if (kind == Condition.Kind.CLASS) {
                manifest.task("class-to-image").license("CC-BY-SA-3.0");
                evaluateDigits(loaded, manifest);
            } else {
                manifest.task("image-generation").license("Apache-2.0");
            }
        }
        int slots = vae ? model.vae().slots() : model.gan().slots();
        String architecture = slots > 0 ? "Layered " + (vae ? "VAE" : "GAN") + " (" + slots + " object slots)"
                : vae ? "Convolutional VAE" : "DCGAN";
        manifest.description(description != null ? description : architecture + " "
                + model.image().size() + "x" + model.image().size() + " " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + "-conditional generator trained for " + info.steps() + " steps");
        ModelManifest written = manifest.write();
        System.out.println("wrote " + to.resolve(ModelManifest.FILE_NAME) + ": " + written.metrics());
        return 0;
    }

    private void evaluateText(GeneratorModel loaded, ManifestBuilder manifest) {
        // The TextToImage owns the model only for the evaluation; closing it would close the model twice.
        PromptEncoder encoder = loaded.openPromptEncoder();
        try {
            Sampler sampler = new Sampler(loaded.decoder());
            java.util.function.Function<String, float[]> embed = encoder::embed;
            ShapesEvaluation.Report r = ShapesEvaluation.run(sampler, embed, prompts);
            manifest.metric("heldout_prompts", r.prompts())
                    .metric("heldout_scene_check_pass_rate", r.passed())
                    .metric("heldout_object_count_correct", r.count())
                    .metric("heldout_colors_correct", r.colors())
                    .metric("heldout_shapes_correct", r.shapes())
                    .metric("heldout_sizes_correct", r.sizes())
                    .metric("heldout_relation_correct", r.relation())
                    .metric("diversity_mean_pairwise_l2_16_samples_one_prompt", r.diversity());
            ShapesEvaluation.Report seen = ShapesEvaluation.run(sampler, embed, prompts,
                    dev.atelier.vision.shapes.ShapesSplit.TEST);
            manifest.metric("test_split_scene_check_pass_rate", seen.passed());
            ImageIo.writePng(ShapesEvaluation.sheet(sampler, embed, 32, 8), run.resolve("heldout-sheet.png"));
            System.out.println("held-out prompts: " + r);
            System.out.println("test-split prompts: " + seen);
        } finally {
            encoder.close();
        }
    }

    private void evaluateDigits(GeneratorModel loaded, ManifestBuilder manifest) {
        if (classifier == null || mnist == null) {
            throw AtelierException.invalidArgument("classifier", "a class model needs --classifier and --mnist to be measured");
        }
        try (DigitClassifier judge = DigitClassifier.load(classifier)) {
            DigitEvaluation.Report r = DigitEvaluation.run(new Sampler(loaded.decoder()), loaded.condition(), judge,
                    Mnist.test(mnist), Mnist.train(mnist), perClass);
            manifest.metric("generated_per_class", r.perClass())
                    .metric("classifier_accuracy_on_generated", r.accuracy())
                    .metric("frechet_distance_classifier_features_vs_test", r.frechet())
                    .metric("frechet_distance_real_train_vs_test", r.frechetTrainVsTest())
                    .metric("diversity_mean_pairwise_l2_16_samples_per_class", r.diversity())
                    .metric("diversity_real_test_digits_same_statistic", r.realDiversity());
            System.out.println("digits: " + r);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " (is the run finished?)", e);
        }
    }
}
