package dev.atelier.text.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.llm.RandomModelWriter.Shape;
import dev.atelier.text.tensor.GgmlType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batched decode step (several sequences at different positions, one matmul over all of them)
 * must give each sequence the logits the single-sequence forward gives it (which is itself checked
 * against DJL in {@link EngineOracleTest}), to a relative L2 error of 1e-5.
 */
class BatchedDecodeTest {

    private static final double TOLERANCE = 1e-5;
    private static final int[] PROMPTS = {3, 11, 1, 7};
    private static final int STEPS = 6;

    @TempDir
    static Path dir;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(new Shape(Architecture.LLAMA, 128, 2, 8, 2, 256, 300, 64, true, true), GgmlType.F32),
                Arguments.of(new Shape(Architecture.LLAMA, 128, 2, 4, 2, 256, 300, 64, false, false), GgmlType.Q8_0),
                Arguments.of(new Shape(Architecture.QWEN2, 128, 2, 8, 2, 256, 300, 64, true, false), GgmlType.F32),
                Arguments.of(new Shape(Architecture.QWEN2, 64, 2, 4, 4, 128, 300, 64, false, false), GgmlType.Q4_0),
                Arguments.of(new Shape(Architecture.GPT2, 128, 2, 4, 4, 256, 300, 64, true, false), GgmlType.F32),
                Arguments.of(new Shape(Architecture.GPT2, 64, 2, 4, 4, 128, 300, 64, true, false), GgmlType.F16));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void batchedStepMatchesEachSequenceAlone(Shape shape, GgmlType type) {
        Path file = dir.resolve(shape.architecture() + "-" + shape.dim() + "-" + type + ".gguf");
        RandomModelWriter.write(shape, type, 5 + shape.dim(), false, false, file);
        try (LanguageModel m = LanguageModel.load(file, 2)) {
            SplittableRandom random = new SplittableRandom(9);
            int b = PROMPTS.length;
            List<KvCache> alone = new ArrayList<>();
            List<KvCache> batched = new ArrayList<>();
            int[] next = new int[b];
            for (int s = 0; s < b; s++) {
                int[] prompt = random.ints(PROMPTS[s], 0, shape.vocab()).toArray();
                alone.add(m.newCache());
                batched.add(m.newCache());
                m.forward(prompt, alone.get(s), false);
                m.forward(prompt, batched.get(s), false);
                next[s] = random.nextInt(shape.vocab());
            }
            double worst = 0;
            for (int step = 0; step < STEPS; step++) {
                float[][] together = m.decode(next.clone(), batched);
                for (int s = 0; s < b; s++) {
                    float[] single = m.forward(new int[] {next[s]}, alone.get(s), false);
                    double error = relativeL2(together[s], single);
                    worst = Math.max(worst, error);
                    assertTrue(error <= TOLERANCE, "sequence " + s + " step " + step + ": relative error " + error);
                    assertEquals(alone.get(s).length(), batched.get(s).length());
                    next[s] = argmax(single);
                }
            }
            System.out.printf("%s %s: worst relative L2 error batched vs alone %.2e%n", shape.architecture(), type, worst);
        }
    }

    @Test
    void rejectsBadBatches() {
        Path file = dir.resolve("bad.gguf");
        RandomModelWriter.write(new Shape(Architecture.LLAMA, 64, 1, 4, 2, 128, 300, 16, false, false), GgmlType.F32, 1,
                false, false, file);
        try (LanguageModel m = LanguageModel.load(file, 1)) {
            KvCache a = m.newCache();
            KvCache full = m.newCache();
            m.forward(new int[16], full, false);
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> m.decode(new int[] {1, 2}, List.of(a, a))).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> m.decode(new int[] {1}, List.of(a, m.newCache()))).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> m.decode(new int[] {300}, List.of(a))).code());
            KvCache b = m.newCache();
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> m.decode(new int[] {1, 1}, List.of(b, full))).code());
            assertEquals(0, b.length(), "a rejected step leaves the caches as they were");
        }
    }

    static double relativeL2(float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            norm += b[i] * (double) b[i];
        }
        return Math.sqrt(diff / norm);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
