package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.train.bpe.BpeTrainer;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.trainer.Corpus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier text train-tokenizer}: learns a byte-level BPE and writes a Hugging Face tokenizer.json. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Learns a byte-level BPE vocabulary (GPT-2 style: GPT-2's pre-tokenizer regex, all 256 bytes, merges of "
            + "the most frequent pairs, <|endoftext|> last) from a UTF-8 text and writes a standard tokenizer.json that "
            + "Hugging Face tokenizers, DJL and Atelier read alike.")
public final class TrainTokenizerCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "UTF-8 text to learn from.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write tokenizer.json (written atomically).")
    Path out;

    @Option(names = "--vocab-size", defaultValue = "512", paramLabel = "N",
            description = "Token ids including the 256 bytes and <|endoftext|>; 257 gives the plain byte-level (character) tokenizer. Default: ${DEFAULT-VALUE}.")
    int vocabularySize;

    @Option(names = "--training-part-only",
            description = "Learn from the first 90%% of the file only, leaving the held-out tenth unseen (as `train` does).")
    boolean trainingPartOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            String text = Corpus.readText(data);
            if (trainingPartOnly) {
                text = Corpus.split(text, data.toString()).train();
            }
            BpeVocabulary vocabulary = new BpeTrainer(vocabularySize).train(text);
            vocabulary.write(this.out);
            Tokenizer tokenizer = vocabulary.tokenizer();
            long bytes = text.getBytes(StandardCharsets.UTF_8).length;
            int tokens = tokenizer.encode(text).length;
            out.printf(Locale.ROOT, "wrote %s: %d tokens (%d merges); %.3f bytes per token on the training text%n",
                    this.out, vocabulary.size(), vocabulary.merges().size(), (double) bytes / tokens);
            out.flush();
            return 0;
        } catch (AtelierException e) {
            return CliErrors.report(spec, e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainTokenizerCommand()).execute(args));
    }
}
