package dev.atelier.vision.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.vision.caption.CaptionerTrainer;
import dev.atelier.vision.caption.PrefixSource;
import dev.atelier.vision.training.LossCurve;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vision train-captioner}: trains the ClipCap-style captioner on a trained CLIP model. */
@Command(name = "train-captioner", mixinStandardHelpOptions = true,
        description = {"Train the prefix captioner (CLIP image embedding or feature grid -> prefix -> transformer decoder) with DJL.",
            "Writes captioner.json, vocab.txt, captioner.params, clip/ (a copy of the CLIP model), loss.csv, "
                    + "loss-curve.png, then evaluates (captions judged by parsing against the scene) and writes manifest.json."})
final class TrainCaptionerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--clip", defaultValue = "models/shapes-clip", description = "Trained CLIP model folder. Default: ${DEFAULT-VALUE}.")
    Path clip;

    @Option(names = "--out", required = true, description = "Captioner folder to write, e.g. models/shapes-captioner.")
    Path out;

    @Option(names = "--steps", defaultValue = "3000", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "Captions per batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (Adam). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--seed", defaultValue = "2", description = "Seed of the training scenes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--mnist", description = "Folder with the MNIST IDX files, to caption digits too.")
    Path mnist;

    @Option(names = "--mnist-share", defaultValue = "0.1", description = "Expected MNIST share of a batch. Default: ${DEFAULT-VALUE}.")
    double mnistShare;

    @Option(names = "--token-dropout", defaultValue = "0.8",
            description = "Share of input words hidden (<unk>) in training, so the decoder reads the image. Default: ${DEFAULT-VALUE}.")
    double tokenDropout;

    @Option(names = "--prefix", defaultValue = "POOLED",
            description = "What the prefix is made from: POOLED (the CLIP image embedding, ClipCap), GRID (one prefix "
                    + "vector per cell of the image tower's feature grid) or GRID_STREAMS (two per cell: its shape-stream "
                    + "and its colour-stream channels, mapped apart). Default: ${DEFAULT-VALUE}.")
    PrefixSource prefix;

    @Option(names = "--reading-order",
            description = "Train on captions in reading order (left object first, upper object first) instead of the scene's order.")
    boolean readingOrder;

    @Option(names = "--eval-seed", defaultValue = "1001", description = "Seed of the evaluation scenes. Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Option(names = "--no-eval", description = "Skip the evaluation and the manifest.")
    boolean noEval;

    @Override
    public Integer call() throws Exception {
        CommandLines.recordTraining(out, CommandLines.current(spec), "Shapes TRAIN split, seed " + seed + ", "
                + (long) steps * batch + " canonical captions drawn" + (mnist == null ? ""
                        : "; MNIST training set (../shared/data/mnist), share " + mnistShare)
                + (readingOrder ? ", in reading order" : "")
                + "; image " + (prefix.gridded() ? "feature grids" : "embeddings") + " from the frozen CLIP model "
                + clip.getFileName());
        try (ConsoleProgress console = ConsoleProgress.create()) {
            LossCurve curve = CaptionerTrainer.train(new CaptionerTrainer.Options(clip, steps, batch, learningRate,
                    seed, mnist, mnistShare, tokenDropout, prefix, readingOrder, out), console);
            System.out.printf("final loss (mean of last 50 steps) %.4f; wrote %s%n", curve.recentMean(50), out);
        }
        return noEval ? 0 : EvaluateCaptionerCommand.evaluateAndWriteManifest(out, mnist, evalSeed);
    }
}
