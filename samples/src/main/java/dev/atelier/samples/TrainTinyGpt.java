package dev.atelier.samples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.device.Device;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.train.eval.GgufGpt;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import dev.atelier.text.train.trainer.TextSampler;
import dev.atelier.text.train.trainer.Trainer;
import dev.atelier.text.train.trainer.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains a tiny GPT (2 layers, 64 wide, byte-level BPE of 384 tokens) on a text file for about a
 * minute on a laptop CPU, then writes a few lines with it. Run:
 * {@code bin/sample TrainTinyGpt [TEXT_FILE [OUT_DIR]]} (default text: ../shared/data/tinyshakespeare/input.txt).
 */
public final class TrainTinyGpt {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("atelier.home", "."));
        Path data = args.length > 0 ? Path.of(args[0]) : home.resolve("../shared/data/tinyshakespeare/input.txt").normalize();
        Path out = Path.of(args.length > 1 ? args[1] : "target/tiny-gpt");
        if (!Files.isRegularFile(data)) {
            System.err.println("no text at " + data + ": give a UTF-8 text file as the first argument");
            System.exit(2);
        }
        // vocabulary size 2 is a placeholder: the trainer uses its tokenizer's size.
        GptConfig shape = new GptConfig(2, 64, 2, 4, 64, 0.0f, true);
        TrainingOptions options = new TrainingOptions(data, null, 384, out,
                16, 1, 300,              // batch 16 × 64 tokens, no accumulation, 300 steps
                3e-3f, 3e-4f, 30,        // peak and final learning rate, warm-up steps
                0.1f, 0.9f, 0.99f, 1.0f, // weight decay, betas, gradient clip
                100, 0, 5, 0, 0,         // eval every 100 steps, no samples, checkpoint every 5 min, no limits
                1337, Device.CPU, false, "\n");
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            Trainer.Result result = new Trainer(shape, options, System.out, progress).run();
            System.out.printf("validation: %s%n", result.lastValidation());
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            GgufGpt model = GgufGpt.load(out.resolve(Trainer.MODEL), manager);
            Gpt gpt = model.model();
            System.out.println(TextSampler.sample(gpt, model.tokenizer(), "ROMEO:\n", 120, 0.8f, 7, manager));
        }
    }
}
