package dev.atelier.server.text;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.http.JsonArgs;
import dev.atelier.text.tokenizer.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a text-generation request asks for, checked once at the gateway: either a {@code prompt} to
 * continue or chat {@code messages} to answer, and the sampling settings. Every value out of range,
 * NaN or of the wrong type is a 400 naming the parameter; options this gateway does not implement
 * ({@code n} other than 1, logprobs, tools…) are refused rather than silently ignored.
 *
 * <p>The same record, as {@link #toPayload()}, is the body of the {@code text-generation} work
 * request a text worker receives ({@link #fromPayload} reads it back), so a worker never parses the
 * caller's JSON itself. Field names are OpenAI's.
 *
 * @param prompt text to continue, or null when {@code messages} is given
 * @param messages the conversation to answer (empty when {@code prompt} is given)
 * @param maxTokens most tokens to generate, 1 to the gateway's generation-length limit
 * @param temperature 0 (greedy) to 2; default 1
 * @param topP nucleus sampling mass, 0 to 1; default 1 (off)
 * @param topK keep the k most likely tokens, 0 = off; default 0
 * @param minP drop tokens below minP × the top probability, 0 to 1; default 0 (off)
 * @param presencePenalty −2 to 2, subtracted once from every token already generated; default 0
 * @param frequencyPenalty −2 to 2, subtracted per occurrence; default 0
 * @param repetitionPenalty llama.cpp-style divisor of repeated tokens' logits, in (0, 10]; default 1 (off)
 * @param seed sampling seed, or null for a random one
 * @param stop up to {@value #MAX_STOP} strings that end the generation (not included in the output)
 */
public record TextGenerationParams(String prompt, List<ChatMessage> messages, int maxTokens, double temperature,
                                   double topP, int topK, double minP, double presencePenalty,
                                   double frequencyPenalty, double repetitionPenalty, Long seed, List<String> stop) {
    /** The largest generation-length limit a gateway may be configured with. */
    public static final int MAX_TOKENS_CEILING = 1_000_000;
    /** {@code max_tokens} when the request gives none (capped by the configured limit). */
    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int MAX_STOP = 4;
    public static final int MAX_STOP_LENGTH = 256;
    public static final int MAX_MESSAGES = 1024;
    public static final int MAX_TOP_K = 100_000;

    /** Which input a route takes. */
    public enum Input { PROMPT, MESSAGES, EITHER }

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    /** OpenAI options with no effect here: present with anything but their neutral value, they are refused. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("logprobs", "log probabilities are not returned"),
            Map.entry("top_logprobs", "log probabilities are not returned"),
            Map.entry("echo", "the prompt is not echoed"),
            Map.entry("suffix", "insertion (suffix) is not supported"),
            Map.entry("best_of", "best_of is not supported"),
            Map.entry("logit_bias", "logit_bias is not supported"),
            Map.entry("tools", "tool calls are not supported"),
            Map.entry("functions", "function calls are not supported"),
            Map.entry("tool_choice", "tool calls are not supported"),
            Map.entry("function_call", "function calls are not supported"),
            Map.entry("response_format", "only plain text responses are supported"),
            Map.entry("audio", "audio output is not supported here"));

    public TextGenerationParams {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        if ((prompt == null) == messages.isEmpty()) {
            throw new IllegalArgumentException("exactly one of prompt and messages");
        }
    }

    /** True for a chat request (answer {@link #messages}), false for a plain continuation of {@link #prompt}. */
    public boolean chat() {
        return prompt == null;
    }

    /**
     * Reads and checks a caller's request body.
     *
     * @param maxTokensLimit the gateway's generation-length limit; a larger {@code max_tokens} is a 400
     */
    public static TextGenerationParams fromRequest(JsonObject body, Input input, int maxTokensLimit) {
        if (maxTokensLimit < 1 || maxTokensLimit > MAX_TOKENS_CEILING) {
            throw new IllegalArgumentException("generation-length limit must be 1.." + MAX_TOKENS_CEILING);
        }
        refuseUnsupported(body);
        long n = JsonArgs.optLong(body, "n", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        if (n != 1) {
            throw AtelierException.invalidArgument("n", "only one choice per request is supported: 'n' must be 1, got " + n);
        }
        String prompt = null;
        List<ChatMessage> messages = List.of();
        boolean hasPrompt = body.getValue("prompt") != null;
        boolean hasMessages = body.getValue("messages") != null;
        switch (input) {
            case PROMPT -> prompt = prompt(body);
            case MESSAGES -> messages = messages(body);
            case EITHER -> {
                if (hasPrompt == hasMessages) {
                    throw AtelierException.invalidArgument(hasPrompt ? "messages" : "prompt",
                            "give exactly one of 'prompt' (text to continue) and 'messages' (a chat)");
                }
                if (hasPrompt) {
                    prompt = prompt(body);
                } else {
                    messages = messages(body);
                }
            }
        }
        // Chat clients send max_completion_tokens now; max_tokens is its older name.
        String lengthKey = body.getValue("max_completion_tokens") != null ? "max_completion_tokens" : "max_tokens";
        Object requested = body.getValue(lengthKey);
        if (requested instanceof Number num && Double.isFinite(num.doubleValue())
                && num.doubleValue() == Math.rint(num.doubleValue()) && num.doubleValue() > maxTokensLimit) {
            throw AtelierException.invalidArgument(lengthKey, "'" + lengthKey + "' may be at most " + maxTokensLimit
                    + " on this gateway (its generation-length limit), got " + num);
        }
        int maxTokens = (int) JsonArgs.optLong(body, lengthKey, Math.min(DEFAULT_MAX_TOKENS, maxTokensLimit), 1,
                maxTokensLimit);
        return new TextGenerationParams(prompt, messages, maxTokens,
                JsonArgs.optDouble(body, "temperature", 1.0, 0, 2),
                JsonArgs.optDouble(body, "top_p", 1.0, 0, 1),
                (int) JsonArgs.optLong(body, "top_k", 0, 0, MAX_TOP_K),
                JsonArgs.optDouble(body, "min_p", 0.0, 0, 1),
                JsonArgs.optDouble(body, "presence_penalty", 0.0, -2, 2),
                JsonArgs.optDouble(body, "frequency_penalty", 0.0, -2, 2),
                repetitionPenalty(body),
                body.getValue("seed") == null ? null : JsonArgs.optLong(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
                stop(body));
    }

    /** Reads the body of a {@code text-generation} work request, as a worker does. */
    public static TextGenerationParams fromPayload(JsonObject payload) {
        return fromRequest(payload, Input.EITHER, MAX_TOKENS_CEILING);
    }

    /** The work request's body: the checked values with every default filled in. */
    public JsonObject toPayload() {
        JsonObject json = new JsonObject();
        if (prompt != null) {
            json.put("prompt", prompt);
        } else {
            JsonArray list = new JsonArray();
            messages.forEach(m -> list.add(new JsonObject().put("role", m.role()).put("content", m.content())));
            json.put("messages", list);
        }
        json.put("max_tokens", maxTokens)
                .put("temperature", temperature)
                .put("top_p", topP)
                .put("top_k", topK)
                .put("min_p", minP)
                .put("presence_penalty", presencePenalty)
                .put("frequency_penalty", frequencyPenalty)
                .put("repetition_penalty", repetitionPenalty);
        if (seed != null) {
            json.put("seed", seed);
        }
        return json.put("stop", new JsonArray(new ArrayList<>(stop)));
    }

    private static void refuseUnsupported(JsonObject body) {
        for (Map.Entry<String, String> e : UNSUPPORTED.entrySet()) {
            Object v = body.getValue(e.getKey());
            boolean neutral = v == null || Boolean.FALSE.equals(v)
                    || (e.getKey().equals("best_of") && v instanceof Number b && b.doubleValue() == 1)
                    || (e.getKey().equals("logit_bias") && v instanceof JsonObject o && o.isEmpty())
                    || (e.getKey().equals("tools") && v instanceof JsonArray a && a.isEmpty())
                    || (e.getKey().equals("tool_choice") && "none".equals(v))
                    || (e.getKey().equals("response_format") && v instanceof JsonObject o
                        && "text".equals(o.getValue("type")));
            if (!neutral) {
                throw AtelierException.invalidArgument(e.getKey(), "'" + e.getKey() + "': " + e.getValue());
            }
        }
    }

    private static String prompt(JsonObject body) {
        Object v = body.getValue("prompt");
        if (v instanceof JsonArray array) { // OpenAI allows a batch; we serve one prompt per request
            if (array.size() != 1 || !(array.getValue(0) instanceof String)) {
                throw AtelierException.invalidArgument("prompt",
                        "'prompt' must be one string (or an array holding exactly one string)");
            }
            return array.getString(0);
        }
        if (v == null) {
            throw AtelierException.invalidArgument("prompt", "'prompt' is required");
        }
        if (!(v instanceof String s)) {
            throw AtelierException.invalidArgument("prompt", "'prompt' must be a string");
        }
        return s;
    }

    private static List<ChatMessage> messages(JsonObject body) {
        Object v = body.getValue("messages");
        if (v == null) {
            throw AtelierException.invalidArgument("messages", "'messages' is required");
        }
        if (!(v instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_MESSAGES) {
            throw AtelierException.invalidArgument("messages",
                    "'messages' must be an array of 1 to " + MAX_MESSAGES + " {role, content} objects");
        }
        List<ChatMessage> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String at = "messages[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject m)) {
                throw AtelierException.invalidArgument(at, "'" + at + "' must be an object {role, content}");
            }
            Object role = m.getValue("role");
            if (!(role instanceof String r)) {
                throw AtelierException.invalidArgument(at + ".role", "'" + at + ".role' must be a string");
            }
            if (r.equals("developer")) {
                r = "system"; // OpenAI's newer name for the system turn
            }
            if (!ROLES.contains(r)) {
                throw AtelierException.invalidArgument(at + ".role", "'" + at + ".role' must be system, developer, user"
                        + " or assistant, got " + AtelierException.quote(r));
            }
            out.add(new ChatMessage(r, content(m.getValue("content"), at + ".content")));
        }
        return out;
    }

    /** A message's content: a string, or an array of {@code {"type":"text","text":…}} parts joined. */
    private static String content(Object v, String at) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            for (Object p : parts) {
                if (!(p instanceof JsonObject part) || !"text".equals(part.getValue("type"))
                        || !(part.getValue("text") instanceof String t)) {
                    throw AtelierException.invalidArgument(at,
                            "'" + at + "' parts must be {\"type\":\"text\",\"text\":…}; images and audio are not accepted here");
                }
                text.append(t);
            }
            return text.toString();
        }
        throw AtelierException.invalidArgument(at, "'" + at + "' must be a string or an array of text parts");
    }

    private static double repetitionPenalty(JsonObject body) {
        double p = JsonArgs.optDouble(body, "repetition_penalty", 1.0, 0, 10);
        if (p == 0) {
            throw AtelierException.invalidArgument("repetition_penalty",
                    "'repetition_penalty' must be above 0 (1 = off), got 0");
        }
        return p;
    }

    private static List<String> stop(JsonObject body) {
        Object v = body.getValue("stop");
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof JsonArray array) {
            for (Object s : array) {
                if (!(s instanceof String str)) {
                    throw AtelierException.invalidArgument("stop", "'stop' must be a string or an array of strings");
                }
                out.add(str);
            }
        } else {
            throw AtelierException.invalidArgument("stop", "'stop' must be a string or an array of strings");
        }
        if (out.size() > MAX_STOP) {
            throw AtelierException.invalidArgument("stop", "'stop' may hold at most " + MAX_STOP + " strings, got " + out.size());
        }
        for (String s : out) {
            if (s.isEmpty() || s.length() > MAX_STOP_LENGTH) {
                throw AtelierException.invalidArgument("stop",
                        "each stop string must have 1 to " + MAX_STOP_LENGTH + " characters");
            }
        }
        return out;
    }
}
