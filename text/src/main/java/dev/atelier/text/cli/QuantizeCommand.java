package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.convert.FileType;
import dev.atelier.text.convert.GgufQuantizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier text quantize}: a GGUF with F32/F16/BF16 weights to Q8_0 or Q4_0. */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Quantize a GGUF model whose weights are F32, F16 or BF16 to Q8_0 or Q4_0.",
            "",
            "Weight matrices become the chosen type; norms, biases and other vectors become F32; position",
            "embeddings are kept. Metadata is copied, with general.file_type set. The input is memory-mapped",
            "and the output streamed, so a model of any size needs little memory."},
        footer = {"", "Example:", "  atelier text quantize --input llama-f16.gguf --output llama-q8_0.gguf --type q8_0"})
public final class QuantizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The GGUF to quantize.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The GGUF to write (replaced if present).")
    Path output;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "q8_0", converter = FileTypeConverter.class,
            description = "q8_0 (8-bit, near lossless) or q4_0 (4-bit, smallest). Default: ${DEFAULT-VALUE}.")
    FileType type;

    @Option(names = "--keep-token-embedding", description = "Leave token_embd.weight in its input type.")
    boolean keepTokenEmbedding;

    @Option(names = "--keep-output", description = "Leave output.weight (the logits projection) in its input type.")
    boolean keepOutput;

    @Override
    public Integer call() throws Exception {
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            GgufQuantizer.Result r = GgufQuantizer.builder().setType(type).optKeepTokenEmbedding(keepTokenEmbedding)
                    .optKeepOutput(keepOutput).optProgress(progress).build().quantize(input, output);
            spec.commandLine().getOut().printf("%s: %d tensors quantized to %s, %d made F32, %d copied; %s -> %s%n",
                    output, r.quantized(), type.cliName(), r.convertedToF32(), r.copied(), Sizes.human(r.inputBytes()),
                    Sizes.human(r.outputBytes()));
            return 0;
        } catch (AtelierException e) {
            spec.commandLine().getErr().println("atelier: " + e.getMessage());
            return 2;
        }
    }
}
