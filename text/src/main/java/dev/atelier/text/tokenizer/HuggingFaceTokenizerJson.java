package dev.atelier.text.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.model.ModelIntegrityException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the parts of a Hugging Face {@code tokenizer.json} a byte-level BPE tokenizer needs:
 * {@code model} (type BPE: vocab, merges as "a b" strings or [a, b] pairs, ignore_merges),
 * {@code added_tokens} (special ones become control tokens, the others user-defined),
 * {@code pre_tokenizer} (ByteLevel, Split with a regex or string, Sequence of them) and an
 * optional NFC {@code normalizer}. Anything else it would have to ignore to produce ids, it refuses.
 */
final class HuggingFaceTokenizerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Names the file in errors. */
    record Source(String model, String file, Path path) {
        ModelIntegrityException problem(String problem) {
            return new ModelIntegrityException(model, file, path, problem);
        }

        ModelIntegrityException problem(String problem, Throwable cause) {
            return new ModelIntegrityException(model, file, path, problem, cause);
        }
    }

    private HuggingFaceTokenizerJson() {
    }

    static Tokenizer parse(Source source, String json, String configJson) {
        JsonNode root = readTree(source, json);
        Source configSource = new Source(source.model(), "tokenizer_config.json",
                source.path() == null ? null : source.path().resolveSibling("tokenizer_config.json"));
        JsonNode config = configJson == null ? JSON.createObjectNode() : readTree(configSource, configJson);
        JsonNode model = root.path("model");
        if (!model.isObject()) {
            throw source.problem("has no 'model' object");
        }
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw source.problem("has a " + type + " model; only byte-level BPE is supported");
        }
        if (model.path("byte_fallback").asBoolean(false)) {
            throw source.problem("is a SentencePiece-style BPE (byte_fallback); only byte-level BPE is supported");
        }

        // Vocabulary: the model's vocab plus the added tokens, by id.
        List<String> tokens = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw source.problem("has no model.vocab");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            set(source, tokens, types, id(source, e.getValue(), "model.vocab['" + e.getKey() + "']"), e.getKey(), TokenType.NORMAL);
        }
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText(null);
            if (content == null) {
                throw source.problem("has an added token without 'content'");
            }
            TokenType t = added.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED;
            set(source, tokens, types, id(source, added.path("id"), "added token '" + content + "'"), content, t);
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) == null) { // a hole in the ids: never produced
                tokens.set(i, "");
                types.set(i, TokenType.UNUSED);
            }
        }

        List<String[]> merges = new ArrayList<>();
        int index = 0;
        for (JsonNode m : model.path("merges")) {
            if (m.isTextual()) {
                String rule = m.asText();
                int space = rule.indexOf(' ', 1);
                if (space < 0) {
                    throw source.problem("has merge " + index + " without a space between its tokens");
                }
                merges.add(new String[] {rule.substring(0, space), rule.substring(space + 1)});
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
            } else {
                throw source.problem("has merge " + index + " that is neither \"a b\" nor [\"a\", \"b\"]");
            }
            index++;
        }

        List<String> regexes = new ArrayList<>();
        boolean[] byteLevel = new boolean[2]; // [seen, add_prefix_space]
        preTokenizer(source, root.path("pre_tokenizer"), regexes, byteLevel);
        if (!byteLevel[0]) {
            throw source.problem("has no ByteLevel pre-tokenizer; only byte-level BPE is supported");
        }
        boolean nfc = normalizer(source, root.path("normalizer"));

        String[] tokenArray = tokens.toArray(String[]::new);
        int bos = configToken(configSource, config, "bos_token", tokenArray);
        int eos = configToken(configSource, config, "eos_token", tokenArray);
        Vocabulary vocabulary = new Vocabulary(tokenArray, types.toArray(TokenType[]::new), null, bos, eos,
                unknownToken(model, tokenArray));
        var options = new ByteLevelBpeTokenizer.Options(config.path("add_bos_token").asBoolean(false),
                model.path("ignore_merges").asBoolean(false), byteLevel[1], nfc);
        return new ByteLevelBpeTokenizer(vocabulary, merges, PreTokenizer.of(regexes.toArray(String[]::new)), options);
    }

    private static JsonNode readTree(Source source, String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw source.problem("is not valid JSON (line " + e.getLocation().getLineNr() + ")", e);
        }
    }

    private static int id(Source source, JsonNode node, String what) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
            throw source.problem("has " + what + " without a valid id");
        }
        return node.asInt();
    }

    private static void set(Source source, List<String> tokens, List<TokenType> types, int id, String text, TokenType type) {
        if (id > 10_000_000) {
            throw source.problem("has token id " + id + ", implausibly large");
        }
        while (tokens.size() <= id) {
            tokens.add(null);
            types.add(null);
        }
        // An added token may repeat a vocab entry (same id): the added token's type wins.
        tokens.set(id, text);
        types.set(id, type);
    }

    private static void preTokenizer(Source source, JsonNode node, List<String> regexes, boolean[] byteLevel) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "Sequence" -> {
                for (JsonNode p : node.path("pretokenizers")) {
                    preTokenizer(source, p, regexes, byteLevel);
                }
            }
            case "ByteLevel" -> {
                byteLevel[0] = true;
                byteLevel[1] = node.path("add_prefix_space").asBoolean(false);
                if (node.path("use_regex").asBoolean(true)) {
                    regexes.add(PreTokenizer.GPT2);
                }
            }
            case "Digits" -> // SmolLM: each digit its own piece (individual_digits), else runs of digits
                regexes.add(node.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+");
            case "Split" -> {
                String behavior = node.path("behavior").asText("Isolated");
                if (!behavior.equals("Isolated") || node.path("invert").asBoolean(false)) {
                    throw source.problem("has a Split pre-tokenizer with behavior " + behavior
                            + (node.path("invert").asBoolean(false) ? " inverted" : "") + "; only Isolated is supported");
                }
                JsonNode pattern = node.path("pattern");
                if (pattern.has("Regex")) {
                    regexes.add(pattern.get("Regex").asText());
                } else if (pattern.has("String")) {
                    regexes.add(Pattern.quote(pattern.get("String").asText()));
                } else {
                    throw source.problem("has a Split pre-tokenizer without a pattern");
                }
            }
            default -> throw source.problem("has pre-tokenizer type '" + type + "', which is not supported");
        }
    }

    private static boolean normalizer(Source source, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        String type = node.path("type").asText("");
        if (type.equals("NFC")) {
            return true;
        }
        if (type.equals("Sequence") && node.path("normalizers").isEmpty()) {
            return false;
        }
        throw source.problem("has normalizer type '" + type + "', which is not supported");
    }

    // tokenizer_config.json gives special tokens as a string or as {"content": ...}.
    private static int configToken(Source source, JsonNode config, String key, String[] tokens) {
        JsonNode node = config.path(key);
        String text = node.isTextual() ? node.asText() : node.path("content").asText(null);
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(text)) {
                return i;
            }
        }
        throw source.problem("names " + key + " '" + text + "', which is not in the vocabulary");
    }

    private static int unknownToken(JsonNode model, String[] tokens) {
        String unk = model.path("unk_token").asText(null);
        if (unk == null) {
            return -1;
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(unk)) {
                return i;
            }
        }
        return -1;
    }
}
