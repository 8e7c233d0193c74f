package dev.atelier.text.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.tensor.GgmlType;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt longer than one batch ({@link LanguageModel#MAX_BATCH}) runs in slices through the
 * cache; its logits equal those of feeding the same tokens one at a time (the decode path).
 */
class LongPromptTest {

    @TempDir
    Path dir;

    @Test
    void slicedPrefillEqualsTokenByTokenDecoding() {
        Path file = dir.resolve("long.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.QWEN2, 64, 2, 4, 2, 128, 300, 512, true, false),
                GgmlType.Q8_0, 8, false, false, file);
        int n = LanguageModel.MAX_BATCH + 45;
        int[] tokens = new int[n];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            tokens[i] = r.nextInt(300);
        }
        try (LanguageModel m = LanguageModel.load(file, 2)) {
            KvCache batched = m.newCache();
            float[] all = m.forward(tokens, batched, true);
            assertEquals(n, batched.length());
            KvCache single = m.newCache();
            for (int i = 0; i < n; i++) {
                float[] one = m.forward(new int[] {tokens[i]}, single, false);
                double diff = 0;
                double norm = 0;
                for (int v = 0; v < 300; v++) {
                    double d = one[v] - all[i * 300 + v];
                    diff += d * d;
                    norm += one[v] * one[v];
                }
                assertTrue(Math.sqrt(diff / norm) < 1e-5, "position " + i + ": relative error " + Math.sqrt(diff / norm));
            }
        }
    }
}
