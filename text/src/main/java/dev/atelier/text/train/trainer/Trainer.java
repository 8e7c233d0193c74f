package dev.atelier.text.train.trainer;

import dev.atelier.core.runtime.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.train.bpe.BpeTrainer;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.eval.Evaluator;
import dev.atelier.text.train.eval.HeldOutLoss;
import dev.atelier.text.train.export.GptGguf;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains a {@link Gpt} on a text file, nanoGPT's loop on DJL: AdamW with a cosine schedule,
 * gradient accumulation and global-norm clipping; validation on the held-out tenth every
 * {@code evalInterval} steps; samples; checkpoints every few minutes that resume exactly.
 *
 * <p>Files in the output folder: {@code tokenizer.json}; {@code checkpoint.gguf} (the state to
 * resume from); {@code model.gguf} (the weights with the best validation loss so far, a gpt2 GGUF
 * with its tokenizer, ready to serve or evaluate); {@code loss.png}.
 */
public final class Trainer {
    public static final String CHECKPOINT = "checkpoint.gguf";
    /** The folder of the checkpoints' weights kept with {@link TrainingOptions#keepCheckpoints}. */
    public static final String KEPT_CHECKPOINTS = "checkpoints";
    public static final String MODEL = "model.gguf";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String LOSS_CURVE = "loss.png";
    /** Replays from the last checkpoint after a non-finite loss at one step before giving up. */
    static final int MAX_RECOVERIES = 3;

    private final GptConfig shape;
    private final TrainingOptions options;
    private final PrintStream log;
    private final ProgressListener listener;
    private String lastFault = "";

    /** {@code shape}'s vocabulary size is replaced by the tokenizer's. */
    public Trainer(GptConfig shape, TrainingOptions options, PrintStream log, ProgressListener listener) {
        this.shape = shape;
        this.options = options;
        this.log = log;
        this.listener = listener;
    }

    /** What a finished (or time-limited) run reached. */
    public record Result(int steps, float bestValidationLoss, HeldOutLoss lastValidation, double seconds, Path model) {
    }

