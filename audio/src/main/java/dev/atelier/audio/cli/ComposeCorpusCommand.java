package dev.atelier.audio.cli;

import dev.atelier.audio.compose.AbcCorpus;
import dev.atelier.core.error.AtelierException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code atelier audio compose-corpus}: the composer's training text from a folder of ABC books. */
@Command(name = "compose-corpus", mixinStandardHelpOptions = true,
        description = {"Write the music language model's training text from a folder of ABC tune books:",
                "one tune per block headed R:<style> M: L: K:, titles and comments dropped.",
                "Every tenth tune goes to heldout.txt (validation), the rest to train.txt."})
public final class ComposeCorpusCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of .abc files (style from each file name).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for train.txt and heldout.txt.")
    Path out;

    @Override
    public Integer call() {
        try {
            AbcCorpus.Split split = AbcCorpus.read(data);
            Files.createDirectories(out);
            Files.writeString(out.resolve("train.txt"), AbcCorpus.Split.text(split.training()), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("heldout.txt"), AbcCorpus.Split.text(split.heldOut()), StandardCharsets.UTF_8);
            System.out.printf("%d training tunes, %d held out -> %s%n", split.training().size(), split.heldOut().size(), out);
            return 0;
        } catch (AtelierException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
