package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.SharedTestData;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPT-2's byte-level BPE: special tokens, BOS, and the same tokenizer read from a Hugging Face tokenizer.json. */
class ByteLevelBpeTest {

    static Path vocabPath;
    static GgufMetadata gpt2;
    static Tokenizer tokenizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        vocabPath = SharedTestData.require("tokenizers/vocab-gpt-2.gguf");
        gpt2 = GgufFile.open(vocabPath).metadata();
        tokenizer = Tokenizers.fromGguf(gpt2);
    }

    @Test
    void describesTheVocabulary() {
        assertEquals(50257, tokenizer.vocabularySize());
        assertEquals(50256, tokenizer.bosId().getAsInt());
        assertEquals(50256, tokenizer.eosId().getAsInt());
        assertFalse(tokenizer.addBos(), "GPT-2 adds no BOS");
        assertFalse(tokenizer.addsSpacePrefix());
        assertEquals("Ġthe", tokenizer.token(262));
        assertEquals(TokenType.CONTROL, tokenizer.tokenType(50256));
        assertEquals(50256, tokenizer.tokenId("<|endoftext|>").getAsInt());
        assertArrayEquals(" the".getBytes(), tokenizer.tokenBytes(262));
    }

    @Test
    void specialTokensOnlyWhenAllowed() {
        String text = "Hello<|endoftext|>";
        // As text: "<|", "endoftext", "|>" are pre-tokenized apart; ids as tiktoken's gpt2 gives them.
        assertArrayEquals(new int[] {15496, 27, 91, 437, 1659, 5239, 91, 29}, tokenizer.encode(text));
        assertArrayEquals(new int[] {15496, 50256}, tokenizer.encode(text, true));
        assertArrayEquals(new int[] {50256, 15496, 50256}, tokenizer.encode(text, true, true));
        assertEquals(text, tokenizer.decode(tokenizer.encode(text, true)));
        assertEquals("Hello", tokenizer.decode(new int[] {15496, 50256}, true));
        assertArrayEquals(new int[] {50256}, tokenizer.encode("", false, true));
        assertArrayEquals(new int[0], tokenizer.encode(""));
    }

    @Test
    void badInputIsInvalidArgument() {
        AtelierException e = assertThrows(AtelierException.class, () -> tokenizer.decode(new int[] {50257}));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertThrows(AtelierException.class, () -> tokenizer.decode(new int[] {-1}));
        assertThrows(AtelierException.class, () -> tokenizer.encode(null));
    }

    @Test
    void longWordsAndOddTextAreLossless() {
        String[] texts = {"a".repeat(5000), "🦙".repeat(300), "\u0000\u0001\u007f", "e\u0301\u200d", "x y\u3000z\u00a0w"};
        for (String t : texts) {
            assertEquals(t, tokenizer.decode(tokenizer.encode(t)), ReferenceVocabTest.escape(t));
        }
    }

    // --- the same vocabulary as a Hugging Face tokenizer.json ---

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode tokenizerJson(boolean pairMerges, ObjectNode preTokenizer) {
        String[] tokens = gpt2.getStringArray("tokenizer.ggml.tokens");
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        added.addObject().put("id", 50256).put("content", "<|endoftext|>").put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", preTokenizer);
        root.putObject("decoder").put("type", "ByteLevel");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < 50256; i++) {
            vocab.put(tokens[i], i);
        }
        ArrayNode merges = model.putArray("merges");
        for (String m : gpt2.getStringArray("tokenizer.ggml.merges")) {
            if (pairMerges) {
                String[] p = m.split(" ");
                merges.addArray().add(p[0]).add(p[1]);
            } else {
                merges.add(m);
            }
        }
        return root;
    }

    static ObjectNode byteLevel(boolean useRegex) {
        return JSON.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", useRegex);
    }

    @Test
    void tokenizerJsonGivesTheReferenceIdsWithBothMergeFormats() throws IOException {
        List<ReferenceVocabTest.Case> cases = ReferenceVocabTest.cases(vocabPath);
        for (boolean pairs : new boolean[] {false, true}) {
            Tokenizer hf = Tokenizers.fromHuggingFaceJson("gpt2", tokenizerJson(pairs, byteLevel(true)).toString(), null);
            assertEquals(50257, hf.vocabularySize());
            for (ReferenceVocabTest.Case c : cases) {
                assertArrayEquals(c.expected(), hf.encode(c.text()), ReferenceVocabTest.escape(c.text()));
            }
            assertArrayEquals(new int[] {15496, 50256}, hf.encode("Hello<|endoftext|>", true));
        }
    }

    @Test
    void tokenizerJsonFromAFolderWithItsConfig() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("gpt2-model"));
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, tokenizerJson(false, byteLevel(true)).toString());
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"add_bos_token\": true, \"bos_token\": {\"content\": \"<|endoftext|>\"}, \"eos_token\": \"<|endoftext|>\"}");
        Tokenizer hf = Tokenizers.fromHuggingFace(json);
        assertTrue(hf.addBos());
        assertEquals(50256, hf.bosId().getAsInt());
        assertArrayEquals(new int[] {50256, 15496, 995}, hf.encode("Hello world", false, true));
    }

    @Test
    void splitRegexPreTokenizerAsLlama3Writes() {
        ObjectNode seq = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode list = seq.putArray("pretokenizers");
        ObjectNode split = list.addObject().put("type", "Split").put("behavior", "Isolated").put("invert", false);
        split.putObject("pattern").put("Regex", PreTokenizer.LLAMA3);
        list.add(byteLevel(false));
        Tokenizer hf = Tokenizers.fromHuggingFaceJson("l3", tokenizerJson(false, seq).toString(), null);
        int[] ids = hf.encode("1234567 apples");
        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(hf.decode(new int[] {id}));
        }
        // Digits go in groups of three (then " apples"), so token boundaries fall at 3, 6 and 7.
        assertEquals("1234567 apples", String.join("", pieces));
        List<Integer> boundaries = new ArrayList<>();
        int at = 0;
        for (String p : pieces) {
            at += p.length();
            boundaries.add(at);
        }
        assertTrue(boundaries.containsAll(List.of(3, 6, 7)), pieces.toString());
        // GPT-2's own pattern keeps the digits in one word, which its merges cut as 123|45|67.
        assertFalse(Arrays.equals(ids, tokenizer.encode("1234567 apples")));
    }

    @Test
    void unsupportedTokenizerJsonIsATypedError() {
        String wordPiece = "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}";
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> Tokenizers.fromHuggingFaceJson("bert", wordPiece, null));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("WordPiece"), e.getMessage());
        assertThrows(ModelIntegrityException.class, () -> Tokenizers.fromHuggingFaceJson("x", "{not json", null));
        String spm = "{\"model\": {\"type\": \"BPE\", \"byte_fallback\": true, \"vocab\": {\"a\": 0}, \"merges\": []}}";
        assertThrows(ModelIntegrityException.class, () -> Tokenizers.fromHuggingFaceJson("x", spm, null));
        String noByteLevel = "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"Whitespace\"}}";
        assertThrows(ModelIntegrityException.class, () -> Tokenizers.fromHuggingFaceJson("x", noByteLevel, null));
        ModelIntegrityException missing = assertThrows(ModelIntegrityException.class,
                () -> Tokenizers.fromHuggingFace(tmp.resolve("nothing/tokenizer.json")));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }
}
