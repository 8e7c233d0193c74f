package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelStore;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.ganvae.sample.GeneratorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which generator to use: a model name in the store (files verified) or a model folder. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, defaultValue = "shapes-text-gan",
            description = "A model name in the model store, or a model folder (default: ${DEFAULT-VALUE}).")
    String model;

    GeneratorModel load() {
        Path folder = Path.of(model);
        if (Files.isRegularFile(folder.resolve(dev.atelier.ganvae.sample.ModelDescription.FILE))) {
            return GeneratorModel.load(folder);
        }
        if (model.contains("/") || model.contains("\\")) {
            throw AtelierException.notFound("no generator in folder " + AtelierException.quote(model));
        }
        VerifiedModel verified = ModelStore.defaultStore().open(model);
        return GeneratorModel.load(verified.folder());
    }
}
