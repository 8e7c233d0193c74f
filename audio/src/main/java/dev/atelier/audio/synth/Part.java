package dev.atelier.audio.synth;

import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;

/** One instrument of a score: a patch and the notes it plays. */
public record Part(Patch patch, List<Note> notes) {
    public Part {
        Objects.requireNonNull(patch, "patch");
        if (notes == null) {
            throw AtelierException.invalidArgument("notes", "notes must not be null");
        }
        notes = List.copyOf(notes);
    }
}
