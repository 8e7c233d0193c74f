package dev.atelier.text.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.train.bpe.BpeTrainer;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint averaging: the written weights are the element-wise means, read back with the plain GGUF reader. */
class WeightAverageTest {
    static final String TEXT = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n".repeat(8);

    @BeforeAll
    static void natives() {
        NativeRuntime.configure();
    }

    /** A random-weight model of {@code config} (seeded) written as a gpt2 GGUF, optionally with checkpoint extras. */
    static Path write(Path dir, String name, GptConfig config, BpeVocabulary vocabulary, long seed, boolean extras) throws Exception {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Gpt model = new Gpt(config, manager, seed);
            GgufWriter writer = new GgufWriter();
            GptGguf.put(writer, name, model, vocabulary);
            if (extras) { // what a trainer checkpoint adds: optimizer moments and state keys
                writer.putUInt32("atelier.train.step", 7);
                writer.addTensor("adam.m.token_embd.weight", dev.atelier.text.tensor.GgmlType.F32, new long[] {3}, new float[] {1, 2, 3});
            }
            Path path = dir.resolve(name + ".gguf");
            writer.write(path);
            return path;
        }
    }

    static GptConfig config(BpeVocabulary v, int width) {
        return new GptConfig(v.size(), 16, 2, 2, width, 0f, true);
    }

    @Test
    void writesTheElementWiseMeanOfEveryTensor(@TempDir Path dir) throws Exception {
        BpeVocabulary v = new BpeTrainer(270).train(TEXT);
        GptConfig c = config(v, 32);
        List<Path> inputs = List.of(write(dir, "a", c, v, 1, false), write(dir, "b", c, v, 2, true), write(dir, "c", c, v, 3, false));
        Path out = dir.resolve("mean.gguf");
        assertEquals(c, WeightAverage.average(inputs, out, "mean"));

        GgufFile mean = GgufFile.open(out);
        GgufFile[] in = inputs.stream().map(GgufFile::open).toArray(GgufFile[]::new);
        assertEquals("mean", mean.metadata().getString("general.name"));
        assertFalse(mean.metadata().contains("atelier.train.step"), "no training state in the averaged model");
        assertEquals(in[0].tensors().size(), mean.tensors().size(), "the model tensors only, no optimizer moments");
        assertEquals(c, GptGguf.config(mean));
        assertEquals(v.allTokens(), GptGguf.vocabulary(mean.metadata()).allTokens());
        int differing = 0;
        for (GgufTensorInfo t : in[0].tensors()) {
            float[] a = in[0].readFloats(t);
            float[] b = in[1].readFloats(in[1].requireTensor(t.name()));
            float[] d = in[2].readFloats(in[2].requireTensor(t.name()));
            float[] m = mean.readFloats(mean.requireTensor(t.name()));
            assertEquals(a.length, m.length, t.name());
            for (int i = 0; i < m.length; i++) {
                double expected = ((double) a[i] + b[i] + d[i]) / 3;
                assertEquals(expected, m[i], 1e-6 * (1 + Math.abs(expected)), t.name() + "[" + i + "]");
                differing += a[i] != b[i] ? 1 : 0;
            }
        }
        assertTrue(differing > 1000, "the inputs really differ (" + differing + " values)");
    }

    @Test
    void refusesModelsOfAnotherShapeOrTokenizer(@TempDir Path dir) throws Exception {
        BpeVocabulary v = new BpeTrainer(270).train(TEXT);
        BpeVocabulary other = new BpeTrainer(265).train(TEXT);
        Path a = write(dir, "a", config(v, 32), v, 1, false);
        Path wider = write(dir, "wider", config(v, 48), v, 1, false);
        Path otherTokenizer = write(dir, "other", config(other, 32), other, 1, false);
        Path out = dir.resolve("out.gguf");
        for (List<Path> inputs : List.of(List.of(a, wider), List.of(a, otherTokenizer), List.<Path>of())) {
            AtelierException e = assertThrows(AtelierException.class, () -> WeightAverage.average(inputs, out, "x"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            assertFalse(out.toFile().exists(), "nothing written for " + inputs);
        }
    }
}
