package dev.atelier.text.tokenizer;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds tokenizers from model files: a GGUF's {@code tokenizer.ggml.*} metadata (model "gpt2":
 * byte-level BPE, "llama": SentencePiece BPE) or a Hugging Face {@code tokenizer.json} with a
 * byte-level BPE model. Files that lack what is needed, or ask for something not supported, give a
 * {@link dev.atelier.core.model.ModelIntegrityException} (UNAVAILABLE) saying what.
 */
public final class Tokenizers {

    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String BOS = "tokenizer.ggml.bos_token_id";
    static final String EOS = "tokenizer.ggml.eos_token_id";
    static final String UNKNOWN = "tokenizer.ggml.unknown_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";

    private Tokenizers() {
    }

    public static Tokenizer fromGguf(GgufFile file) {
        return fromGguf(file.metadata());
    }

    public static Tokenizer fromGguf(GgufMetadata md) {
        Objects.requireNonNull(md, "metadata");
        String model = md.getString(MODEL);
        String[] tokens = md.getStringArray(TOKENS);
        int n = tokens.length;
        TokenType[] types = null;
        Optional<int[]> typeIds = md.optIntArray(TOKEN_TYPE);
        if (typeIds.isPresent()) {
            int[] ids = typeIds.get();
            if (ids.length != n) {
                throw md.problem(n + " tokens but " + ids.length + " entries in " + TOKEN_TYPE);
            }
            types = new TokenType[n];
            for (int i = 0; i < n; i++) {
                types[i] = TokenType.fromId(ids[i]);
            }
        }
        float[] scores = md.optFloatArray(SCORES).orElse(null);
        if (scores != null && scores.length != n) {
            throw md.problem(n + " tokens but " + scores.length + " entries in " + SCORES);
        }
        Vocabulary vocab = new Vocabulary(tokens, types, scores,
                tokenId(md, BOS, n), tokenId(md, EOS, n), tokenId(md, UNKNOWN, n));
        return switch (model) {
            case "gpt2" -> {
                String pre = md.optString(PRE).orElse("default");
                PreTokenizer preTokenizer = PreTokenizer.forGgufName(pre).orElseThrow(() -> md.problem(
                        "pre-tokenizer '" + pre + "' is not supported (supported: default, gpt-2, llama-bpe, qwen2, smollm)"));
                boolean llama3 = pre.equals("llama-bpe") || pre.equals("llama3") || pre.equals("llama-v3") || pre.equals("smaug-bpe");
                var options = new ByteLevelBpeTokenizer.Options(md.optBoolean(ADD_BOS).orElse(false), llama3, false, false);
                yield new ByteLevelBpeTokenizer(vocab, mergesOf(md), preTokenizer, options);
            }
            case "llama" -> new SentencePieceTokenizer(vocab, md.optBoolean(ADD_BOS).orElse(true),
                    md.optBoolean(ADD_SPACE_PREFIX).orElse(true));
            default -> throw md.problem("tokenizer model '" + model + "' is not supported (supported: gpt2, llama)");
        };
    }

    private static int tokenId(GgufMetadata md, String key, int n) {
        OptionalInt id = md.optInt(key);
        if (id.isEmpty()) {
            return -1;
        }
        if (id.getAsInt() < 0 || id.getAsInt() >= n) {
            throw md.problem(key + " = " + id.getAsInt() + " is outside the vocabulary of " + n + " tokens");
        }
        return id.getAsInt();
    }

    private static List<String[]> mergesOf(GgufMetadata md) {
        String[] rules = md.getStringArray(MERGES);
        List<String[]> merges = new ArrayList<>(rules.length);
        for (int i = 0; i < rules.length; i++) {
            // The first space after the first character separates the two tokens, as llama.cpp reads it.
            int space = rules[i].indexOf(' ', 1);
            if (space < 0) {
                throw md.problem(MERGES + " entry " + i + " is not two tokens separated by a space");
            }
            merges.add(new String[] {rules[i].substring(0, space), rules[i].substring(space + 1)});
        }
        return merges;
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json} (byte-level BPE: GPT-2, Llama 3, Qwen…), and the
     * {@code tokenizer_config.json} beside it when present, for the BOS/EOS tokens and add_bos_token.
     */
    public static Tokenizer fromHuggingFace(Path tokenizerJson) {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        Path dir = tokenizerJson.toAbsolutePath().getParent();
        String model = dir.getFileName() == null ? "tokenizer" : dir.getFileName().toString();
        String file = String.valueOf(tokenizerJson.getFileName());
        HuggingFaceTokenizerJson.Source source = new HuggingFaceTokenizerJson.Source(model, file, tokenizerJson);
        String json = read(source, tokenizerJson);
        Path configPath = dir.resolve("tokenizer_config.json");
        String config = Files.isRegularFile(configPath)
                ? read(new HuggingFaceTokenizerJson.Source(model, "tokenizer_config.json", configPath), configPath) : null;
        return HuggingFaceTokenizerJson.parse(source, json, config);
    }

    /**
     * Parses the text of a {@code tokenizer.json} and, optionally (null), of its
     * {@code tokenizer_config.json}; {@code name} names the model in errors.
     */
    public static Tokenizer fromHuggingFaceJson(String name, String tokenizerJson, String tokenizerConfigJson) {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        return HuggingFaceTokenizerJson.parse(new HuggingFaceTokenizerJson.Source(
                Objects.requireNonNull(name, "name"), "tokenizer.json", null), tokenizerJson, tokenizerConfigJson);
    }

    private static String read(HuggingFaceTokenizerJson.Source source, Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw source.problem("is missing", e);
        } catch (IOException e) {
            throw source.problem("cannot be read: " + e.getMessage(), e);
        }
    }
}
