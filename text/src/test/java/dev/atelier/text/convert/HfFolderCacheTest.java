package dev.atelier.text.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.llm.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine runs a Hugging Face folder by converting it once into a cached GGUF of the same precision. */
class HfFolderCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderRunsLikeItsExplicitConversionAndIsConvertedOnce() throws Exception {
        HfFolder hf = HfFolder.llama(tmp.resolve("tiny-llama"), "LlamaForCausalLM", 64, 2, 4, 2, 128, 520,
                false, false, null);
        hf.tokenizer(500, HfToGgufConverterTest.LLAMA_SPECIALS, HfTokenizerMetadata.LLAMA3_REGEX, true, false,
                "<|begin_of_text|>", "<|eot_id|>", true, null);
        Path folder = hf.dir;
        Path cache = tmp.resolve("cache");
        Path cached = HfFolderCache.gguf(folder, cache, ProgressListener.NONE);
        FileTime written = Files.getLastModifiedTime(cached);
        assertEquals(cached, HfFolderCache.gguf(folder, cache, ProgressListener.NONE));
        assertEquals(written, Files.getLastModifiedTime(cached), "the second use reuses the conversion");

        // Mixed F32/F16/BF16 matrices: only F32 holds them all exactly.
        assertEquals(FileType.F32, HfFolderCache.precisionOf(folder));
        Path explicit = tmp.resolve("explicit.gguf");
        HfToGgufConverter.builder().setType(FileType.F32).build().convert(folder, explicit);
        try (LanguageModel fromFolder = LanguageModel.load(folder, 1, ProgressListener.NONE);
                LanguageModel fromFile = LanguageModel.load(explicit, 1, ProgressListener.NONE)) {
            int[] prompt = {1, 17, 300, 42};
            assertArrayEquals(fromFile.forward(prompt, fromFile.newCache(), false),
                    fromFolder.forward(prompt, fromFolder.newCache(), false));
            assertEquals("tiny-llama", fromFolder.name());
        }

        Files.writeString(folder.resolve("generation_config.json"), "{\"temperature\": 0.7}");
        assertNotEquals(cached, HfFolderCache.gguf(folder, cache, ProgressListener.NONE), "an edited folder is converted again");
    }

    @Test
    void aFolderWithoutConfigIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThrows(AtelierException.class, () -> HfFolderCache.gguf(empty, tmp.resolve("cache"), ProgressListener.NONE));
    }
}
