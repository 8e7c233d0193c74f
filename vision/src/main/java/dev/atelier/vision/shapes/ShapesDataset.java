package dev.atelier.vision.shapes;

import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Shapes dataset: 64 x 64 scenes of one or two objects, generated from a seed.
 *
 * <p>A third of the scenes have one object, the rest two, with a relation that is geometrically
 * unambiguous: the boxes are at least {@value #MIN_GAP} pixels apart along the relation's axis,
 * and the centroids are at least {@value #DOMINANCE} times further apart along that axis than
 * across it. Objects keep {@value #MARGIN} pixels from the border; the two objects of a scene differ
 * in at least one attribute, so every caption refers unambiguously.
 *
 * <p>Held out: {@link #HELD_OUT_PAIRS} (green triangle, yellow square, blue circle) never occur in
 * TRAIN, VALIDATION or TEST; each HELD_OUT scene contains at least one of them. Every colour, shape
 * and size still occurs in training, only these combinations do not. Scene {@code i} of a split
 * depends on (seed, split, i) alone, so a longer list extends a shorter one.
 */
public final class ShapesDataset {

    /** One pair per shape; red is never held out. */
    public static final Set<ColorShape> HELD_OUT_PAIRS = Set.of(
            new ColorShape(ShapeColor.GREEN, ShapeType.TRIANGLE),
            new ColorShape(ShapeColor.YELLOW, ShapeType.SQUARE),
            new ColorShape(ShapeColor.BLUE, ShapeType.CIRCLE));

    /** Free pixels between an object and the canvas border. */
    public static final int MARGIN = 2;
    /** Free pixels between the two boxes along the relation's axis. */
    public static final int MIN_GAP = 4;
    /** Centroid distance along the relation's axis over the distance across it, at least. */
    public static final int DOMINANCE = 2;

    /** Generous: a placement is accepted within a few dozen tries in the worst case (two large objects). */
    private static final int MAX_PLACEMENT_TRIES = 100_000;
    private static final int MAX_SCENES = 50_000_000;

    private ShapesDataset() {
    }

    /** Scenes {@code 0 .. n-1} of {@code split} under {@code seed}. */
    public static List<Scene> generate(long seed, int n, ShapesSplit split) {
        Objects.requireNonNull(split, "split");
        if (n < 0 || n > MAX_SCENES) {
            throw AtelierException.invalidArgument("n", "the number of scenes must be in [0, " + MAX_SCENES
                    + "], got " + n);
        }
        List<Scene> scenes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scenes.add(scene(seed, split, i));
        }
        return scenes;
    }

    /** Scene {@code index} of {@code split} under {@code seed}. */
    public static Scene scene(long seed, ShapesSplit split, int index) {
        Objects.requireNonNull(split, "split");
        if (index < 0) {
            throw AtelierException.invalidArgument("index", "the scene index must not be negative, got " + index);
        }
        SeededRandom rng = SeededRandom.forItem(seed, split.ordinal(), index);
        boolean heldOut = split == ShapesSplit.HELD_OUT;
        if (rng.nextInt(3) == 0) {
            Attributes a;
            do {
                a = Attributes.random(rng);
            } while (a.heldOut() != heldOut);
            int side = a.size.side();
            return Scene.of(a.at(rng.nextInt(MARGIN, Scene.CANVAS - MARGIN - side),
                    rng.nextInt(MARGIN, Scene.CANVAS - MARGIN - side)));
        }
        Relation relation = rng.pick(Relation.values());
        Attributes a;
        Attributes b;
        do {
            a = Attributes.random(rng);
            b = Attributes.random(rng);
        } while (a.equals(b) || (heldOut ? !(a.heldOut() || b.heldOut()) : a.heldOut() || b.heldOut()));
        for (int tries = 0; tries < MAX_PLACEMENT_TRIES; tries++) {
            ShapeObject first = a.at(position(rng, a), position(rng, a));
            ShapeObject second = b.at(position(rng, b), position(rng, b));
            if (unambiguous(first, relation, second)) {
                return Scene.of(first, relation, second);
            }
        }
        throw new IllegalStateException("no placement found for " + a + " " + relation + " " + b);
    }

    /** Whether {@code (colour, shape)} of {@code o} is one of {@link #HELD_OUT_PAIRS}. */
    public static boolean isHeldOut(ShapeObject o) {
        return HELD_OUT_PAIRS.contains(ColorShape.of(o));
    }

    /**
     * The generator's placement rule: the boxes separated by {@link #MIN_GAP} along the relation's
     * axis in the right order, and the centroids {@link #DOMINANCE} times further apart along it than across.
     */
    public static boolean unambiguous(ShapeObject first, Relation relation, ShapeObject second) {
        double along;
        double across;
        int gap;
        switch (relation) {
            case LEFT_OF -> {
                gap = second.x() - (first.x() + first.side());
                along = second.centroidX() - first.centroidX();
                across = second.centroidY() - first.centroidY();
            }
            case RIGHT_OF -> {
                gap = first.x() - (second.x() + second.side());
                along = first.centroidX() - second.centroidX();
                across = first.centroidY() - second.centroidY();
            }
            case ABOVE -> {
                gap = second.y() - (first.y() + first.side());
                along = second.centroidY() - first.centroidY();
                across = second.centroidX() - first.centroidX();
            }
            case BELOW -> {
                gap = first.y() - (second.y() + second.side());
                along = first.centroidY() - second.centroidY();
                across = first.centroidX() - second.centroidX();
            }
            default -> throw new IllegalArgumentException(String.valueOf(relation));
        }
        return gap >= MIN_GAP && along >= DOMINANCE * Math.abs(across);
    }

    private static int position(SeededRandom rng, Attributes a) {
        return rng.nextInt(MARGIN, Scene.CANVAS - MARGIN - a.size.side());
    }

    /** An object's attributes before it is placed. */
    private record Attributes(ShapeType shape, ShapeColor color, ShapeSize size) {

        static Attributes random(SeededRandom rng) {
            return new Attributes(rng.pick(ShapeType.values()), rng.pick(ShapeColor.values()),
                    rng.pick(ShapeSize.values()));
        }

        boolean heldOut() {
            return HELD_OUT_PAIRS.contains(new ColorShape(color, shape));
        }

        ShapeObject at(int x, int y) {
            return new ShapeObject(shape, color, size, x, y);
        }
    }
}
