package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.SharedTestData;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rust Hugging Face tokenizers library (through DJL's binding) as the oracle: the GPT-2 vocabulary
 * of llama.cpp's test GGUF is written out as a standard GPT-2 {@code tokenizer.json}, loaded by both
 * DJL and {@link Tokenizers#fromHuggingFace(Path)}, and both must give the same ids (and decode them
 * to the same text) for every text of a large, varied, seeded sample: all of tinyshakespeare in chunks
 * of 1–3 lines, llama.cpp's test texts, and generated strings mixing scripts, emoji (ZWJ sequences,
 * skin tones, flags), whitespace runs, digit runs, punctuation, contractions, case and random code points.
 * The same sample checks the Llama SentencePiece vocabulary against its Hugging Face tokenizer.json form.
 */
class HuggingFaceOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gpt2EncodingEqualsTheRustTokenizers(@TempDir Path dir) throws IOException {
        Path gguf = SharedTestData.require("tokenizers/vocab-gpt-2.gguf");
        Path shakespeare = SharedTestData.require("tinyshakespeare/input.txt");
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, gpt2TokenizerJson(GgufFile.open(gguf).metadata()), StandardCharsets.UTF_8);
        compare("gpt-2", Tokenizers.fromHuggingFace(json), json, sample(shakespeare));
    }

    /**
     * Llama's SentencePiece BPE as Hugging Face's converted Llama tokenizer.json has it (BPE with
     * byte_fallback, merges extracted from the piece scores, Prepend/Replace normalizer, no
     * pre-tokenizer), against our SentencePiece tokenizer read from the GGUF: our tokenizer.json
     * reader takes byte-level BPE only.
     */
    @Test
    void llamaSpmEncodingEqualsTheRustTokenizers(@TempDir Path dir) throws IOException {
        Path gguf = SharedTestData.require("tokenizers/vocab-llama-spm.gguf");
        Path shakespeare = SharedTestData.require("tinyshakespeare/input.txt");
        Path json = dir.resolve("tokenizer.json");
        GgufMetadata md = GgufFile.open(gguf).metadata();
        Files.writeString(json, llamaTokenizerJson(md), StandardCharsets.UTF_8);
        compare("llama-spm", Tokenizers.fromGguf(md), json, sample(shakespeare));
    }

    private static void compare(String name, Tokenizer ours, Path json, List<String> texts) throws IOException {
        NativeRuntime.configure();
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder()
                .optTokenizerPath(json)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build()) {
            assertEquals("DO_NOT_TRUNCATE", reference.getTruncation());
            assertEquals("DO_NOT_PAD", reference.getPadding());
            assertTrue(texts.size() >= 5_000, "sample has " + texts.size() + " texts");
            List<String> failures = new ArrayList<>();
            int idMatches = 0;
            int decodeMatches = 0;
            long tokens = 0;
            for (String text : texts) {
                // Hugging Face always matches added tokens (special ones included) in the input.
                int[] got = ours.encode(text, true, false);
                long[] expectedLong = reference.encode(text, false, false).getIds();
                int[] expected = Arrays.stream(expectedLong).mapToInt(Math::toIntExact).toArray();
                tokens += expected.length;
                if (Arrays.equals(expected, got)) {
                    idMatches++;
                } else if (failures.size() < 10) {
                    failures.add("encode " + escape(text) + "\n   reference " + Arrays.toString(expected)
                            + "\n   ours      " + Arrays.toString(got));
                }
                String expectedText = reference.decode(expectedLong, false);
                String gotText = ours.decode(expected);
                if (expectedText.equals(gotText) && gotText.equals(text)) {
                    decodeMatches++;
                } else if (failures.size() < 10) {
                    failures.add("decode " + escape(text) + "\n   reference " + escape(expectedText)
                            + "\n   ours      " + escape(gotText));
                }
            }
            System.out.printf("%s vs HF tokenizers %s: %d texts (%d tokens), %d id matches, %d decode matches%n",
                    name, reference.getVersion(), texts.size(), tokens, idMatches, decodeMatches);
            assertTrue(idMatches == texts.size() && decodeMatches == texts.size(),
                    name + ": " + (texts.size() - idMatches) + " encode and " + (texts.size() - decodeMatches)
                            + " decode mismatches of " + texts.size() + "; first ones:\n" + String.join("\n", failures));
        }
    }

    /**
     * Llama's tokenizer.json as transformers' LlamaConverter writes it; merges as its
     * SentencePieceExtractor makes them: every split of every piece into two pieces, ordered by the
     * piece's score (highest first, stable), splits of one piece by the ids of their halves.
     */
    static String llamaTokenizerJson(GgufMetadata md) throws IOException {
        String[] tokens = md.getStringArray(Tokenizers.TOKENS);
        float[] scores = md.getFloatArray(Tokenizers.SCORES);
        int[] types = md.getIntArray(Tokenizers.TOKEN_TYPE);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
        }
        record Merge(int left, int right, float score) {
        }
        List<Merge> merges = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String piece = tokens[i];
            List<Merge> local = new ArrayList<>();
            for (int k = piece.offsetByCodePoints(0, 1); k < piece.length(); k = piece.offsetByCodePoints(k, 1)) {
                Integer l = ids.get(piece.substring(0, k));
                Integer r = ids.get(piece.substring(k));
                if (l != null && r != null) {
                    local.add(new Merge(l, r, scores[i]));
                }
            }
            local.sort(Comparator.comparingInt(Merge::left).thenComparingInt(Merge::right));
            merges.addAll(local);
        }
        merges.sort((a, b) -> Float.compare(b.score(), a.score())); // stable, as Python's sorted

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < tokens.length; i++) {
            TokenType type = TokenType.fromId(types[i]);
            if (type == TokenType.CONTROL || type == TokenType.UNKNOWN) {
                ObjectNode a = added.addObject();
                a.put("id", i);
                a.put("content", tokens[i]);
                a.put("single_word", false);
                a.put("lstrip", false);
                a.put("rstrip", false);
                a.put("normalized", false);
                a.put("special", true);
            }
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", "\u2581");
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", "\u2581");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        ObjectNode unspace = decoders.addObject().put("type", "Replace");
        unspace.putObject("pattern").put("String", "\u2581");
        unspace.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        String unk = null;
        for (int i = 0; i < tokens.length && unk == null; i++) {
            unk = TokenType.fromId(types[i]) == TokenType.UNKNOWN ? tokens[i] : null;
        }
        model.put("unk_token", unk);
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.length; i++) {
            vocab.put(tokens[i], i);
        }
        ArrayNode mergeArray = model.putArray("merges");
        for (Merge m : merges) {
            mergeArray.addArray().add(tokens[m.left()]).add(tokens[m.right()]);
        }
        return JSON.writeValueAsString(root);
    }

    /** The standard GPT-2 tokenizer.json (as Hugging Face publishes it) from a GGUF's vocabulary and merges. */
    static String gpt2TokenizerJson(GgufMetadata md) throws IOException {
        String[] tokens = md.getStringArray(Tokenizers.TOKENS);
        String[] merges = md.getStringArray(Tokenizers.MERGES);
        int eot = Arrays.asList(tokens).indexOf("<|endoftext|>");
        assertTrue(eot >= 0, "the GPT-2 vocabulary has <|endoftext|>");

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ObjectNode added = root.putArray("added_tokens").addObject();
        added.put("id", eot);
        added.put("content", "<|endoftext|>");
        added.put("single_word", false);
        added.put("lstrip", false);
        added.put("rstrip", false);
        added.put("normalized", true);
        added.put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.length; i++) {
            vocab.put(tokens[i], i);
        }
        ArrayNode mergeArray = model.putArray("merges");
        for (String m : merges) {
            mergeArray.add(m);
        }
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }

    /** Every line of tinyshakespeare in chunks of 1–3 lines, llama.cpp's test texts, and generated strings. */
    static List<String> sample(Path shakespeare) throws IOException {
        Random random = new Random(20240611L);
        List<String> texts = new ArrayList<>();
        String all = Files.readString(shakespeare, StandardCharsets.UTF_8);
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length; ) {
            int n = Math.min(1 + random.nextInt(3), lines.length - i);
            String chunk = String.join("\n", Arrays.asList(lines).subList(i, i + n));
            texts.add(random.nextInt(4) == 0 ? chunk + "\n" : chunk);
            i += n;
        }
        texts.add(all.substring(0, 20_000)); // one long text: nothing truncated
        for (String vocab : List.of("vocab-gpt-2.gguf", "vocab-llama-spm.gguf")) {
            Path inp = SharedTestData.repoRoot().resolve("../shared/data/tokenizers/" + vocab + ".inp").normalize();
            if (Files.isRegularFile(inp)) {
                for (String t : Files.readString(inp, StandardCharsets.UTF_8).split(ReferenceVocabTest.SEPARATOR, -1)) {
                    texts.add(t);
                }
            }
        }
        for (int i = 0; i < 4_000; i++) {
            texts.add(generated(random));
        }
        return texts;
    }

    private static final int[][] SCRIPTS = {
        {'a', 'z'}, {'A', 'Z'}, {0xC0, 0xFF}, {0x100, 0x17F}, {0x391, 0x3C9}, {0x410, 0x44F}, {0x4E00, 0x9FFF},
        {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x621, 0x64A}, {0x905, 0x94C}, {0xAC00, 0xD7A3}, {0xE01, 0xE3A},
        {0x5D0, 0x5EA}, {0x1D400, 0x1D6A5},
    };

    private static final String[] EMOJI = {
        "😀", "😂", "🤖", "🦙", "👍", "👍🏻", "👍🏽", "👍🏿", "👋🏼", "❤️", "❤", "✨", "🔥", "🎉", "🇺🇸", "🇯🇵", "🇩🇪",
        "👨‍👩‍👧‍👦", "👩‍💻", "🏳️‍🌈", "🧑🏾‍🚀", "👁️‍🗨️", "🤷‍♀️", "1️⃣", "#️⃣", "©️", "™", "🀄", "🃏", "🫠",
    };

    private static final String[] SPACES = {" ", " ", " ", "\t", "\n", "\n", "\r\n", "\r", "\u00A0", "\u3000", "\u2009", "\u200B", "\u000B", "\f"};

    private static final String PUNCTUATION = "!?.,;:'\"-()[]{}<>@#$%^&*_+=/\\|~`…—–«»¿¡“”‘’・。、！？";

    private static final String[] WORDS = {
        "the", "The", "THE", "hello", "Hello", "HeLLo", "world", "World", "don", "it", "we", "you", "they", "I",
        "naïve", "café", "Straße", "résumé", "Ωmega", "Москва", "東京", "नमस्ते", "مرحبا", "안녕하세요", "ẞ", "İstanbul",
        "ﬁne", "x²", "½", "Ⅻ", "e\u0301", "a\u0308\u0301", "<|endoftext|>", "<|endoftext", "endoftext|>",
    };

    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'LL", "’s", "'"};

    static String generated(Random random) {
        StringBuilder sb = new StringBuilder();
        int pieces = 1 + random.nextInt(14);
        for (int p = 0; p < pieces; p++) {
            switch (random.nextInt(11)) {
                case 0, 1 -> { // a word from one script
                    int[] range = SCRIPTS[random.nextInt(SCRIPTS.length)];
                    for (int k = 1 + random.nextInt(8); k > 0; k--) {
                        sb.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
                    }
                }
                case 2 -> sb.append(EMOJI[random.nextInt(EMOJI.length)]);
                case 3 -> {
                    for (int k = 1 + random.nextInt(6); k > 0; k--) {
                        sb.append(SPACES[random.nextInt(SPACES.length)]);
                    }
                }
                case 4 -> {
                    for (int k = 1 + random.nextInt(random.nextBoolean() ? 4 : 24); k > 0; k--) {
                        sb.append((char) ('0' + random.nextInt(10)));
                    }
                }
                case 5 -> {
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        sb.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                    }
                }
                case 6 -> sb.append(CONTRACTIONS[random.nextInt(CONTRACTIONS.length)]);
                case 7, 8 -> sb.append(random.nextBoolean() ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
                case 9 -> sb.append(' ');
                default -> { // any code point that is not a surrogate
                    int cp;
                    do {
                        cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x30000);
                    } while (cp >= 0xD800 && cp <= 0xDFFF);
                    sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x200B || cp == 0xA0) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }
}
