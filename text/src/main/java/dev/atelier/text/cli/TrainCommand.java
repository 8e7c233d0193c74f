package dev.atelier.text.cli;

import dev.atelier.core.device.Devices;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.train.gpt.GptConfig;
import dev.atelier.text.train.trainer.Trainer;
import dev.atelier.text.train.trainer.TrainingOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier text train}: trains a GPT on a text file with DJL and writes a gpt2 GGUF. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a GPT-2-style language model (nanoGPT recipe, DJL PyTorch engine) on a UTF-8 text file. "
            + "The last 10%% of the text is held out for validation. The output folder receives tokenizer.json, "
            + "checkpoint.gguf (resumable state), model.gguf (best validation loss; a gpt2 GGUF with its tokenizer) "
            + "and loss.png. Use -Dai.djl.pytorch.num_threads=N to bound CPU threads.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "UTF-8 training text; its last 10%% is held out for validation.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the checkpoint, model, tokenizer and loss curve.")
    Path out;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "A tokenizer.json (from train-tokenizer) to use; by default a byte-level BPE of --vocab-size is learned from the training part.")
    Path tokenizer;

    @Option(names = "--vocab-size", defaultValue = "512", paramLabel = "N",
            description = "Size of the BPE learned when no --tokenizer is given (257 = plain bytes, the character-level option). Default: ${DEFAULT-VALUE}.")
    int vocabularySize;

    @Option(names = "--context", defaultValue = "128", paramLabel = "N", description = "Context length in tokens. Default: ${DEFAULT-VALUE}.")
    int context;

    @Option(names = "--layers", defaultValue = "4", paramLabel = "N", description = "Transformer blocks. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--heads", defaultValue = "4", paramLabel = "N", description = "Attention heads (must divide --width). Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--width", defaultValue = "128", paramLabel = "N", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--dropout", defaultValue = "0.1", paramLabel = "P", description = "Dropout on embeddings and residual branches. Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--no-bias", description = "Linear layers and LayerNorms without biases (exported with zero biases).")
    boolean noBias;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Sequences per micro-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--accumulation", defaultValue = "1", paramLabel = "N", description = "Micro-batches per optimizer step (gradient accumulation). Default: ${DEFAULT-VALUE}.")
    int accumulation;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Optimizer steps of the schedule. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "X", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--min-lr", defaultValue = "1e-4", paramLabel = "X", description = "Learning rate at the end of the cosine decay. Default: ${DEFAULT-VALUE}.")
    float minLearningRate;

    @Option(names = "--warmup", defaultValue = "100", paramLabel = "N", description = "Steps of linear learning-rate warm-up. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "X", description = "AdamW decoupled weight decay of the weight matrices. Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    @Option(names = "--beta1", defaultValue = "0.9", paramLabel = "X", description = "AdamW beta1. Default: ${DEFAULT-VALUE}.")
    float beta1;

    @Option(names = "--beta2", defaultValue = "0.99", paramLabel = "X", description = "AdamW beta2. Default: ${DEFAULT-VALUE}.")
    float beta2;

    @Option(names = "--grad-clip", defaultValue = "1.0", paramLabel = "X", description = "Global gradient-norm cap, 0 for none. Default: ${DEFAULT-VALUE}.")
    float gradClip;

    @Option(names = "--eval-interval", defaultValue = "250", paramLabel = "N",
            description = "Steps between validation passes over the whole held-out part (the best model is saved then). Default: ${DEFAULT-VALUE}.")
    int evalInterval;

    @Option(names = "--sample-interval", defaultValue = "500", paramLabel = "N", description = "Steps between printed samples, 0 for none. Default: ${DEFAULT-VALUE}.")
    int sampleInterval;

    @Option(names = "--prompt", defaultValue = "\n", paramLabel = "TEXT", description = "Text the printed samples start from. Default: a newline.")
    String prompt;

    @Option(names = "--checkpoint-minutes", defaultValue = "3", paramLabel = "X", description = "Minutes between checkpoints. Default: ${DEFAULT-VALUE}.")
    double checkpointMinutes;

    @Option(names = "--keep-checkpoints",
            description = "Also keep the weights of every checkpoint as OUT/checkpoints/step-N.gguf (a model each, a third of a checkpoint's size), to average the last ones afterwards with `atelier text average`.")
    boolean keepCheckpoints;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "MINUTES",
            description = "Stop after this many minutes (a checkpoint is written; continue with --resume); 0 for none. Default: ${DEFAULT-VALUE}.")
    double timeLimit;

    @Option(names = "--stop-at-step", defaultValue = "0", paramLabel = "N",
            description = "Stop once step N is done (a checkpoint is written; continue with --resume), to train in slices; 0 runs to the end. Default: ${DEFAULT-VALUE}.")
    int stopAtStep;

    @Option(names = "--seed", defaultValue = "1337", paramLabel = "N", description = "Seeds initialisation, data order and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--resume", description = "Continue from checkpoint.gguf in --out (same model shape and tokenizer) when it exists.")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "Start from the weights (and tokenizer) of a model.gguf this command wrote, of the same shape, instead of a random initialisation; the optimizer and the learning-rate schedule start fresh (to continue a run exactly, use --resume).")
    Path initFrom;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            GptConfig shape = new GptConfig(2, context, layers, heads, width, dropout, !noBias);
            TrainingOptions options = new TrainingOptions(data, tokenizer, vocabularySize, out, batchSize, accumulation,
                    steps, learningRate, minLearningRate, warmup, weightDecay, beta1, beta2, gradClip, evalInterval,
                    sampleInterval, checkpointMinutes, timeLimit, stopAtStep, seed, Devices.require(device), resume, prompt, initFrom,
                    keepCheckpoints);
            try (ConsoleProgress progress = ConsoleProgress.create()) {
                Trainer.Result r = new Trainer(shape, options, System.out, progress).run();
                spec.commandLine().getOut().printf(Locale.ROOT, "trained %d steps in %.1f min; best validation %.4f nats/token; model: %s%n",
                        r.steps(), r.seconds() / 60, r.bestValidationLoss(), r.model());
                spec.commandLine().getOut().flush();
            }
            return 0;
        } catch (AtelierException e) {
            return CliErrors.report(spec, e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
