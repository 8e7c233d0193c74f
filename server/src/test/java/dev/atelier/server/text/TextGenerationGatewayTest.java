package dev.atelier.server.text;

import static dev.atelier.server.GatewayTest.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text-generation routes end to end over real HTTP, driven by the official OpenAI Java client:
 * the gateway, a real worker running {@link TextGenerationHandler}, and a test engine
 * ({@link WordEchoGenerator}) whose output is known in advance (the prompt's words).
 */
class TextGenerationGatewayTest {
    static final int LIMIT = 64;
    static final WordEchoGenerator WORDS = new WordEchoGenerator(0);
    static final WordEchoGenerator BROKEN = new WordEchoGenerator(0, 2);
    static final WordEchoGenerator SLOW = new WordEchoGenerator(100);
    static GatewayHarness g;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        g = GatewayHarness.builder().maxGenerationTokens(LIMIT)
                .model("words", WORDS.binding(), 4, 4, 30_000, 2)
                .model("broken", BROKEN.binding(), 2, 0, 30_000, 1)
                .model("slow", SLOW.binding(), 1, 0, 60_000, 1)
                .start();
        g.awaitReady();
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.gateway.port() + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        openai.close();
        g.close();
    }

    private static ChatCompletionCreateParams chat(String model, String user) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("answer briefly")
                .addUserMessage(user).build();
    }

    @Test
    void aChatCompletionComesBackWithItsUsage() {
        ChatCompletion c = openai.chat().completions().create(chat("words", "the quick brown fox"));
        assertTrue(c.id().startsWith("chatcmpl-"), c.id());
        assertEquals("words", c.model());
        assertEquals(1, c.choices().size());
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals("the quick brown fox", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        assertEquals(4, c.usage().orElseThrow().completionTokens());
        assertEquals(6, c.usage().orElseThrow().promptTokens(), "2 system words + 4 user words");
        assertEquals(10, c.usage().orElseThrow().totalTokens());
    }

    @Test
    void aStreamedChatCompletionArrivesChunkByChunkAndEndsWithUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(
                chat("words", "jumps over the lazy dog").toBuilder()
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        int contentChunks = 0;
        for (ChatCompletionChunk c : chunks) {
            assertEquals("words", c.model());
            assertEquals(chunks.get(0).id(), c.id(), "one id for the whole stream");
            for (ChatCompletionChunk.Choice choice : c.choices()) {
                if (choice.delta().content().isPresent() && !choice.delta().content().get().isEmpty()) {
                    contentChunks++;
                    text.append(choice.delta().content().get());
                }
            }
        }
        assertEquals("jumps over the lazy dog", text.toString());
        assertEquals(5, contentChunks, "one chunk per generated token");
        assertEquals("assistant", chunks.get(0).choices().get(0).delta().role().orElseThrow().asString());
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, finish.choices().get(0).finishReason().orElseThrow());
        ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
        assertTrue(usage.choices().isEmpty());
        assertEquals(5, usage.usage().orElseThrow().completionTokens());
    }

    @Test
    void completionsHonourMaxTokensAndStopStrings() {
        Completion cut = openai.completions().create(CompletionCreateParams.builder().model("words")
                .prompt("one two three four").maxTokens(2).build());
        assertTrue(cut.id().startsWith("cmpl-"), cut.id());
        CompletionChoice choice = cut.choices().get(0);
        assertEquals("one two", choice.text());
        assertEquals(CompletionChoice.FinishReason.LENGTH, choice.finishReason());
        assertEquals(2, cut.usage().orElseThrow().completionTokens());

        Completion stopped = openai.completions().create(CompletionCreateParams.builder().model("words")
                .prompt("one two three four").stop(" thr").build());
        assertEquals("one two", stopped.choices().get(0).text(), "the stop string and what follows are cut");
        assertEquals(CompletionChoice.FinishReason.STOP, stopped.choices().get(0).finishReason());

        StringBuilder streamed = new StringBuilder();
        List<Completion> chunks = new ArrayList<>();
        try (StreamResponse<Completion> s = openai.completions().createStreaming(CompletionCreateParams.builder()
                .model("words").prompt("alpha beta gamma").build())) {
            s.stream().forEach(c -> {
                chunks.add(c);
                c.choices().forEach(ch -> streamed.append(ch.text()));
            });
        }
        assertEquals("alpha beta gamma", streamed.toString());
        assertEquals(CompletionChoice.FinishReason.STOP,
                chunks.get(chunks.size() - 1).choices().get(0).finishReason());
    }

    @Test
    void theModelListNamesEveryServedModel() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).toList();
        assertEquals(List.of("broken", "slow", "words"), ids);
        Model m = openai.models().list().data().get(0);
        assertEquals("atelier", m.ownedBy());
    }

    @Test
    void badRequestsAreTypedErrorsInOpenAiShape() throws Exception {
        BadRequestException n = assertThrows(BadRequestException.class, () -> openai.chat().completions().create(
                chat("words", "x").toBuilder().n(2).build()));
        assertTrue(n.getMessage().contains("'n' must be 1"), n.getMessage());
        BadRequestException tooLong = assertThrows(BadRequestException.class, () -> openai.completions().create(
                CompletionCreateParams.builder().model("words").prompt("x").maxTokens(LIMIT + 1).build()));
        assertTrue(tooLong.getMessage().contains("at most " + LIMIT), tooLong.getMessage());
        assertThrows(NotFoundException.class, () -> openai.chat().completions().create(chat("nope", "x")));

        assertJsonError(g.post("/v1/chat/completions", "{\"model\":\"words\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":\"warm\"}"), 400, "invalid_argument");
        assertJsonError(g.post("/v1/chat/completions", "{\"model\":\"words\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"top_p\":-1e308}"), 400, "invalid_argument");
        assertJsonError(g.post("/v1/chat/completions", "{\"model\":\"words\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"), 400, "invalid_argument");
        assertJsonError(g.post("/v1/completions", "{\"model\":\"words\",\"prompt\":\"x\",\"max_tokens\":-3}"),
                400, "invalid_argument");
        assertJsonError(g.post("/v1/completions", "{\"model\":\"words\",\"prompt\":\"x\",\"stream_options\":{\"include_usage\":true}}"),
                400, "invalid_argument");
        assertJsonError(g.post("/v1/completions", "{\"model\":\"words\",\"messages\":[]}"), 400, "invalid_argument");
    }

    @Test
    void aFailureMidStreamIsAnErrorChunkAndTheClientThrows() throws Exception {
        HttpResponse<String> raw = g.post("/v1/chat/completions", "{\"model\":\"broken\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a b c d\"}]}");
        assertEquals(200, raw.statusCode(), "the stream had started");
        List<String> events = raw.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals(3, events.size(), raw.body());
        JsonObject error = new JsonObject(events.get(2)).getJsonObject("error");
        assertNotNull(error, raw.body());
        assertEquals("internal", error.getString("code"));
        assertFalse(raw.body().contains("/secret/"), raw.body());

        List<String> seen = new ArrayList<>();
        OpenAIException e = assertThrows(OpenAIException.class, () -> {
            try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat("broken", "a b c d"))) {
                s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add)));
            }
        });
        assertEquals(List.of("a", " b"), seen, "the chunks before the failure arrived");
        assertFalse(String.valueOf(e.getMessage()).contains("/secret/"));
        assertThrows(InternalServerException.class, () -> openai.chat().completions().create(chat("broken", "a b c d")));
        // The failing model never blocked the others.
        assertEquals("still here", openai.chat().completions().create(chat("words", "still here"))
                .choices().get(0).message().content().orElseThrow());
    }

    @Test
    void theNativeRouteAnswersWholeOrStreamed() throws Exception {
        HttpResponse<String> whole = g.post("/api/v1/text-generation", "{\"model\":\"words\",\"prompt\":\"a b c\"}");
        assertEquals(200, whole.statusCode(), whole.body());
        JsonObject result = GatewayHarness.json(whole);
        assertEquals("a b c", result.getString("text"));
        assertEquals("stop", result.getString("finish_reason"));
        assertEquals(3, result.getJsonObject("usage").getInteger("completion_tokens"));
        assertEquals("words", result.getString("model"));

        HttpResponse<String> streamed = g.post("/api/v1/text-generation",
                "{\"model\":\"words\",\"messages\":[{\"role\":\"user\",\"content\":\"x y\"}],\"stream\":true}");
        List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals(List.of("{\"text\":\"x\"}", "{\"text\":\" y\"}"), events.subList(0, 2), streamed.body());
        assertEquals("x y", new JsonObject(events.get(2)).getString("text"));
        assertEquals("[DONE]", events.get(3));

        HttpResponse<String> tooLong = g.post("/api/v1/text-generation",
                "{\"model\":\"words\",\"prompt\":\"x\",\"max_tokens\":" + (LIMIT + 1) + "}");
        assertJsonError(tooLong, 400, "invalid_argument");
        assertEquals("max_tokens", GatewayHarness.json(tooLong).getJsonObject("error").getString("param"));
        assertJsonError(g.post("/api/v1/text-generation", "{\"model\":\"words\",\"prompt\":\"x\",\"messages\":[]}"),
                400, "invalid_argument");
    }

    @Test
    void aClientThatDisconnectsMidStreamStopsTheWorkerWithinOneTokenAndFreesItsSlot() throws Exception {
        SLOW.finished = new CountDownLatch(1);
        String prompt = String.join(" ", Collections.nCopies(1000, "word"));
        long closedAt;
        try (StreamResponse<ChatCompletionChunk> s = openai.chat().completions().createStreaming(chat("slow", prompt))) {
            Iterator<ChatCompletionChunk> it = s.stream().iterator();
            for (int i = 0; i < 3; i++) {
                assertNotNull(it.next());
            }
            s.close(); // the client goes away mid-stream
            closedAt = System.nanoTime();
        }
        int stepsAtClose = SLOW.steps.get();
        assertTrue(SLOW.finished.await(5, TimeUnit.SECONDS), "the engine stopped");
        int after = SLOW.steps.get() - stepsAtClose;
        assertTrue(after <= 1, "stopped within one token of the disconnect, took " + after);
        assertInstanceOf(AtelierException.class, SLOW.stoppedBy);
        assertEquals(ErrorCode.CANCELLED, ((AtelierException) SLOW.stoppedBy).code());
        assertTrue(SLOW.steps.get() < 100, "it did not run on: " + SLOW.steps.get());
        System.out.printf("engine stopped %.0f ms after the client closed%n",
                (SLOW.lastStepNanos.get() - closedAt) / 1e6);
        // The model's only slot (maxInFlight 1, no queue) is free again.
        HttpResponse<String> next = g.postUntilOk("/v1/completions", "{\"model\":\"slow\",\"prompt\":\"next one\"}", 2_000);
        assertEquals(200, next.statusCode(), next.body());
        assertEquals("next one", GatewayHarness.json(next).getJsonArray("choices").getJsonObject(0).getString("text"));
    }
}
