package dev.atelier.vision.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.vision.clip.ClipTrainer;
import dev.atelier.vision.clip.TextTowerKind;
import dev.atelier.vision.training.LossCurve;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vision train-clip}: trains a dual encoder, then evaluates it and writes its manifest. */
@Command(name = "train-clip", mixinStandardHelpOptions = true,
        description = {"Train a CLIP-style dual encoder on Shapes (and MNIST with --mnist) with DJL.",
            "Writes config.json, vocab.txt, clip.params, loss.csv, loss-curve.png, then evaluates "
                    + "(zero-shot, retrieval, retrieval-examples.png) and writes manifest.json."})
final class TrainClipCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tower", defaultValue = "minilm",
            description = "Text tower: minilm (frozen all-MiniLM-L6-v2 + trained projection) or scratch (transformer). Default: ${DEFAULT-VALUE}.")
    TextTowerKind tower;

    @Option(names = "--out", required = true, description = "Model folder to write, e.g. models/shapes-clip.")
    Path out;

    @Option(names = "--steps", defaultValue = "3000", description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--batch", defaultValue = "128", description = "Pairs per batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (Adam). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the training scenes and sampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--mnist", description = "Folder with the MNIST IDX files (e.g. ../shared/data/mnist) to train on digits too.")
    Path mnist;

    @Option(names = "--mnist-share", defaultValue = "0.25", description = "Expected MNIST share of a batch. Default: ${DEFAULT-VALUE}.")
    double mnistShare;

    @Option(names = "--minilm-cache", defaultValue = "target/clip-cache/minilm-captions.bin",
            description = "File caching MiniLM embeddings of the caption grammar. Default: ${DEFAULT-VALUE}.")
    Path minilmCache;

    @Option(names = "--eval-seed", defaultValue = "1001", description = "Seed of the evaluation scenes. Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Option(names = "--no-eval", description = "Skip the evaluation and the manifest.")
    boolean noEval;

    @Override
    public Integer call() throws Exception {
        ClipTrainer.Options options = new ClipTrainer.Options(tower, steps, batch, learningRate, seed, mnist,
                mnistShare, out, tower == TextTowerKind.MINILM ? minilmCache : null);
        String command = CommandLines.current(spec);
        CommandLines.recordTraining(out, command, dataDescription());
        try (ConsoleProgress console = ConsoleProgress.create()) {
            LossCurve curve = ClipTrainer.train(options, console);
            System.out.printf("final loss (mean of last 50 steps) %.4f; wrote %s%n", curve.recentMean(50), out);
        }
        if (!noEval) {
            return EvaluateClipCommand.evaluateAndWriteManifest(out, mnist, evalSeed);
        }
        return 0;
    }

    private String dataDescription() {
        String shapes = "Shapes TRAIN split, seed " + seed + ", " + (long) steps * batch + " pairs drawn";
        return mnist == null ? shapes : shapes + "; MNIST training set (60,000 digits, ../shared/data/mnist), share "
                + mnistShare;
    }
}
