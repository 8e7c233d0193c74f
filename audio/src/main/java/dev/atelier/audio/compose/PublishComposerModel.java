package dev.atelier.audio.compose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.Sha256;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.train.eval.GgufGpt;
import dev.atelier.text.train.eval.HeldOutLoss;
import dev.atelier.text.train.eval.TextEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the music model's manifest for a model folder whose {@code model.gguf} is already there
 * (put by {@code PublishModel}): measures bits per byte on the held-out tunes (every one, scored
 * once), and {@link CompositionQuality} on {@code N} composed tunes.
 *
 * <p>Usage: {@code PublishComposerModel FOLDER CORPUS_DIR DATA_DIR N "DESCRIPTION" "COMMAND" TRAINING_MINUTES}
 * where CORPUS_DIR holds {@code compose-corpus}' train.txt and heldout.txt made from DATA_DIR.
 */
public final class PublishComposerModel {
    private PublishComposerModel() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            System.err.println("usage: PublishComposerModel FOLDER CORPUS_DIR DATA_DIR N DESCRIPTION COMMAND TRAINING_MINUTES");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Path corpus = Path.of(args[1]);
        Path data = Path.of(args[2]);
        int n = Integer.parseInt(args[3]);
        Path model = folder.resolve("model.gguf");
        NativeRuntime.configure();
        String heldOut = Files.readString(corpus.resolve("heldout.txt"), StandardCharsets.UTF_8);
        HeldOutLoss loss;
        long parameters;
        int context;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            GgufGpt loaded = GgufGpt.load(model, manager);
            parameters = loaded.model().config().parameterCount();
            context = loaded.model().config().contextLength();
            loss = TextEvaluation.evaluate(loaded, heldOut, Math.max(1, context / 2), 16, manager, null);
        }
        System.out.println("held-out tunes: " + loss);
        CompositionQuality.Report q = CompositionQuality.measure(Composer.load(model, false), n);
        CompositionQuality.Report c = CompositionQuality.measure(Composer.load(model, true), n);
        System.out.printf(Locale.ROOT, "%d composed: %d parse, %.4f of %d inner bars fit%n", n, q.parsed(), q.barAccuracy(), q.innerBars());
        StringBuilder books = new StringBuilder();
        try (var files = Files.list(data)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".abc")).sorted().toList()) {
                books.append(f.getFileName()).append(' ').append(Sha256.of(f).substring(0, 16)).append("; ");
            }
        }
        ModelManifest manifest = ModelManifest.builder(folder)
                .task("music-composition")
                .format("gguf")
                .description(args[4])
                .license("Apache-2.0")
                .parameters(parameters)
                .command(args[5])
                .data("Nottingham Music Database ABC books (sha256 prefixes): " + books
                        + "corpus train.txt sha256:" + Sha256.of(corpus.resolve("train.txt"))
                        + ", heldout.txt sha256:" + Sha256.of(corpus.resolve("heldout.txt"))
                        + " (every tenth tune held out, never trained on)")
                .metric("heldout_bits_per_byte", round(loss.bitsPerByte()))
                .metric("heldout_nats_per_token", round(loss.natsPerToken()))
                .metric("heldout_bytes", loss.bytes())
                .metric("composed_tunes", n)
                .metric("parse_rate", q.parseRate())
                .metric("inner_bar_accuracy", round(q.barAccuracy()))
                .metric("inner_bars", q.innerBars())
                .metric("constrained_parse_rate", c.parseRate())
                .metric("constrained_inner_bar_accuracy", round(c.barAccuracy()))
                .metric("constrained_inner_bars", c.innerBars())
                .metric("constrained_middle_bar_accuracy", round(c.middleBarAccuracy()))
                .metric("constrained_distinct_tunes", c.distinctBodies())
                .metric("training_minutes", Double.parseDouble(args[6]))
                .file("model.gguf")
                .write();
        System.out.printf(Locale.ROOT, "wrote %s/manifest.json (%s)%n", folder, manifest.name());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
