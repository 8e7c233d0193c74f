package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.text.PromptEncoder;
import dev.atelier.vision.clip.Clip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies a CLIP text encoder's files between folders, so runs and exported models are self-contained. */
final class TextEncoderFiles {
    private TextEncoderFiles() {
    }

    /** Copies the CLIP model in {@code clipFolder} to {@code folder}/{@value PromptEncoder#CLIP_FOLDER}. */
    static void copyClip(Path clipFolder, Path folder) {
        copy(clipFolder, folder.resolve(PromptEncoder.CLIP_FOLDER), Clip.FILES);
    }

    /** Copies the encoder files of {@code encoder} from one generator folder to another. */
    static void copyEncoder(String encoder, Path from, Path to) {
        copy(from, to, PromptEncoder.files(encoder));
    }

    private static void copy(Path from, Path to, java.util.List<String> files) {
        for (String f : files) {
            Path source = from.resolve(f);
            if (!Files.isRegularFile(source)) {
                throw AtelierException.invalidArgument("text-encoder", "no " + f + " in " + from);
            }
            try {
                Files.createDirectories(to.resolve(f).getParent());
                Files.copy(source, to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source, e);
            }
        }
    }
}
