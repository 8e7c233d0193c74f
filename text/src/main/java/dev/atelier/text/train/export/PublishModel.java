package dev.atelier.text.train.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.Sha256;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.train.eval.GgufGpt;
import dev.atelier.text.train.eval.HeldOutLoss;
import dev.atelier.text.train.eval.TextEvaluation;
import dev.atelier.text.train.trainer.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Puts a trained model.gguf into a model folder with its manifest: re-exports it under the folder's
 * name, measures it on
 * the held-out tenth of its training text (stride: half the context, as {@code atelier text eval}),
 * and writes manifest.json with sizes, hashes, the training command and the measured figures.
 *
 * <p>Usage: {@code PublishModel MODEL.gguf DATA.txt FOLDER "DESCRIPTION" "COMMAND" TRAINING_MINUTES}
 */
public final class PublishModel {

    private PublishModel() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: PublishModel MODEL.gguf DATA.txt FOLDER DESCRIPTION COMMAND TRAINING_MINUTES");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path folder = Path.of(args[2]);
        NativeRuntime.configure();
        Files.createDirectories(folder);
        Path target = folder.resolve("model.gguf");
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            // Re-exported rather than copied, so general.name is the model's name; the tensors are the same floats.
            GgufGpt source = GgufGpt.load(model, manager);
            GptGguf.put(new GgufWriter(), name, source.model(), GptGguf.vocabulary(GgufFile.open(source.file()).metadata()))
                    .write(target);
        }
        String text = Corpus.readText(data);
        HeldOutLoss loss;
        long parameters;
        int context;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            GgufGpt loaded = GgufGpt.load(target, manager);
            parameters = loaded.model().config().parameterCount();
            context = loaded.model().config().contextLength();
            loss = TextEvaluation.evaluate(loaded, Corpus.split(text, data.toString()).validation(),
                    Math.max(1, context / 2), 16, manager, null);
        }
        System.out.println("held-out: " + loss);
        ModelManifest manifest = ModelManifest.builder(folder)
                .task("text-generation")
                .format("gguf")
                .description(args[3])
                .license("Apache-2.0")
                .parameters(parameters)
                .command(args[4])
                .data(data.getFileName() + " sha256:" + Sha256.of(data) + " (" + Files.size(data)
                        + " bytes; first 90% trained on, last 10% held out)")
                .metric("val_nats_per_token", round(loss.natsPerToken()))
                .metric("bits_per_byte", round(loss.bitsPerByte()))
                .metric("held_out_tokens", loss.tokens())
                .metric("held_out_bytes", loss.bytes())
                .metric("eval_stride_tokens", Math.max(1, context / 2))
                .metric("training_minutes", Double.parseDouble(args[5]))
                .file("model.gguf")
                .write();
        System.out.printf(Locale.ROOT, "wrote %s/manifest.json (%s)%n", folder, manifest.name());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
