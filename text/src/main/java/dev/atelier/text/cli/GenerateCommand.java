package dev.atelier.text.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.tokenizer.ChatMessage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier text generate}: streams a model's continuation of a prompt (or chat reply) to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a GGUF model, streamed to the terminal.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "GGUF model file, or a Hugging Face folder (config.json, *.safetensors, tokenizer.json), converted once into a cached GGUF")
    Path model;

    @Option(names = "--prompt", required = true, description = "text to continue (with --chat: the user's message)")
    String prompt;

    @Option(names = "--chat", description = "render the prompt as a user message with the model's chat template")
    boolean chat;

    @Option(names = "--system", description = "system message (with --chat)")
    String system;

    @Option(names = "--max-tokens", defaultValue = "256", description = "most tokens to generate (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "0 = greedy (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "0 = off (default ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", description = "1 = off (default ${DEFAULT-VALUE})")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", description = "0 = off (default ${DEFAULT-VALUE})")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", description = "1 = off (default ${DEFAULT-VALUE})")
    float repeatPenalty;

    @Option(names = "--repeat-last-n", defaultValue = "64", description = "window of the penalties (default ${DEFAULT-VALUE})")
    int repeatLastN;

    @Option(names = "--presence-penalty", defaultValue = "0")
    float presencePenalty;

    @Option(names = "--frequency-penalty", defaultValue = "0")
    float frequencyPenalty;

    @Option(names = "--seed", description = "random seed: the same seed gives the same text (default: random)")
    Long seed;

    @Option(names = "--stop", description = "stop before this string (repeatable)")
    List<String> stop = new ArrayList<>();

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LanguageModel loaded;
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            loaded = LanguageModel.load(model, threads == null ? Runtime.getRuntime().availableProcessors() : threads, progress);
        }
        try (LanguageModel m = loaded) {
            GenerationRequest.Builder b = GenerationRequest.builder()
                    .optMaxTokens(maxTokens).optTemperature(temperature).optTopK(topK).optTopP(topP).optMinP(minP)
                    .optRepetitionPenalty(repeatPenalty, repeatLastN).optPresencePenalty(presencePenalty)
                    .optFrequencyPenalty(frequencyPenalty).optStop(stop);
            if (seed != null) {
                b.optSeed(seed);
            }
            if (chat) {
                List<ChatMessage> messages = new ArrayList<>();
                if (system != null) {
                    messages.add(ChatMessage.system(system));
                }
                messages.add(ChatMessage.user(prompt));
                b.setMessages(messages);
            } else {
                b.setPrompt(prompt);
            }
            long start = System.nanoTime();
            GenerationResult r = new TextGenerator(m).generate(b.build(), piece -> {
                out.print(piece);
                out.flush();
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println();
            out.flush();
            err.printf("[%d prompt tokens, %d generated, finish: %s, %.1f s, %.2f tokens/s]%n", r.promptTokens(),
                    r.completionTokens(), r.finishReason().wireName(), seconds, r.completionTokens() / seconds);
            err.flush();
        }
        return 0;
    }
}
