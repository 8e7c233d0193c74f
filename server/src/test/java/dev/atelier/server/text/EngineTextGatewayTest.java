package dev.atelier.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.ModelStore;
import dev.atelier.core.device.Device;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.ModelBinding;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tokenizer.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real GGUF model (random weights, Qwen2 shape with a tokenizer and a chat template) served by
 * the gateway through the model store and {@link Capabilities}: what the OpenAI client gets back
 * must be exactly what the engine produces in-process for the same request.
 */
class EngineTextGatewayTest {
    @TempDir
    static Path dir;
    static Path gguf;
    static GatewayHarness g;
    static OpenAIClient openai;
    static LanguageModel direct;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("models/tiny-qwen"));
        gguf = folder.resolve("model.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.QWEN2, 64, 2, 4, 2, 128, 300, 256, true, false),
                GgmlType.Q8_0, 11, true, false, gguf);
        ModelManifest.builder(folder).task(TextGenerationHandler.TASK).format("gguf")
                .description("random-weight test model").license("test only").file("model.gguf").write();
        ModelBinding binding = Capabilities.bind(new ModelStore(List.of(dir.resolve("models"))), "tiny-qwen");
        g = GatewayHarness.builder().maxGenerationTokens(64).model("tiny-qwen", binding, 2, 2, 60_000, 1).start();
        g.awaitReady();
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.gateway.port() + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).build();
        direct = LanguageModel.load(gguf);
    }

    @AfterAll
    static void stop() throws Exception {
        if (openai != null) {
            openai.close();
        }
        if (g != null) {
            g.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private static GenerationResult inProcess(GenerationRequest.Builder request) {
        return new TextGenerator(direct).generate(request.optMaxTokens(12).optGreedy().build(), piece -> { });
    }

    @Test
    void aGreedyCompletionEqualsTheEngineInProcess() {
        Completion c = openai.completions().create(CompletionCreateParams.builder()
                .model("tiny-qwen").prompt("Once upon a time").maxTokens(12).temperature(0.0).build());
        GenerationResult expected = inProcess(GenerationRequest.builder().setPrompt("Once upon a time"));
        assertEquals(expected.text(), c.choices().get(0).text());
        assertEquals(expected.promptTokens(), c.usage().orElseThrow().promptTokens());
        assertEquals(expected.completionTokens(), c.usage().orElseThrow().completionTokens());
    }

    @Test
    void aStreamedGreedyChatEqualsTheEngineInProcess() {
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("tiny-qwen").addUserMessage("hello there")
                        .maxCompletionTokens(12).temperature(0.0).build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        GenerationResult expected = inProcess(GenerationRequest.builder()
                .setMessages(List.of(new ChatMessage("user", "hello there"))));
        assertEquals(expected.text(), streamed.toString());
    }

    @Test
    void theSameSeedGivesTheSameSampledText() {
        ChatCompletionCreateParams p = ChatCompletionCreateParams.builder().model("tiny-qwen")
                .addUserMessage("tell me a story").maxCompletionTokens(16).temperature(1.0).seed(1234L).build();
        ChatCompletion a = openai.chat().completions().create(p);
        ChatCompletion b = openai.chat().completions().create(p);
        assertEquals(a.choices().get(0).message().content(), b.choices().get(0).message().content());
        assertFalse(a.choices().get(0).message().content().orElseThrow().isEmpty());
    }

    @Test
    void aGpuDeviceIsRefusedForTheCpuEngine() {
        ModelBinding binding = Capabilities.bind(new ModelStore(List.of(dir.resolve("models"))), "tiny-qwen");
        assertThrows(AtelierException.class, () -> binding.factory().load("tiny-qwen", Device.gpu(0)));
    }
}
