package dev.atelier.samples;

import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.tokenizer.ChatMessage;
import java.nio.file.Path;
import java.util.List;

/**
 * In-process text generation with a GGUF model (Llama 3.x, Qwen 2.5, SmolLM, Mistral, GPT-2):
 * a chat reply streamed to the terminal when the model has a chat template, else a continuation.
 * Run: {@code bin/sample GenerateText path/to/model.gguf "your prompt"}.
 */
public final class GenerateText {

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: GenerateText MODEL.gguf [PROMPT]");
            System.exit(2);
        }
        String prompt = args.length > 1 ? args[1] : "Write a haiku about the sea.";
        try (LanguageModel model = LanguageModel.load(Path.of(args[0]))) {
            GenerationRequest.Builder request = GenerationRequest.builder().optMaxTokens(128).optSeed(42);
            if (model.chatTemplate().isPresent()) {
                request.setMessages(List.of(ChatMessage.user(prompt)));
            } else {
                request.setPrompt(prompt);
            }
            GenerationResult result = new TextGenerator(model).generate(request.build(), piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.println();
            System.out.println("[" + result.promptTokens() + " prompt tokens, " + result.completionTokens()
                    + " generated, finish: " + result.finishReason().wireName() + "]");
        }
    }
}
