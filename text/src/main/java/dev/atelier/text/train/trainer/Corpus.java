package dev.atelier.text.train.trainer;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A training text split into its first 90% (training) and last 10% (held out for validation), at
 * a character boundary. Refuses empty, binary (NUL bytes) and non-UTF-8 files.
 */
public record Corpus(String train, String validation) {
    /** The share of the text held out at its end. */
    public static final double HELD_OUT = 0.1;
    /** Larger corpora are refused rather than risk running out of memory. */
    public static final long MAX_BYTES = 1L << 30;

    /** Reads and splits {@code path}. */
    public static Corpus read(Path path) {
        return split(readText(path), path.toString());
    }

    /** Reads a whole UTF-8 text file, refusing empty, binary and malformed ones. */
    public static String readText(Path path) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw AtelierException.invalidArgument("data", "corpus " + AtelierException.quote(path.toString())
                        + " is " + size + " bytes, more than the " + MAX_BYTES + " this trainer reads");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new AtelierException(ErrorCode.NOT_FOUND, "corpus " + AtelierException.quote(path.toString()) + " does not exist", "data", e);
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT,
                    "cannot read corpus " + AtelierException.quote(path.toString()) + ": " + e.getMessage(), "data", e);
        }
        return decode(bytes, path.toString());
    }

    static String decode(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw AtelierException.invalidArgument("data", "corpus " + AtelierException.quote(name) + " is empty");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw AtelierException.invalidArgument("data", "corpus " + AtelierException.quote(name)
                        + " contains NUL bytes: it looks binary, not text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT, "corpus " + AtelierException.quote(name)
                    + " is not valid UTF-8", "data", e);
        }
    }

    /** Splits {@code text}: the last {@value #HELD_OUT} of its characters are the validation part. */
    public static Corpus split(String text, String name) {
        int cut = (int) Math.round(text.length() * (1 - HELD_OUT));
        if (cut > 0 && cut < text.length() && Character.isLowSurrogate(text.charAt(cut))) {
            cut--; // never split a surrogate pair
        }
        if (cut == 0 || cut == text.length()) {
            throw AtelierException.invalidArgument("data", "corpus " + AtelierException.quote(name)
                    + " is too short to hold out a tenth for validation");
        }
        return new Corpus(text.substring(0, cut), text.substring(cut));
    }

    /** UTF-8 bytes of the validation text (the denominator of bits per byte). */
    public long validationBytes() {
        return validation.getBytes(StandardCharsets.UTF_8).length;
    }
}
