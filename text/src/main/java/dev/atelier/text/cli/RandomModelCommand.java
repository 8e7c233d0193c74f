package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.bench.RandomModels;
import dev.atelier.text.convert.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier text random-model}: a random-weight GGUF with the shape of a real model, for benchmarks. */
@Command(name = "random-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Write a GGUF with random weights and the exact shape and metadata of a real model, so that",
            "benchmarks run at real sizes without downloading anything. It produces noise, not text.",
            "",
            "Shapes: llama-3.2-1b (1.24B parameters, llama3 rope scaling), qwen2.5-0.5b (494M, Q/K/V biases),",
            "gpt2 (124M). The file is streamed to disk: a 5 GB F32 model needs only a few MB of memory.",
            "The vocabulary is synthetic (byte-level BPE of the right size) unless --vocab names a GGUF",
            "with a real one of that size; for gpt2, ../shared/data/tokenizers/vocab-gpt-2.gguf is used",
            "when it exists."},
        footer = {"", "Example:", "  atelier text random-model --shape llama-3.2-1b --type q8_0 --output llama-1b-q8_0.gguf"})
public final class RandomModelCommand implements Callable<Integer> {

    static final Path SHARED_GPT2_VOCAB = Path.of("../shared/data/tokenizers/vocab-gpt-2.gguf");

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--shape"}, required = true, paramLabel = "SHAPE",
            description = "llama-3.2-1b, qwen2.5-0.5b or gpt2.")
    String shape;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "q8_0", converter = FileTypeConverter.class,
            description = "Type of the weight matrices: f32, f16, bf16, q8_0 or q4_0. Default: ${DEFAULT-VALUE}.")
    FileType type;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The GGUF to write.")
    Path output;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same file. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--vocab", paramLabel = "GGUF", description = "A GGUF whose tokenizer.* metadata (of the shape's size) is copied.")
    Path vocab;

    @Override
    public Integer call() throws Exception {
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            RandomModels.Shape s = RandomModels.shape(shape);
            Path v = vocab;
            if (v == null && s == RandomModels.GPT2_124M && Files.isRegularFile(SHARED_GPT2_VOCAB)) {
                v = SHARED_GPT2_VOCAB;
            }
            RandomModels.Result r = RandomModels.builder().setShape(s).setType(type).optSeed(seed).optVocabulary(v)
                    .optProgress(progress).build().write(output);
            spec.commandLine().getOut().printf("%s: random %s, %s, %,d parameters, %s, %s vocabulary%n", output, s.name(),
                    type.cliName(), r.parameters(), Sizes.human(r.bytes()), r.realVocabulary() ? "real" : "synthetic");
            return 0;
        } catch (AtelierException e) {
            spec.commandLine().getErr().println("atelier: " + e.getMessage());
            return 2;
        }
    }
}
