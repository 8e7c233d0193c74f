package dev.atelier.ganvae.cli;

import dev.atelier.core.model.ModelStore;
import dev.atelier.ganvae.bench.GeneratorBench;
import dev.atelier.ganvae.sample.ModelDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Print images/s for batch sampling (batches of 1, 16, 64) and for training a model of the same "
                + "shape on random data, on this machine's CPU (or the device DJL picks).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "shapes-text-gan",
            description = "A model name in the store, or a model folder (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--train-steps", defaultValue = "20", description = "Training steps to time (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Override
    public Integer call() throws IOException {
        Path folder = Path.of(model);
        if (!Files.isRegularFile(folder.resolve(ModelDescription.FILE))) {
            folder = ModelStore.defaultStore().open(model).folder();
        }
        GeneratorBench.run(folder, Math.max(2, trainSteps), System.out);
        return 0;
    }
}
