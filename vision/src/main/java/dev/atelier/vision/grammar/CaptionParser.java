package dev.atelier.vision.grammar;

import dev.atelier.vision.shapes.Relation;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.ShapeColor;
import dev.atelier.vision.shapes.ShapeObject;
import dev.atelier.vision.shapes.ShapeSize;
import dev.atelier.vision.shapes.ShapeType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a caption of the Shapes grammar (see {@link dev.atelier.vision.shapes.Captions}) back into
 * the facts it states: the judge of generated captions, independent of any model. Anything outside
 * the grammar (a missing attribute, an extra word, two objects without a relation) is rejected.
 */
public final class CaptionParser {

    private CaptionParser() {
    }

    /** The scene facts (objects at the origin), or empty when the text is not a caption of the grammar. */
    public static Optional<Scene> parse(String caption) {
        if (caption == null) {
            return Optional.empty();
        }
        String spaced = caption.toLowerCase(Locale.ROOT).replace(",", " , ").replace(".", " ").trim();
        if (spaced.isEmpty()) {
            return Optional.empty();
        }
        Cursor c = new Cursor(Arrays.asList(spaced.split("\\s+")));
        ShapeObject first = object(c);
        if (first == null) {
            return Optional.empty();
        }
        if (c.done()) {
            return Optional.of(Scene.of(first));
        }
        c.accept(",");
        Relation relation = relation(c);
        if (relation == null) {
            return Optional.empty();
        }
        ShapeObject second = object(c);
        if (second == null || !c.done() || first.equals(second)) {
            return Optional.empty();
        }
        return Optional.of(Scene.of(first, relation, second));
    }

    /** Whether {@code caption} states exactly the facts of {@code truth}. */
    public static boolean correct(String caption, Scene truth) {
        return parse(caption).map(s -> SceneFacts.same(s, truth)).orElse(false);
    }

    private static ShapeObject object(Cursor c) {
        if (!c.accept("a")) {
            return null;
        }
        // "a small red circle", "a red circle that is small" or "a small circle that is red".
        ShapeSize size = c.size();
        ShapeColor color = c.color();
        ShapeType shape = c.shape();
        if (shape == null || (size == null && color == null)) {
            return null;
        }
        if (size == null || color == null) {
            if (!c.accept("that") || !c.accept("is")) {
                return null;
            }
            if (size == null) {
                size = c.size();
            } else {
                color = c.color();
            }
        }
        if (size == null || color == null) {
            return null;
        }
        return new ShapeObject(shape, color, size, 0, 0);
    }

    private static Relation relation(Cursor c) {
        for (Relation r : Relation.values()) {
            for (String phrase : r.phrases()) {
                if (c.acceptAll(phrase.split(" "))) {
                    return r;
                }
            }
        }
        return null;
    }

    private static final class Cursor {
        private final List<String> words;
        private int at;

        Cursor(List<String> words) {
            this.words = words;
        }

        boolean done() {
            return at == words.size();
        }

        boolean accept(String word) {
            if (at < words.size() && words.get(at).equals(word)) {
                at++;
                return true;
            }
            return false;
        }

        boolean acceptAll(String... sequence) {
            if (at + sequence.length > words.size()) {
                return false;
            }
            for (int i = 0; i < sequence.length; i++) {
                if (!words.get(at + i).equals(sequence[i])) {
                    return false;
                }
            }
            at += sequence.length;
            return true;
        }

        ShapeSize size() {
            for (ShapeSize s : ShapeSize.values()) {
                if (accept(s.word())) {
                    return s;
                }
            }
            return null;
        }

        ShapeColor color() {
            for (ShapeColor s : ShapeColor.values()) {
                if (accept(s.word())) {
                    return s;
                }
            }
            return null;
        }

        ShapeType shape() {
            for (ShapeType s : ShapeType.values()) {
                if (accept(s.word())) {
                    return s;
                }
            }
            return null;
        }
    }
}
