package dev.atelier.text.train.bpe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import dev.atelier.text.train.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A learned byte-level BPE vocabulary: the token strings (in GPT-2's byte alphabet) by id, the
 * merge rules in the order they were learned, and the end-of-text token as the last id. Written as
 * a standard Hugging Face {@code tokenizer.json} (ByteLevel pre-tokenizer and decoder, BPE model),
 * which DJL's HuggingFaceTokenizer and {@link Tokenizers#fromHuggingFace} both read.
 */
public record BpeVocabulary(List<String> tokens, List<String[]> merges) {
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }

    /** Ids including the end-of-text token. */
    public int size() {
        return tokens.size() + 1;
    }

    public int endOfTextId() {
        return tokens.size();
    }

    /** Every token string by id, the end-of-text token last. */
    public List<String> allTokens() {
        List<String> all = new ArrayList<>(tokens);
        all.add(END_OF_TEXT);
        return all;
    }

    /** The merges as {@code "a b"} strings, as tokenizer.json and GGUF write them. */
    public List<String> mergeRules() {
        return merges.stream().map(m -> m[0] + " " + m[1]).toList();
    }

    /** The tokenizer that encodes with this vocabulary (the project's own byte-level BPE). */
    public Tokenizer tokenizer() {
        return Tokenizers.fromHuggingFaceJson("trained-bpe", toJson(), null);
    }

    /** The {@code tokenizer.json} text. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode eot = added.addObject();
        eot.put("id", endOfTextId());
        eot.put("content", END_OF_TEXT);
        eot.put("single_word", false);
        eot.put("lstrip", false);
        eot.put("rstrip", false);
        eot.put("normalized", false);
        eot.put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(false, false));
        root.set("decoder", byteLevel(false, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), i);
        }
        ArrayNode rules = model.putArray("merges");
        mergeRules().forEach(rules::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw AtelierException.internal("cannot write tokenizer.json", e);
        }
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }

    /** Writes {@code tokenizer.json} atomically (a temporary file renamed into place). */
    public void write(Path path) {
        AtomicFiles.write(path, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a tokenizer.json this class wrote (or any GPT-2-style one whose only added token is last). */
    public static BpeVocabulary read(Path path) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT,
                    "cannot read tokenizer " + AtelierException.quote(path.toString()) + ": " + e.getMessage(), "tokenizer", e);
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw AtelierException.invalidArgument("tokenizer", path + " has no model.vocab");
        }
        String[] tokens = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= tokens.length || tokens[id] != null) {
                throw AtelierException.invalidArgument("tokenizer", path + " has token ids that are not 0.." + (tokens.length - 1));
            }
            tokens[id] = e.getKey();
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : root.path("model").path("merges")) {
            String rule = m.asText();
            int space = rule.indexOf(' ', 1);
            if (space < 0) {
                throw AtelierException.invalidArgument("tokenizer", path + " has a merge without a space");
            }
            merges.add(new String[] {rule.substring(0, space), rule.substring(space + 1)});
        }
        return new BpeVocabulary(List.of(tokens), merges);
    }
}