    public Result run() throws IOException {
        NativeRuntime.configure();
        Corpus corpus = Corpus.read(options.data());
        BpeVocabulary vocabulary = vocabulary(corpus);
        Tokenizer tokenizer = vocabulary.tokenizer();
        int[] train = tokenizer.encode(corpus.train());
        int[] validation = tokenizer.encode(corpus.validation());
        int[] byteLength = new int[vocabulary.size()];
        for (int id = 0; id < byteLength.length; id++) {
            byteLength[id] = tokenizer.tokenBytes(id).length;
        }
        GptConfig config = new GptConfig(vocabulary.size(), shape.contextLength(), shape.layers(), shape.heads(),
                shape.width(), shape.dropout(), shape.bias());
        Batches batches = new Batches(train, config.contextLength(), options.seed());
        if (validation.length < 2) {
            throw AtelierException.invalidArgument("data", "the held-out tenth has fewer than 2 tokens");
        }
        // Everything is checked: only now does the output folder get files.
        Files.createDirectories(options.out());
        vocabulary.write(options.out().resolve(TOKENIZER));
        log.printf(Locale.ROOT, "corpus: %d train tokens, %d validation tokens (%d bytes, %.2f bytes/token); model: %s, %,d parameters%n",
                train.length, validation.length, corpus.validationBytes(),
                (double) corpus.validationBytes() / validation.length, config, config.parameterCount());

        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager(options.device().toDjl())) {
            Gpt model = new Gpt(config, manager, options.seed());
            model.requireGradients();
            Map<String, NDArray> params = model.parameters();
            AdamW adam = new AdamW(params, decayed(params), options.beta1(), options.beta2(), 1e-8f, options.weightDecay());
            Checkpoint.LossHistory history = new Checkpoint.LossHistory();
            int start = 0;
            double elapsedBefore = 0;
            Path checkpointPath = options.out().resolve(CHECKPOINT);
            if (options.resume() && Files.isRegularFile(checkpointPath)) {
                Checkpoint.State state = resume(checkpointPath, config, model, adam);
                start = state.step();
                elapsedBefore = state.elapsedSeconds();
                history = state.history();
                log.printf(Locale.ROOT, "resumed from %s at step %d%n", checkpointPath, start);
            } else if (options.initFrom() != null) {
                initialise(options.initFrom(), config, model);
                log.printf(Locale.ROOT, "weights start from %s (fresh optimizer and schedule)%n", options.initFrom());
            }
            Evaluator evaluator = new Evaluator(model, config.contextLength(), config.contextLength(), options.batchSize());
            CosineSchedule schedule = options.schedule();
            long tokensPerStep = (long) options.batchSize() * options.accumulation() * config.contextLength();
            long runStart = System.nanoTime();
            long lastCheckpoint = runStart;
            double trainSum = 0;
            int trainCount = 0;
            HeldOutLoss lastValidation = null;
            int step = start;
            int recoveries = 0; // replays for the fault at faultStep
            int faultStep = -1;
            if (start == 0) {
                // A checkpoint of the starting point, so that a fault before the first timed
                // checkpoint can be replayed too (rare non-finite gradients were seen in long runs).
                Checkpoint.write(checkpointPath, model, adam, vocabulary, new Checkpoint.State(0, adam.updates(),
                        options.seed(), config.dropout(), config.bias(), 0, history));
            }
            try (Progress progress = Progress.start("train", options.steps(), "steps", listener)) {
                progress.set(start);
                while (step < options.steps()) {
                    float lr = schedule.at(step);
                    float loss = step(engine, manager, model, adam, batches, step, lr);
                    if (!Float.isFinite(loss)) {
                        // Replaying from the last checkpoint is exact (data and dropout depend on the
                        // step only), so a transient fault costs time, not results; a real divergence
                        // comes back at the same step and stops the run. A fault at another step is a new
                        // fault (transient ones were seen at random steps in long runs), with its own budget.
                        if (step != faultStep) {
                            faultStep = step;
                            recoveries = 0;
                        }
                        if (!Files.isRegularFile(checkpointPath) || ++recoveries > MAX_RECOVERIES) {
                            throw AtelierException.internal("the loss or gradient became non-finite at step " + step
                                    + ": lower the learning rate", null);
                        }
                        Checkpoint.State state = resume(checkpointPath, config, model, adam);
                        log.printf(Locale.ROOT, "non-finite loss or gradient (%s) at step %d: replaying from the checkpoint at step %d (%d of %d)%n",
                                lastFault, step, state.step(), recoveries, MAX_RECOVERIES);
                        step = state.step();
                        history = state.history();
                        trainSum = 0;
                        trainCount = 0;
                        continue;
                    }
                    trainSum += loss;
                    trainCount++;
                    step++;
                    double seconds = (System.nanoTime() - runStart) / 1e9;
                    progress.set(step);
                    progress.metric("loss", loss);
                    progress.metric("tok/s", Math.round(tokensPerStep * (step - start) / Math.max(seconds, 1e-9)));
                    boolean last = step == options.steps();
                    boolean outOfTime = (options.timeLimitMinutes() > 0 && seconds > options.timeLimitMinutes() * 60)
                            || step == options.stopAtStep();
                    if (step % options.evalInterval() == 0 || last) {
                        float trainMean = (float) (trainSum / trainCount);
                        trainSum = 0;
                        trainCount = 0;
                        history.addTrain(step, trainMean);
                        lastValidation = evaluator.evaluate(validation, byteLength, manager, null);
                        float val = (float) lastValidation.natsPerToken();
                        if (!Float.isFinite(val)) {
                            throw AtelierException.internal("the validation loss became " + val + " at step " + step, null);
                        }
                        boolean best = val < history.bestValidation();
                        history.addValidation(step, val);
                        log.printf(Locale.ROOT, "step %d: train %.4f, val %.4f nats/token = %.4f bits/byte%s, lr %.2e, %.0f tok/s, %.1f min%n",
                                step, trainMean, val, lastValidation.bitsPerByte(), best ? " (best)" : "", lr,
                                tokensPerStep * (step - start) / seconds, (elapsedBefore + seconds) / 60);
                        if (best) {
                            writeModel(options.out().resolve(MODEL), runName(), model, vocabulary);
                        }
                        LossCurve.write(options.out().resolve(LOSS_CURVE), history,
                                String.format(Locale.ROOT, "%s: %d layers × %d, vocabulary %d", options.data().getFileName(),
                                        config.layers(), config.width(), config.vocabularySize()));
                    }
                    if (options.sampleInterval() > 0 && (step % options.sampleInterval() == 0 || last)) {
                        log.println("--- sample at step " + step + " ---");
                        log.println(TextSampler.sample(model, tokenizer, options.samplePrompt(), 96, 0.8f,
                                options.seed() + step, manager));
                        log.println("---");
                    }
                    if (last || outOfTime || System.nanoTime() - lastCheckpoint > options.checkpointMinutes() * 60e9) {
                        Checkpoint.write(checkpointPath, model, adam, vocabulary, new Checkpoint.State(step, adam.updates(),
                                options.seed(), config.dropout(), config.bias(), elapsedBefore + seconds, history));
                        if (options.keepCheckpoints()) {
                            Path kept = keptCheckpoint(options.out(), step);
                            Files.createDirectories(kept.getParent());
                            writeModel(kept, runName(), model, vocabulary);
                        }
                        lastCheckpoint = System.nanoTime();
                    }
                    if (outOfTime && !last) {
                        log.printf(Locale.ROOT, "stopped at step %d (time limit or --stop-at-step); continue with --resume%n", step);
                        break;
                    }
                }
            }
            double seconds = elapsedBefore + (System.nanoTime() - runStart) / 1e9;
            return new Result(step, history.bestValidation(), lastValidation, seconds, options.out().resolve(MODEL));
        }
    }

    /** One optimizer step over {@code accumulation} micro-batches; returns the mean micro-batch loss. */
    private float step(Engine engine, NDManager manager, Gpt model, AdamW adam, Batches batches, int step, float lr) {
        Map<String, NDArray> params = model.parameters();
        try (NDManager scope = manager.newSubManager()) {
            // Dropout's randomness is a function of (seed, step) too: resuming replays it.
            engine.setRandomSeed((int) (options.seed() * 31 + step));
            float lossSum = 0;
            int accumulation = options.accumulation();
            try (GradientCollector collector = engine.newGradientCollector()) {
                for (int micro = 0; micro < accumulation; micro++) {
                    Batches.Batch b = batches.batch(step, micro, options.batchSize());
                    Shape shape = new Shape(b.batchSize(), b.context());
                    NDArray x = scope.create(b.inputs(), shape);
                    NDArray y = scope.create(b.targets(), shape);
                    NDArray loss = model.loss(x, y, true);
                    collector.backward(Scalars.div(loss, accumulation));
                    lossSum += loss.getFloat();
                }
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scope); // the handle, not the gradient itself, is freed with the scope
                grads.put(e.getKey(), g);
            }
            double norm = clip(grads, options.gradClip());
            if (!Double.isFinite(norm)) {
                // No update; clear the gradients (0 × NaN is NaN, hence the mask) and report a
                // non-finite loss so the run replays from its last checkpoint.
                lastFault = describeFault(lossSum / accumulation, grads);
                for (NDArray g : grads.values()) {
                    g.muli(0);
                    g.set(g.isNaN(), 0f);
                }
                return Float.NaN;
            }
            adam.update(params, grads, lr, scope);
            for (NDArray g : grads.values()) {
                g.muli(0); // gradients accumulate in PyTorch until zeroed
            }
            return lossSum / accumulation;
        }
    }

    /** Which gradients were non-finite, and the loss, for the log (the cause of rare faults is not known yet). */
    private static String describeFault(float loss, Map<String, NDArray> grads) {
        StringBuilder bad = new StringBuilder();
        for (Map.Entry<String, NDArray> e : grads.entrySet()) {
            NDArray g = e.getValue();
            long nan = g.isNaN().countNonzero().getLong();
            long inf = g.isInfinite().countNonzero().getLong();
            if (nan + inf > 0) {
                bad.append(bad.isEmpty() ? "" : ", ").append(e.getKey()).append(": ").append(nan).append(" NaN, ")
                        .append(inf).append(" inf of ").append(g.size());
            }
        }
        return "loss " + loss + "; non-finite gradients: " + (bad.isEmpty() ? "none (overflow in the norm)" : bad);
    }

    /**
     * Scales all gradients together so their global L2 norm is at most {@code max}; returns the norm
     * (non-finite: nothing scaled).
     */
    static double clip(Map<String, NDArray> grads, float max) {
        double sumSquares = 0;
        for (NDArray g : grads.values()) {
            sumSquares += g.mul(g).sum().getFloat();
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            return norm; // the caller skips the update
        }
        if (max > 0 && norm > max) {
            float scale = (float) (max / (norm + 1e-6));
            grads.values().forEach(g -> g.muli(scale));
        }
        return norm;
    }

    /** Matrices of the linear layers decay; LayerNorms, biases and the (tied) embeddings do not. */
    static Set<String> decayed(Map<String, NDArray> params) {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String n = e.getKey();
            if (n.startsWith("blk.") && n.endsWith(".weight") && e.getValue().getShape().dimension() == 2) {
                names.add(n);
            }
        }
        return names;
    }

    private BpeVocabulary vocabulary(Corpus corpus) {
        Path saved = options.out().resolve(TOKENIZER);
        BpeVocabulary vocabulary;
        if (options.tokenizer() != null) {
            vocabulary = BpeVocabulary.read(options.tokenizer());
        } else if (options.initFrom() != null) {
            vocabulary = GptGguf.vocabulary(GgufFile.open(options.initFrom()).metadata());
        } else if (options.resume() && Files.isRegularFile(saved)) {
            vocabulary = BpeVocabulary.read(saved); // the resumed run keeps its tokenizer
        } else {
            long t0 = System.nanoTime();
            // Learned from the training part only: the held-out tenth stays unseen.
            vocabulary = new BpeTrainer(options.vocabularySize()).train(corpus.train());
            log.printf(Locale.ROOT, "learned a byte-level BPE of %d tokens in %.1f s%n", vocabulary.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return vocabulary;
    }

    private static Checkpoint.State resume(Path path, GptConfig config, Gpt model, AdamW adam) {
        GgufFile file = GgufFile.open(path);
        GptConfig saved = Checkpoint.config(file);
        if (!saved.equals(config)) {
            throw AtelierException.invalidArgument("resume", "checkpoint " + path + " is of another model: "
                    + saved + ", this run builds " + config);
        }
        return Checkpoint.restore(file, model, adam);
    }

    /** Loads the weights of a model of {@code config}'s shape (dropout and biases aside) exported by this trainer. */
    private static void initialise(Path path, GptConfig config, Gpt model) {
        GgufFile file = GgufFile.open(path);
        GptConfig saved = GptGguf.config(file);
        if (saved.vocabularySize() != config.vocabularySize() || saved.contextLength() != config.contextLength()
                || saved.layers() != config.layers() || saved.heads() != config.heads() || saved.width() != config.width()) {
            throw AtelierException.invalidArgument("initFrom", path + " is of another shape: " + saved
                    + "; this run builds " + config);
        }
        model.load(GptGguf.tensors(file, model));
    }

    /** Where {@link TrainingOptions#keepCheckpoints} keeps the weights of the checkpoint at {@code step}. */
    public static Path keptCheckpoint(Path out, int step) {
        return out.resolve(KEPT_CHECKPOINTS).resolve(String.format(Locale.ROOT, "step-%06d.gguf", step));
    }

    /** general.name of the models a run writes: its output folder's name. */
    private String runName() {
        return options.out().getFileName().toString();
    }

    private static void writeModel(Path path, String name, Gpt model, BpeVocabulary vocabulary) throws IOException {
        GgufWriter writer = new GgufWriter();
        GptGguf.put(writer, name, model, vocabulary);
        writer.write(path);
    }
}
