package dev.atelier.text.llm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.llm.RandomModelWriter.Shape;
import dev.atelier.text.tensor.GgmlType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against the DJL (PyTorch) implementation of the same architectures on random-weight
 * models written with the GGUF writer: several shapes, grouped-query attention on and off, every
 * architecture and tensor type (Q4_1 standing for the types widened to F32 at load). For a
 * 7-token prompt (one batched prefill) and 20 greedy decode
 * steps (one token each, through the KV cache), the logits of every position must match DJL run
 * on the file's dequantized weights to a relative L2 error of 1e-4. For quantized types the
 * engine must also be no further from DJL on the original float weights than DJL on the
 * dequantized weights is, plus 1e-4.
 */
class EngineOracleTest {

    private static final double TOLERANCE = 1e-4;
    private static final int PROMPT = 7;
    private static final int DECODE = 20;

    @TempDir
    static Path dir;

    @BeforeAll
    static void runtimes() {
        NativeRuntime.configure();
    }

    static Stream<Arguments> models() {
        Architecture llama = Architecture.LLAMA;
        Architecture qwen = Architecture.QWEN2;
        Architecture gpt2 = Architecture.GPT2;
        return Stream.of(
                Arguments.of(new Shape(llama, 64, 2, 4, 4, 128, 300, 64, false, false), GgmlType.F32),
                Arguments.of(new Shape(llama, 128, 2, 8, 2, 256, 300, 64, true, true), GgmlType.F32),
                Arguments.of(new Shape(llama, 128, 2, 4, 2, 256, 300, 64, false, true), GgmlType.F16),
                Arguments.of(new Shape(llama, 128, 2, 4, 2, 256, 300, 64, true, false), GgmlType.BF16),
                Arguments.of(new Shape(llama, 128, 2, 4, 2, 256, 300, 64, false, true), GgmlType.Q8_0),
                Arguments.of(new Shape(llama, 96, 2, 3, 3, 160, 300, 64, true, false), GgmlType.Q4_0),
                Arguments.of(new Shape(llama, 512, 2, 8, 2, 1024, 300, 64, false, true), GgmlType.Q4_0),
                Arguments.of(new Shape(llama, 256, 2, 4, 1, 512, 300, 64, false, true), GgmlType.Q4_K),
                Arguments.of(new Shape(llama, 256, 2, 4, 2, 512, 300, 64, true, false), GgmlType.Q6_K),
                Arguments.of(new Shape(llama, 64, 2, 4, 2, 128, 300, 64, false, false), GgmlType.Q4_1),
                Arguments.of(new Shape(qwen, 128, 2, 8, 2, 256, 300, 64, true, false), GgmlType.F32),
                Arguments.of(new Shape(qwen, 64, 2, 4, 4, 128, 300, 64, false, false), GgmlType.Q8_0),
                Arguments.of(new Shape(qwen, 512, 2, 8, 2, 1024, 300, 64, true, false), GgmlType.Q8_0),
                Arguments.of(new Shape(qwen, 128, 2, 4, 2, 256, 300, 64, true, false), GgmlType.Q4_0),
                Arguments.of(new Shape(gpt2, 128, 2, 4, 4, 512, 300, 64, true, false), GgmlType.F32),
                Arguments.of(new Shape(gpt2, 64, 2, 4, 4, 256, 300, 64, false, false), GgmlType.F16),
                Arguments.of(new Shape(gpt2, 128, 2, 4, 4, 256, 300, 64, true, false), GgmlType.Q4_0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void logitsMatchDjlForPrefillAndDecode(Shape shape, GgmlType type) {
        Path file = dir.resolve(shape.architecture().ggufName() + "-" + shape.dim() + "-" + type + ".gguf");
        Map<String, float[]> originals = RandomModelWriter.write(shape, type, 42 + shape.dim(), false, true, file);
        Map<String, float[]> dequantized = new LinkedHashMap<>();
        GgufFile gguf = GgufFile.open(file);
        for (GgufTensorInfo t : gguf.tensors()) {
            dequantized.put(t.name(), gguf.readFloats(t));
        }

        int[] sequence = new int[PROMPT + DECODE];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < PROMPT; i++) {
            sequence[i] = random.nextInt(shape.vocab());
        }
        int vocab = shape.vocab();
        float[] engine = new float[sequence.length * vocab];
        try (LanguageModel model = LanguageModel.load(file, 2)) {
            KvCache cache = model.newCache();
            float[] prefill = model.forward(Arrays.copyOf(sequence, PROMPT), cache, true);
            System.arraycopy(prefill, 0, engine, 0, prefill.length);
            for (int step = 0; step < DECODE; step++) {
                int pos = PROMPT + step;
                sequence[pos] = argmax(engine, (pos - 1) * vocab, vocab);
                float[] logits = model.forward(new int[] {sequence[pos]}, cache, false);
                System.arraycopy(logits, 0, engine, pos * vocab, vocab);
            }
        }

        float[] reference = new DjlReference(shape, dequantized).logits(sequence);
        boolean quantized = type != GgmlType.F32 && !originals.isEmpty() && originals.keySet().containsAll(dequantized.keySet());
        float[] original = quantized ? new DjlReference(shape, originals).logits(sequence) : null;
        double worst = 0;
        for (int pos = 0; pos < sequence.length; pos++) {
            double err = relativeError(engine, reference, pos * vocab, vocab);
            worst = Math.max(worst, err);
            assertTrue(err <= TOLERANCE, shape + " " + type + ": position " + pos + " relative L2 error " + err);
            if (original != null) {
                double engineVsOriginal = relativeError(engine, original, pos * vocab, vocab);
                double djlVsOriginal = relativeError(reference, original, pos * vocab, vocab);
                assertTrue(engineVsOriginal <= djlVsOriginal + TOLERANCE, shape + " " + type + ": position " + pos
                        + " engine is " + engineVsOriginal + " from the float model, DJL on dequantized weights " + djlVsOriginal);
            }
        }
        System.out.printf("%s %s %d×%d: worst relative L2 error vs DJL %.2e over %d positions%n",
                shape.architecture(), type, shape.blocks(), shape.dim(), worst, sequence.length);
    }

    static int argmax(float[] v, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    static double relativeError(float[] a, float[] b, int offset, int n) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) a[offset + i] - b[offset + i];
            diff += d * d;
            norm += (double) b[offset + i] * b[offset + i];
        }
        return Math.sqrt(diff / norm);
    }
}
