package dev.atelier.text.tokenizer;

import dev.atelier.text.gguf.GgufMetadata;
import java.io.IOException;

/** Test access to the tokenizer.json that transformers' LlamaConverter would write for a SentencePiece GGUF vocabulary. */
public final class LlamaTokenizerJsonAccess {
    private LlamaTokenizerJsonAccess() {
    }

    public static String llamaTokenizerJson(GgufMetadata md) throws IOException {
        return HuggingFaceOracleTest.llamaTokenizerJson(md);
    }
}
