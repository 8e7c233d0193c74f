package dev.atelier.text.train.trainer;

import ai.djl.ndarray.NDArray;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.export.GptGguf;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training run's whole state in one GGUF file: the model (readable as a model by itself), the
 * AdamW moments as tensors {@code adam.m.*} and {@code adam.v.*}, the next step, the seed and
 * the loss history under {@code atelier.train.*}. Nothing else carries state: data order and
 * dropout are functions of (seed, step), so a resumed run continues bit for bit.
 */
public final class Checkpoint {
    private static final String KEY = "atelier.train.";

    private Checkpoint() {
    }

    /** What a checkpoint restores besides the arrays. */
    public record State(int step, long adamUpdates, long seed, float dropout, boolean bias, double elapsedSeconds,
                        LossHistory history) {
    }

    public static void write(Path path, Gpt model, AdamW adam, BpeVocabulary vocabulary, State state) {
        GgufWriter w = new GgufWriter();
        GptGguf.put(w, "checkpoint", model, vocabulary);
        w.putUInt32(KEY + "step", state.step());
        w.putString(KEY + "adam_updates", Long.toString(state.adamUpdates()));
        w.putString(KEY + "seed", Long.toString(state.seed()));
        w.putFloat32(KEY + "dropout", state.dropout());
        w.putBool(KEY + "bias", state.bias());
        w.put(KEY + "elapsed_seconds", GgufValue.float64(state.elapsedSeconds()));
        LossHistory h = state.history();
        w.put(KEY + "train_steps", GgufValue.int32Array(h.trainSteps()));
        w.put(KEY + "train_loss", GgufValue.float32Array(h.trainLoss()));
        w.put(KEY + "val_steps", GgufValue.int32Array(h.valSteps()));
        w.put(KEY + "val_loss", GgufValue.float32Array(h.valLoss()));
        for (Map.Entry<String, NDArray> e : adam.firstMoments().entrySet()) {
            GptGguf.putTensor(w, "adam.m." + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, NDArray> e : adam.secondMoments().entrySet()) {
            GptGguf.putTensor(w, "adam.v." + e.getKey(), e.getValue());
        }
        try {
            w.write(path);
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INTERNAL, "cannot write checkpoint " + path + ": " + e.getMessage(), "out", e);
        }
    }

    /** The model shape saved in a checkpoint, with its training dropout and bias. */
    public static GptConfig config(GgufFile file) {
        GptConfig c = GptGguf.config(file);
        GgufMetadata md = file.metadata();
        return new GptConfig(c.vocabularySize(), c.contextLength(), c.layers(), c.heads(), c.width(),
                md.getFloat(KEY + "dropout"), md.getBoolean(KEY + "bias"));
    }

    /** Loads parameters and moments into {@code model} and {@code adam}, which must have the checkpoint's shape. */
    public static State restore(GgufFile file, Gpt model, AdamW adam) {
        GgufMetadata md = file.metadata();
        model.load(GptGguf.tensors(file, model));
        adam.restore(GptGguf.tensors(file, model, "adam.m."), GptGguf.tensors(file, model, "adam.v."),
                Long.parseLong(md.getString(KEY + "adam_updates")));
        LossHistory history = new LossHistory();
        int[] ts = md.getIntArray(KEY + "train_steps");
        float[] tl = md.getFloatArray(KEY + "train_loss");
        int[] vs = md.getIntArray(KEY + "val_steps");
        float[] vl = md.getFloatArray(KEY + "val_loss");
        if (ts.length != tl.length || vs.length != vl.length) {
            throw md.problem("loss history arrays differ in length");
        }
        for (int i = 0; i < ts.length; i++) {
            history.addTrain(ts[i], tl[i]);
        }
        for (int i = 0; i < vs.length; i++) {
            history.addValidation(vs[i], vl[i]);
        }
        return new State(md.getInt(KEY + "step"), Long.parseLong(md.getString(KEY + "adam_updates")),
                Long.parseLong(md.getString(KEY + "seed")), md.getFloat(KEY + "dropout"),
                md.getBoolean(KEY + "bias"), md.getDouble(KEY + "elapsed_seconds"), history);
    }

    /** Losses over the run, for the curve and the best-model choice. */
    public static final class LossHistory {
        private final List<Integer> trainSteps = new ArrayList<>();
        private final List<Float> trainLoss = new ArrayList<>();
        private final List<Integer> valSteps = new ArrayList<>();
        private final List<Float> valLoss = new ArrayList<>();

        public void addTrain(int step, float loss) {
            trainSteps.add(step);
            trainLoss.add(loss);
        }

        public void addValidation(int step, float loss) {
            valSteps.add(step);
            valLoss.add(loss);
        }

        public float bestValidation() {
            float best = Float.POSITIVE_INFINITY;
            for (float v : valLoss) {
                best = Math.min(best, v);
            }
            return best;
        }

        public int[] trainSteps() {
            return trainSteps.stream().mapToInt(Integer::intValue).toArray();
        }

        public float[] trainLoss() {
            return toArray(trainLoss);
        }

        public int[] valSteps() {
            return valSteps.stream().mapToInt(Integer::intValue).toArray();
        }

        public float[] valLoss() {
            return toArray(valLoss);
        }

        private static float[] toArray(List<Float> list) {
            float[] a = new float[list.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = list.get(i);
            }
            return a;
        }
    }
}
