package dev.atelier.vision.shapes;

import dev.atelier.core.error.AtelierException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads any {@value Scene#CANVAS} x {@value Scene#CANVAS} image back into Shapes objects and judges
 * it against an expected scene. Deterministic and model-free, so it can judge generated images.
 *
 * <ol>
 *   <li>Each pixel takes its nearest entry of the palette plus the black background (Euclidean RGB
 *       distance); a pixel further than {@code maxColorDistance} from every palette colour counts
 *       as background (white, magenta, muddy mixtures).</li>
 *   <li>4-connected regions of one colour are objects; regions under {@code minArea} pixels are noise.</li>
 *   <li>Shape: a triangle if its centroid lies at least {@value #TRIANGLE_BALANCE} of the way down
 *       its bounding box (the apex-up triangle's is at 2/3, a circle's or square's at 1/2), or if it
 *       fills less than {@value #CIRCLE_FILL} of the box (≈ 0.5); otherwise a square if it fills at
 *       least {@value #SQUARE_FILL}, else a circle (π/4 ≈ 0.785). The balance cue survives soft
 *       edges, which eat a small triangle's apex and raise its fill towards a circle's.</li>
 *   <li>Size from the longer side of the bounding box: from {@value #LARGE_SIDE} pixels large, the
 *       midpoint of the two sizes (12 and 24), so it does not depend on the shape.</li>
 *   <li>Relation from the centroids, along the axis on which they are further apart.</li>
 * </ol>
 */
public final class SceneChecker {

    public static final int DEFAULT_MAX_COLOR_DISTANCE = 128;
    public static final int DEFAULT_MIN_AREA = 16;
    public static final double SQUARE_FILL = 0.9;
    public static final double CIRCLE_FILL = 0.66;
    public static final double TRIANGLE_BALANCE = 0.54;
    public static final int LARGE_SIDE = (ShapeSize.SMALL.side() + ShapeSize.LARGE.side()) / 2;

    private static final ShapeColor[] COLORS = ShapeColor.values();
    private static final int BACKGROUND = -1;

    private final int maxColorDistance;
    private final int minArea;

    public SceneChecker() {
        this(DEFAULT_MAX_COLOR_DISTANCE, DEFAULT_MIN_AREA);
    }

    public SceneChecker(int maxColorDistance, int minArea) {
        if (maxColorDistance < 1 || maxColorDistance > 442) {
            throw AtelierException.invalidArgument("maxColorDistance", "maxColorDistance must be in [1, 442], got "
                    + maxColorDistance);
        }
        if (minArea < 1) {
            throw AtelierException.invalidArgument("minArea", "minArea must be positive, got " + minArea);
        }
        this.maxColorDistance = maxColorDistance;
        this.minArea = minArea;
    }

    /** The objects in {@code image}, largest first (ties left to right, then top to bottom). */
    public List<DetectedObject> detect(BufferedImage image) {
        if (image == null) {
            throw AtelierException.invalidArgument("image", "no image given");
        }
        if (image.getWidth() != Scene.CANVAS || image.getHeight() != Scene.CANVAS) {
            throw AtelierException.invalidArgument("image", "the scene checker reads " + Scene.CANVAS + " x "
                    + Scene.CANVAS + " images, not " + image.getWidth() + " x " + image.getHeight());
        }
        int n = Scene.CANVAS;
        int[] rgb = image.getRGB(0, 0, n, n, null, 0, n);
        int[] label = new int[n * n];
        for (int i = 0; i < label.length; i++) {
            label[i] = nearestColor(rgb[i]);
        }
        List<DetectedObject> found = new ArrayList<>();
        boolean[] seen = new boolean[n * n];
        int[] queue = new int[n * n];
        for (int start = 0; start < label.length; start++) {
            if (seen[start] || label[start] == BACKGROUND) {
                continue;
            }
            int color = label[start];
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            int minX = n;
            int minY = n;
            int maxX = -1;
            int maxY = -1;
            long sumX = 0;
            long sumY = 0;
            while (head < tail) {
                int p = queue[head++];
                int x = p % n;
                int y = p / n;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                sumX += x;
                sumY += y;
                tail = visit(x > 0, p - 1, color, label, seen, queue, tail);
                tail = visit(x < n - 1, p + 1, color, label, seen, queue, tail);
                tail = visit(y > 0, p - n, color, label, seen, queue, tail);
                tail = visit(y < n - 1, p + n, color, label, seen, queue, tail);
            }
            int area = tail;
            if (area >= minArea) {
                found.add(describe(COLORS[color], area, minX, minY, maxX - minX + 1, maxY - minY + 1,
                        sumX / (double) area + 0.5, sumY / (double) area + 0.5));
            }
        }
        found.sort(Comparator.comparingInt(DetectedObject::area).reversed()
                .thenComparingDouble(DetectedObject::centroidX).thenComparingDouble(DetectedObject::centroidY));
        return found;
    }

    /**
     * Judges {@code image} against {@code expected}'s attributes and relation (positions are not
     * compared). Expected objects are matched to detected ones so as to agree on the most attributes.
     */
    public CheckResult check(BufferedImage image, Scene expected) {
        Objects.requireNonNull(expected, "expected");
        List<DetectedObject> detected = detect(image);
        List<ShapeObject> want = expected.objects();
        List<ObjectCheck> best = null;
        int bestScore = -1;
        Relation bestObserved = null;
        // Every injective assignment of the (at most two) expected objects to detected ones or to none.
        int options = detected.size() + 1;
        for (int i = 0; i < options; i++) {
            for (int j = 0; j < (want.size() == 2 ? options : 1); j++) {
                if (want.size() == 2 && i < detected.size() && i == j) {
                    continue;
                }
                List<ObjectCheck> checks = new ArrayList<>();
                checks.add(ObjectCheck.of(want.get(0), i < detected.size() ? detected.get(i) : null));
                Relation observed = null;
                if (want.size() == 2) {
                    checks.add(ObjectCheck.of(want.get(1), j < detected.size() ? detected.get(j) : null));
                    observed = observedRelation(checks.get(0).found(), checks.get(1).found());
                }
                int score = checks.stream().mapToInt(ObjectCheck::score).sum()
                        + (observed != null && observed == expected.relation() ? 1 : 0);
                if (score > bestScore) {
                    bestScore = score;
                    best = checks;
                    bestObserved = observed;
                }
            }
        }
        boolean countCorrect = detected.size() == want.size();
        boolean relationCorrect = !expected.hasRelation() || bestObserved == expected.relation();
        List<String> problems = new ArrayList<>();
        if (!countCorrect) {
            problems.add("expected " + want.size() + (want.size() == 1 ? " object" : " objects") + ", found "
                    + detected.size());
        }
        for (ObjectCheck c : best) {
            String name = "the " + c.expected().describe();
            if (c.found() == null) {
                problems.add(name + " is missing");
                continue;
            }
            if (!c.colorCorrect()) {
                problems.add(name + " is " + c.found().color().word());
            }
            if (!c.shapeCorrect()) {
                problems.add(name + " is a " + c.found().shape().word());
            }
            if (!c.sizeCorrect()) {
                problems.add(name + " is " + c.found().size().word());
            }
        }
        if (!relationCorrect && best.get(0).found() != null && best.get(1).found() != null) {
            problems.add("the " + want.get(0).describe() + " is not " + expected.relation().phrase() + " the "
                    + want.get(1).describe() + (bestObserved == null ? " (diagonal)" : " but " + bestObserved.phrase()));
        }
        boolean passed = countCorrect && relationCorrect && best.stream().allMatch(ObjectCheck::correct);
        return new CheckResult(passed, countCorrect, relationCorrect, best, expected.relation(), bestObserved,
                detected, problems);
    }

    private static Relation observedRelation(DetectedObject a, DetectedObject b) {
        if (a == null || b == null) {
            return null;
        }
        return Relation.between(a.centroidX(), a.centroidY(), b.centroidX(), b.centroidY());
    }

    private static int visit(boolean inside, int q, int color, int[] label, boolean[] seen, int[] queue, int tail) {
        if (inside && !seen[q] && label[q] == color) {
            seen[q] = true;
            queue[tail++] = q;
        }
        return tail;
    }

    private int nearestColor(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int best = BACKGROUND;
        int bestDistance = r * r + g * g + b * b; // to black
        for (int c = 0; c < COLORS.length; c++) {
            int p = COLORS[c].rgb();
            int dr = r - ((p >> 16) & 0xFF);
            int dg = g - ((p >> 8) & 0xFF);
            int db = b - (p & 0xFF);
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != BACKGROUND && bestDistance > maxColorDistance * maxColorDistance ? BACKGROUND : best;
    }

    private static DetectedObject describe(ShapeColor color, int area, int minX, int minY, int width, int height,
            double cx, double cy) {
        double fill = (double) area / ((long) width * height);
        double balance = (cy - minY) / height;
        ShapeType shape = balance >= TRIANGLE_BALANCE || fill < CIRCLE_FILL ? ShapeType.TRIANGLE
                : fill >= SQUARE_FILL ? ShapeType.SQUARE : ShapeType.CIRCLE;
        ShapeSize size = Math.max(width, height) >= LARGE_SIDE ? ShapeSize.LARGE : ShapeSize.SMALL;
        return new DetectedObject(color, shape, size, area, minX, minY, width, height, cx, cy);
    }
}
