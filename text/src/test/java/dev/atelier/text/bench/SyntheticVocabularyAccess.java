package dev.atelier.text.bench;

/** Test access to GPT-2's byte-to-character mapping. */
public final class SyntheticVocabularyAccess {
    private SyntheticVocabularyAccess() {
    }

    public static char charOf(int b) {
        return SyntheticVocabulary.charOf(b);
    }
}
