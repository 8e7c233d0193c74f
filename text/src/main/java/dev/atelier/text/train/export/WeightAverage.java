package dev.atelier.text.train.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint averaging: the element-wise mean of the weights of several gpt2 GGUFs of one shape and
 * one tokenizer, written as a new model GGUF.
 *
 * <p>Why: late in training on a small corpus, successive checkpoints wander around a minimum; their
 * mean sits nearer its centre and usually predicts held-out text better than any one of them (the
 * "average the last checkpoints" of Vaswani et al. 2017; stochastic weight averaging, Izmailov et
 * al. 2018). Inputs may be trainer checkpoints: only the model tensors are read, the optimizer
 * moments and training state are left behind.
 */
public final class WeightAverage {

    private WeightAverage() {
    }

    /**
     * Averages {@code inputs} (at least one) into {@code out}, named {@code name}; returns the model shape.
     *
     * @throws AtelierException INVALID_ARGUMENT when the inputs differ in shape or tokenizer, or one is not a gpt2 GGUF
     */
    public static GptConfig average(List<Path> inputs, Path out, String name) {
        if (inputs.isEmpty()) {
            throw AtelierException.invalidArgument("models", "no model to average");
        }
        GgufFile first = GgufFile.open(inputs.get(0));
        GptConfig config = GptGguf.config(first);
        BpeVocabulary vocabulary = GptGguf.vocabulary(first.metadata());
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Gpt model = new Gpt(config, manager, 0); // the parameter names and shapes
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (Path input : inputs) {
                GgufFile file = input.equals(inputs.get(0)) ? first : GgufFile.open(input);
                requireSame(input, config, vocabulary, file);
                for (Map.Entry<String, float[]> e : GptGguf.tensors(file, model).entrySet()) {
                    float[] values = e.getValue();
                    double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[values.length]);
                    for (int i = 0; i < values.length; i++) {
                        sum[i] += values[i];
                    }
                }
            }
            Map<String, float[]> mean = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                double[] sum = e.getValue();
                float[] m = new float[sum.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (float) (sum[i] / inputs.size());
                }
                mean.put(e.getKey(), m);
            }
            model.load(mean);
            GgufWriter writer = new GgufWriter();
            GptGguf.put(writer, name, model, vocabulary);
            writer.write(out);
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INTERNAL, "cannot write " + out + ": " + e.getMessage(), "out", e);
        }
        return config;
    }

    private static void requireSame(Path input, GptConfig config, BpeVocabulary vocabulary, GgufFile file) {
        GptConfig other = GptGguf.config(file);
        if (!other.equals(config)) {
            throw AtelierException.invalidArgument("models", input + " is of another shape: " + other + ", the first is " + config);
        }
        BpeVocabulary v = GptGguf.vocabulary(file.metadata());
        if (!v.allTokens().equals(vocabulary.allTokens()) || !v.mergeRules().equals(vocabulary.mergeRules())) {
            throw AtelierException.invalidArgument("models", input + " carries another tokenizer than the first model");
        }
    }
}
