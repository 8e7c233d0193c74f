package dev.atelier.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.text.TextGenerationParams.Input;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextGenerationParamsTest {

    private static TextGenerationParams parse(String json) {
        return TextGenerationParams.fromRequest(new JsonObject(json), Input.EITHER, 512);
    }

    private static void rejects(String param, JsonObject body) {
        AtelierException e = assertThrows(AtelierException.class,
                () -> TextGenerationParams.fromRequest(body, Input.EITHER, 512), body.encode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        assertEquals(param, e.param(), e.getMessage());
    }

    private static JsonObject prompt() {
        return new JsonObject().put("prompt", "hi");
    }

    @Test
    void defaultsAreFilledIn() {
        TextGenerationParams p = parse("{\"prompt\":\"Once upon a time\"}");
        assertEquals("Once upon a time", p.prompt());
        assertEquals(256, p.maxTokens());
        assertEquals(1.0, p.temperature());
        assertEquals(1.0, p.topP());
        assertEquals(0, p.topK());
        assertEquals(1.0, p.repetitionPenalty());
        assertNull(p.seed());
        assertEquals(List.of(), p.stop());
        assertEquals(100, TextGenerationParams.fromRequest(new JsonObject("{\"prompt\":\"x\"}"), Input.PROMPT, 100)
                .maxTokens(), "the default is capped by the limit");
    }

    @Test
    void thePayloadRoundTrips() {
        TextGenerationParams p = parse("{\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello \"},{\"type\":\"text\",\"text\":\"there\"}]}],"
                + "\"max_completion_tokens\":7,\"temperature\":0.2,\"top_p\":0.9,\"top_k\":40,\"min_p\":0.05,"
                + "\"presence_penalty\":0.5,\"frequency_penalty\":-0.5,\"repetition_penalty\":1.1,\"seed\":-42,"
                + "\"stop\":\"\\n\",\"n\":1,\"user\":\"ignored\",\"logprobs\":false}");
        assertTrue(p.chat());
        assertEquals("system", p.messages().get(0).role());
        assertEquals("hello there", p.messages().get(1).content());
        assertEquals(7, p.maxTokens());
        assertEquals(-42L, p.seed());
        assertEquals(List.of("\n"), p.stop());
        assertEquals(p, TextGenerationParams.fromPayload(p.toPayload()));
    }

    @Test
    void outOfRangeWrongTypeAndNonFiniteValuesAreRefusedByName() {
        rejects("max_tokens", prompt().put("max_tokens", 0));
        rejects("max_tokens", prompt().put("max_tokens", -1));
        rejects("max_tokens", prompt().put("max_tokens", 513));
        rejects("max_tokens", prompt().put("max_tokens", 1e300));
        rejects("max_tokens", prompt().put("max_tokens", 2.5));
        rejects("max_completion_tokens", new JsonObject().put("messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", "x"))).put("max_completion_tokens", 10_000));
        rejects("temperature", prompt().put("temperature", Double.NaN));
        rejects("temperature", prompt().put("temperature", Double.POSITIVE_INFINITY));
        rejects("temperature", prompt().put("temperature", -0.1));
        rejects("temperature", prompt().put("temperature", 2.5));
        rejects("temperature", prompt().put("temperature", "hot"));
        rejects("top_p", prompt().put("top_p", 1.5));
        rejects("top_k", prompt().put("top_k", -1));
        rejects("top_k", prompt().put("top_k", 1L << 40));
        rejects("min_p", prompt().put("min_p", Double.NaN));
        rejects("presence_penalty", prompt().put("presence_penalty", 3));
        rejects("frequency_penalty", prompt().put("frequency_penalty", -2.01));
        rejects("repetition_penalty", prompt().put("repetition_penalty", 0));
        rejects("repetition_penalty", prompt().put("repetition_penalty", -1));
        rejects("seed", prompt().put("seed", 1.5));
        rejects("seed", prompt().put("seed", 1e30));
        rejects("stop", prompt().put("stop", new JsonArray(List.of("a", "b", "c", "d", "e"))));
        rejects("stop", prompt().put("stop", new JsonArray(List.of(""))));
        rejects("stop", prompt().put("stop", 5));
        rejects("stop", prompt().put("stop", "x".repeat(257)));
    }

    @Test
    void onlyOneChoiceAndNoUnsupportedOptions() {
        AtelierException n = assertThrows(AtelierException.class,
                () -> TextGenerationParams.fromRequest(prompt().put("n", 2), Input.EITHER, 512));
        assertEquals("n", n.param());
        assertTrue(n.getMessage().contains("'n' must be 1"), n.getMessage());
        rejects("logprobs", prompt().put("logprobs", true));
        rejects("echo", prompt().put("echo", true));
        rejects("best_of", prompt().put("best_of", 3));
        rejects("tools", prompt().put("tools", new JsonArray().add(new JsonObject())));
        rejects("response_format", prompt().put("response_format", new JsonObject().put("type", "json_object")));
        parse("{\"prompt\":\"x\",\"best_of\":1,\"response_format\":{\"type\":\"text\"},\"tools\":[],\"logit_bias\":{}}");
    }

    @Test
    void promptAndMessagesAreCheckedForShape() {
        rejects("prompt", new JsonObject());
        rejects("messages", new JsonObject().put("prompt", "x").put("messages", new JsonArray()));
        rejects("prompt", new JsonObject().put("prompt", new JsonArray(List.of("a", "b"))));
        rejects("prompt", new JsonObject().put("prompt", new JsonArray(List.of(1, 2, 3))));
        rejects("prompt", new JsonObject().put("prompt", 42));
        assertEquals("a", parse("{\"prompt\":[\"a\"]}").prompt());
        rejects("messages", new JsonObject().put("messages", new JsonArray()));
        rejects("messages", new JsonObject().put("messages", "hello"));
        rejects("messages[0]", new JsonObject().put("messages", new JsonArray().add("hello")));
        rejects("messages[0].role", new JsonObject().put("messages",
                new JsonArray().add(new JsonObject().put("role", "tool").put("content", "x"))));
        rejects("messages[0].content", new JsonObject().put("messages",
                new JsonArray().add(new JsonObject().put("role", "user"))));
        rejects("messages[0].content", new JsonObject().put("messages", new JsonArray().add(new JsonObject()
                .put("role", "user").put("content", new JsonArray().add(new JsonObject().put("type", "image_url"))))));
        AtelierException wrongInput = assertThrows(AtelierException.class, () -> TextGenerationParams.fromRequest(
                new JsonObject().put("prompt", "x"), Input.MESSAGES, 512));
        assertEquals("messages", wrongInput.param());
    }
}
