package dev.atelier.text.train.trainer;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import java.nio.file.Path;

/**
 * Everything a training run needs besides the model shape.
 *
 * @param data              UTF-8 training text; its last 10% is held out for validation
 * @param tokenizer         a tokenizer.json to use, or null to learn a byte-level BPE of {@code vocabularySize} from the training part
 * @param vocabularySize    ids of the tokenizer learned when {@code tokenizer} is null (257 = bytes only)
 * @param out               folder for checkpoint.gguf, model.gguf, tokenizer.json and loss.png
 * @param batchSize         sequences per micro-batch
 * @param accumulation      micro-batches per optimizer step (gradient accumulation)
 * @param steps             optimizer steps of the whole schedule
 * @param learningRate      peak learning rate after warm-up
 * @param minLearningRate   learning rate at the end of the cosine decay
 * @param warmupSteps       steps of linear warm-up
 * @param weightDecay       AdamW decoupled weight decay of matrix weights
 * @param beta1             AdamW β1
 * @param beta2             AdamW β2
 * @param gradClip          global gradient norm cap (0: none)
 * @param evalInterval      steps between validation passes
 * @param sampleInterval    steps between printed samples (0: none)
 * @param checkpointMinutes wall-clock minutes between checkpoints
 * @param timeLimitMinutes  stop (after a checkpoint) once this much time has passed in this run (0: no limit)
 * @param stopAtStep        stop (after a checkpoint) once this step is done, to train in slices (0: run to the end)
 * @param seed              seeds initialisation, data order and dropout
 * @param device            where the model trains
 * @param resume            continue from out/checkpoint.gguf when it exists
 * @param samplePrompt      text the printed samples start from
 * @param initFrom          a model.gguf of the same shape whose weights (and tokenizer) start the run instead of a
 *                          random initialisation, with a fresh optimizer and schedule; null for none. A resumed
 *                          run continues from its checkpoint and ignores it.
 * @param keepCheckpoints   also keep the weights of every timed checkpoint as out/checkpoints/step-N.gguf (a model
 *                          GGUF each), for checkpoint averaging ({@code atelier text average})
 */
public record TrainingOptions(Path data, Path tokenizer, int vocabularySize, Path out, int batchSize, int accumulation,
                              int steps, float learningRate, float minLearningRate, int warmupSteps, float weightDecay,
                              float beta1, float beta2, float gradClip, int evalInterval, int sampleInterval,
                              double checkpointMinutes, double timeLimitMinutes, int stopAtStep, long seed, Device device,
                              boolean resume, String samplePrompt, Path initFrom, boolean keepCheckpoints) {

    public TrainingOptions {
        positive("batchSize", batchSize);
        positive("accumulation", accumulation);
        positive("steps", steps);
        positive("evalInterval", evalInterval);
        if (warmupSteps < 0 || sampleInterval < 0 || stopAtStep < 0) {
            throw AtelierException.invalidArgument("warmupSteps", "warm-up, sample interval and stop step must not be negative");
        }
        if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate || learningRate > 1) {
            throw AtelierException.invalidArgument("learningRate", "need 0 <= min learning rate <= learning rate <= 1, got "
                    + minLearningRate + " and " + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay < 1) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                || !(gradClip >= 0) || !(checkpointMinutes > 0) || !(timeLimitMinutes >= 0)) {
            throw AtelierException.invalidArgument("weightDecay",
                    "weight decay and betas must be in [0, 1), clip and time limit not negative, checkpoint interval positive");
        }
        if ((long) batchSize * accumulation > 1 << 16) {
            throw AtelierException.invalidArgument("batchSize", "batch size × accumulation is implausibly large");
        }
        if (initFrom != null && tokenizer != null) {
            throw AtelierException.invalidArgument("tokenizer", "the model to start from carries its own tokenizer: give --init-from or --tokenizer, not both");
        }
    }

    /** A run from a random initialisation. */
    public TrainingOptions(Path data, Path tokenizer, int vocabularySize, Path out, int batchSize, int accumulation,
                           int steps, float learningRate, float minLearningRate, int warmupSteps, float weightDecay,
                           float beta1, float beta2, float gradClip, int evalInterval, int sampleInterval,
                           double checkpointMinutes, double timeLimitMinutes, int stopAtStep, long seed, Device device,
                           boolean resume, String samplePrompt) {
        this(data, tokenizer, vocabularySize, out, batchSize, accumulation, steps, learningRate, minLearningRate,
                warmupSteps, weightDecay, beta1, beta2, gradClip, evalInterval, sampleInterval, checkpointMinutes,
                timeLimitMinutes, stopAtStep, seed, device, resume, samplePrompt, null, false);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw AtelierException.invalidArgument(name, name + " must be at least 1, got " + v);
        }
    }

    public CosineSchedule schedule() {
        return new CosineSchedule(learningRate, minLearningRate, warmupSteps, steps);
    }
}
