package dev.atelier.text.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.atelier.core.device.Devices;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.train.eval.GgufGpt;
import dev.atelier.text.train.eval.HeldOutLoss;
import dev.atelier.text.train.eval.TextEvaluation;
import dev.atelier.text.train.trainer.Corpus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier text eval}: validation loss of a gpt2 GGUF on a text, in nats per token and bits per byte. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures how well a GPT-2-architecture GGUF model predicts a text: the mean cross-entropy in nats per "
            + "token, and bits per byte = total nats / (ln 2 × UTF-8 bytes of the predicted tokens), which compares "
            + "models with different tokenizers. By default only the last 10%% of the file is scored (the part "
            + "`atelier text train` holds out). Runs the model with DJL (PyTorch engine).")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "A gpt2 .gguf file (tokenizer inside), or a folder holding one (e.g. models/shakespeare-gpt).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "UTF-8 text to score.")
    Path data;

    @Option(names = "--whole-file", description = "Score the whole file instead of its last 10%%.")
    boolean wholeFile;

    @Option(names = "--stride", paramLabel = "N",
            description = "Tokens each evaluation window moves on; every token is scored once with at least context − stride tokens of history. Default: half the model's context.")
    Integer stride;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Windows per forward pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            NativeRuntime.configure();
            String text = Corpus.readText(data);
            String scored = wholeFile ? text : Corpus.split(text, data.toString()).validation();
            try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(Devices.require(device).toDjl())) {
                GgufGpt loaded = GgufGpt.load(model, manager);
                int context = loaded.model().config().contextLength();
                int s = stride != null ? stride : Math.max(1, context / 2);
                HeldOutLoss loss = TextEvaluation.evaluate(loaded, scored, s, batchSize, manager, null);
                out.printf(Locale.ROOT, "model: %s (%,d parameters, context %d, vocabulary %d)%n", loaded.file(),
                        loaded.model().config().parameterCount(), context, loaded.model().config().vocabularySize());
                out.printf(Locale.ROOT, "data: %s, %s (%d tokens, %d bytes scored, stride %d)%n", data,
                        wholeFile ? "whole file" : "last 10% (held out)", loss.tokens(), loss.bytes(), s);
                out.printf(Locale.ROOT, "validation loss: %.4f nats/token%n", loss.natsPerToken());
                out.printf(Locale.ROOT, "bits per byte: %.4f%n", loss.bitsPerByte());
                out.flush();
            }
            return 0;
        } catch (AtelierException e) {
            return CliErrors.report(spec, e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }
}
