package dev.atelier.audio.abc;

/**
 * What the body of an ABC tune is made of, in written order, with pitches already resolved
 * against the key signature and the bar's accidentals, and lengths in whole notes (a quarter is 1/4).
 */
public sealed interface AbcElement {
    /** A note or a chord of notes ([CEG]) sounding together; {@code tie}: held into the next one. */
    record Tone(int[] pitches, Fraction length, boolean tie) implements AbcElement {
        public Tone withLength(Fraction l) {
            return new Tone(pitches, l, tie);
        }

        public Tone withTie() {
            return new Tone(pitches, length, true);
        }
    }

    /** Silence ({@code z}, or {@code x} an invisible rest). */
    record Rest(Fraction length) implements AbcElement {
    }

    /** A guitar chord in quotes, such as {@code "Em"} or {@code "A7/c+"}, as written. */
    record ChordSymbol(String text) implements AbcElement {
    }

    /** A bar line; the flags say whether it ends and/or starts a repeated section. */
    record Bar(boolean repeatEnd, boolean repeatStart, boolean sectionEnd) implements AbcElement {
    }

    /** The start of a numbered ending ({@code [1}, {@code |2}, {@code :|2}). */
    record Ending(int number) implements AbcElement {
    }

    /** A tempo change: {@code bpm} beats of length {@code beat} per minute. */
    record Tempo(Fraction beat, int bpm) implements AbcElement {
    }
}
