package dev.atelier.text.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a BPE {@code tokenizer.json} (byte-level: GPT-2, Llama 3, Qwen 2, SmolLM…; or
 * SentencePiece-style with byte fallback: Llama 2, Mistral) and its {@code tokenizer_config.json}
 * into GGUF {@code tokenizer.ggml.*} metadata as llama.cpp's converter writes it: tokens by id padded to the model's vocabulary with {@code [PAD<id>]}
 * (unused), token types (normal, control for special added tokens, user-defined for the other
 * added tokens), merges as "left right", the pre-tokenizer's llama.cpp name found from its
 * regular expressions, BOS/EOS ids, add_bos_token and the chat template.
 */
final class HfTokenizerMetadata {

    // The Split regexes of the tokenizer.json files of Llama 3 and Qwen 2, as published.
    static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final String model;
    private final Path file;

    HfTokenizerMetadata(String model, Path file) {
        this.model = model;
        this.file = file;
    }

    private ModelIntegrityException problem(String what) {
        return new ModelIntegrityException(model, String.valueOf(file.getFileName()), file, what);
    }

    /**
     * Puts the tokenizer entries into {@code w}. {@code vocabSize} is the model's embedding rows
     * (config.json vocab_size): the token list is padded to it. {@code configBos}/{@code configEos}
     * are config.json's ids, used when tokenizer_config.json names none (-1 for none).
     */
    void put(GgufWriter w, JsonNode root, JsonNode config, int vocabSize, int configBos, int configEos) {
        JsonNode m = root.path("model");
        if (!m.path("type").asText("BPE").equals("BPE")) {
            throw problem("has a " + m.path("type").asText("") + " model; only BPE tokenizers are supported");
        }
        boolean sentencePiece = m.path("byte_fallback").asBoolean(false);
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            set(tokens, types, id(e.getValue(), e.getKey()), e.getKey(), 1);
        }
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText(null);
            if (content == null) {
                throw problem("has an added token without content");
            }
            set(tokens, types, id(added.path("id"), content), content, added.path("special").asBoolean(false) ? 3 : 4);
        }
        if (tokens.isEmpty()) {
            throw problem("has no model.vocab");
        }
        if (tokens.size() > vocabSize) {
            throw problem("has " + tokens.size() + " tokens, more than the model's vocab_size " + vocabSize);
        }
        while (tokens.size() < vocabSize) {
            tokens.add(null);
            types.add(null);
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) {
                tokens.set(i, "[PAD" + i + "]");
                types.set(i, 5);
            }
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode r : m.path("merges")) {
            if (r.isTextual()) {
                merges.add(r.asText());
            } else if (r.isArray() && r.size() == 2) {
                merges.add(r.get(0).asText() + " " + r.get(1).asText());
            } else {
                throw problem("has a merge that is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }
        String[] tokenArray = tokens.toArray(String[]::new);
        int[] typeArray = types.stream().mapToInt(Integer::intValue).toArray();
        if (sentencePiece) {
            putSentencePiece(w, root, m, tokenArray, typeArray, merges);
        } else {
            w.putString("tokenizer.ggml.model", "gpt2");
            w.putString("tokenizer.ggml.pre", preTokenizerName(root.path("pre_tokenizer")));
            w.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokenArray));
            w.put("tokenizer.ggml.token_type", GgufValue.int32Array(typeArray));
            w.put("tokenizer.ggml.merges", GgufValue.stringArray(merges.toArray(String[]::new)));
        }
        int bos = specialId(config, "bos_token", tokenArray, configBos);
        int eos = specialId(config, "eos_token", tokenArray, configEos);
        if (bos >= 0) {
            w.putUInt32("tokenizer.ggml.bos_token_id", bos);
        }
        if (eos >= 0) {
            w.putUInt32("tokenizer.ggml.eos_token_id", eos);
        }
        int pad = specialId(config, "pad_token", tokenArray, -1);
        if (pad >= 0) {
            w.putUInt32("tokenizer.ggml.padding_token_id", pad);
        }
        w.putBool("tokenizer.ggml.add_bos_token", addBos(root, config, bos >= 0 ? tokenArray[bos] : null));
        String template = chatTemplate(config.path("chat_template"));
        if (template != null) {
            w.putString("tokenizer.chat_template", template);
        }
    }

    /**
     * A SentencePiece-style BPE (byte_fallback: Llama 2, Mistral): GGUF model "llama", which merges
     * the adjacent pair whose concatenation has the highest score. transformers writes such a
     * tokenizer's merges ordered by the merged piece's SentencePiece score, so the score of a piece
     * is minus the rank of the first merge producing it; pieces no merge produces come after all of
     * them (their scores are never consulted: merges join two symbols). Byte pieces {@code <0xNN>}
     * get type BYTE, the model's unk_token UNKNOWN.
     */
    private void putSentencePiece(GgufWriter w, JsonNode root, JsonNode m, String[] tokens, int[] types, List<String> merges) {
        Map<String, Integer> firstRank = new java.util.HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            String rule = merges.get(r);
            int space = rule.indexOf(' ', 1);
            if (space > 0) {
                firstRank.putIfAbsent(rule.substring(0, space) + rule.substring(space + 1), r);
            }
        }
        String unk = m.path("unk_token").asText(null);
        float[] scores = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            Integer rank = firstRank.get(tokens[i]);
            if (types[i] == 1 && tokens[i].matches("<0x[0-9A-F]{2}>")) {
                types[i] = 6;
            } else if (tokens[i].equals(unk)) {
                types[i] = 2;
            }
            scores[i] = types[i] != 1 ? 0 : rank != null ? -rank : -(float) (merges.size() + i);
        }
        w.putString("tokenizer.ggml.model", "llama");
        w.putString("tokenizer.ggml.pre", "default");
        w.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        w.put("tokenizer.ggml.scores", GgufValue.float32Array(scores));
        w.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        for (int i = 0; i < tokens.length; i++) {
            if (types[i] == 2) {
                w.putUInt32("tokenizer.ggml.unknown_token_id", i);
                break;
            }
        }
        w.putBool("tokenizer.ggml.add_space_prefix", addsSpacePrefix(root));
    }

    // Legacy Llama tokenizers prepend '▁' in the normalizer; newer ones in a Metaspace pre-tokenizer.
    private static boolean addsSpacePrefix(JsonNode root) {
        boolean[] found = new boolean[1];
        java.util.function.Consumer<JsonNode> visit = new java.util.function.Consumer<>() {
            @Override
            public void accept(JsonNode n) {
                String type = n.path("type").asText("");
                if (type.equals("Prepend") && n.path("prepend").asText("").equals("\u2581")) {
                    found[0] = true;
                } else if (type.equals("Metaspace")) {
                    String scheme = n.path("prepend_scheme").asText(n.path("add_prefix_space").asBoolean(true) ? "always" : "never");
                    found[0] |= !scheme.equals("never");
                }
                n.path("normalizers").forEach(this);
                n.path("pretokenizers").forEach(this);
            }
        };
        visit.accept(root.path("normalizer"));
        visit.accept(root.path("pre_tokenizer"));
        return found[0];
    }

    private int id(JsonNode n, String token) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 10_000_000) {
            throw problem("has token " + AtelierException.quote(token) + " without a valid id");
        }
        return n.asInt();
    }

    private static void set(List<String> tokens, List<Integer> types, int id, String text, int type) {
        while (tokens.size() <= id) {
            tokens.add(null);
            types.add(null);
        }
        tokens.set(id, text);
        types.set(id, type);
    }

    /** llama.cpp's name for the pre-tokenizer, recognised from its regular expressions. */
    String preTokenizerName(JsonNode pre) {
        List<String> regexes = new ArrayList<>();
        boolean[] byteLevel = new boolean[1];
        collect(pre, regexes, byteLevel);
        if (!byteLevel[0]) {
            throw problem("has no ByteLevel pre-tokenizer; only byte-level BPE is supported");
        }
        if (regexes.equals(List.of("gpt2"))) {
            return "gpt-2";
        }
        if (regexes.equals(List.of(LLAMA3_REGEX))) {
            return "llama-bpe";
        }
        if (regexes.equals(List.of(QWEN2_REGEX))) {
            return "qwen2";
        }
        if (regexes.equals(List.of("digits", "gpt2"))) {
            return "smollm";
        }
        throw problem("has a pre-tokenizer the converter does not know (supported: GPT-2's, Llama 3's, Qwen 2's and SmolLM's)");
    }

    private void collect(JsonNode n, List<String> regexes, boolean[] byteLevel) {
        switch (n.path("type").asText("")) {
            case "Sequence" -> n.path("pretokenizers").forEach(p -> collect(p, regexes, byteLevel));
            case "ByteLevel" -> {
                byteLevel[0] = true;
                if (n.path("use_regex").asBoolean(true)) {
                    regexes.add("gpt2");
                }
            }
            case "Digits" -> regexes.add(n.path("individual_digits").asBoolean(false) ? "digits" : "digit-runs");
            case "Split" -> {
                JsonNode pattern = n.path("pattern");
                regexes.add(pattern.has("Regex") ? pattern.get("Regex").asText() : "string:" + pattern.path("String").asText());
            }
            default -> throw problem("has pre-tokenizer type '" + n.path("type").asText("") + "', which is not supported");
        }
    }

    private int specialId(JsonNode config, String key, String[] tokens, int fallback) {
        JsonNode n = config.path(key);
        String text = n.isTextual() ? n.asText() : n.path("content").asText(null);
        if (text == null) {
            return fallback >= 0 && fallback < tokens.length ? fallback : -1;
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(text)) {
                return i;
            }
        }
        throw new ModelIntegrityException(model, "tokenizer_config.json", file.resolveSibling("tokenizer_config.json"),
                "names " + key + " " + AtelierException.quote(text) + ", which is not in the vocabulary");
    }

    // tokenizer_config.json's add_bos_token when given; else whether the post-processor puts BOS first.
    private static boolean addBos(JsonNode root, JsonNode config, String bos) {
        if (config.has("add_bos_token")) {
            return config.path("add_bos_token").asBoolean(false);
        }
        if (bos == null) {
            return false;
        }
        JsonNode post = root.path("post_processor");
        List<JsonNode> candidates = new ArrayList<>();
        if (post.path("type").asText("").equals("Sequence")) {
            post.path("processors").forEach(candidates::add);
        } else {
            candidates.add(post);
        }
        for (JsonNode p : candidates) {
            JsonNode single = p.path("single");
            if (p.path("type").asText("").equals("TemplateProcessing") && single.isArray() && !single.isEmpty()) {
                return bos.equals(single.get(0).path("SpecialToken").path("id").asText(null));
            }
        }
        return false;
    }

    // A string, or a list of {name, template} from which "default" is taken.
    private static String chatTemplate(JsonNode t) {
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (e.path("name").asText("").equals("default") && e.path("template").isTextual()) {
                    return e.path("template").asText();
                }
            }
        }
        return null;
    }

}
