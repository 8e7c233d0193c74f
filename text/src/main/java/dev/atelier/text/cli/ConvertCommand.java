package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.convert.FileType;
import dev.atelier.text.convert.HfToGgufConverter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier text convert}: a Hugging Face model folder to one GGUF file. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Convert a Hugging Face model folder (config.json, *.safetensors, tokenizer.json) to GGUF.",
            "",
            "Supported: LlamaForCausalLM and MistralForCausalLM (Llama 2/3, Mistral, SmolLM), Qwen2ForCausalLM",
            "and GPT2LMHeadModel, with byte-level or SentencePiece-style BPE tokenizers. Tensor names, metadata keys and layouts follow",
            "llama.cpp's converter, so the file also runs in llama.cpp. Sharded checkpoints",
            "(model.safetensors.index.json) are read in place; nothing is downloaded."},
        footer = {"", "Example:", "  atelier text convert --input ~/models/SmolLM2-135M --output smollm2-f16.gguf --type f16"})
public final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FOLDER", description = "The Hugging Face model folder.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The GGUF to write (replaced if present).")
    Path output;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "f16", converter = FileTypeConverter.class,
            description = "Type of the weight matrices: f32, f16, bf16, q8_0 or q4_0 (vectors are always F32). "
                    + "Default: ${DEFAULT-VALUE}.")
    FileType type;

    @Override
    public Integer call() throws Exception {
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            HfToGgufConverter.Result r = HfToGgufConverter.builder().setType(type).optProgress(progress).build()
                    .convert(input, output);
            spec.commandLine().getOut().printf("%s: %s, %d tensors, %,d parameters, %s (%s)%n", output, r.architecture(),
                    r.tensors(), r.parameters(), Sizes.human(r.bytes()), type.cliName());
            return 0;
        } catch (AtelierException e) {
            spec.commandLine().getErr().println("atelier: " + e.getMessage());
            return 2;
        }
    }
}
