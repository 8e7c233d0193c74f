package dev.atelier.vision.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loss against a plain-Java computation of CLIP's symmetric cross-entropy. */
class ContrastiveLossTest {

    @Test
    void distinctCaptionsGiveClipsSymmetricCrossEntropy() {
        int n = 5;
        int d = 4;
        float[][] img = unitRows(n, d, 1);
        float[][] txt = unitRows(n, d, 2);
        float scale = 14.3f;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            expected += -logSoftmax(row(img, txt, i, scale, false), i);
            expected += -logSoftmax(row(img, txt, i, scale, true), i);
        }
        expected /= 2 * n;
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        assertEquals(expected, loss(img, txt, scale, eye), 1e-4);
    }

    @Test
    void sharedCaptionsSpreadTheTarget() {
        int n = 3;
        float[][] img = unitRows(n, 4, 3);
        float[][] txt = unitRows(n, 4, 4);
        float scale = 5f;
        // Items 0 and 1 share a caption.
        float[] same = {1, 1, 0, 1, 1, 0, 0, 0, 1};
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (boolean transpose : new boolean[] {false, true}) {
                double[] logits = row(img, txt, i, scale, transpose);
                double ce = 0;
                int matches = 0;
                for (int j = 0; j < n; j++) {
                    if (same[i * n + j] == 1) {
                        matches++;
                    }
                }
                for (int j = 0; j < n; j++) {
                    if (same[i * n + j] == 1) {
                        ce -= logSoftmax(logits, j) / matches;
                    }
                }
                expected += ce;
            }
        }
        expected /= 2 * n;
        assertEquals(expected, loss(img, txt, scale, same), 1e-4);
    }

    private static double loss(float[][] img, float[][] txt, float scale, float[] same) {
        NativeRuntime.configure();
        int n = img.length;
        int d = img[0].length;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(flat(img), new Shape(n, d));
            NDArray b = m.create(flat(txt), new Shape(n, d));
            return ContrastiveLoss.loss(a, b, m.create(new float[] {scale}), m.create(same, new Shape(n, n))).getFloat();
        }
    }

    private static double[] row(float[][] img, float[][] txt, int i, float scale, boolean transpose) {
        double[] out = new double[img.length];
        for (int j = 0; j < img.length; j++) {
            float[] a = transpose ? txt[i] : img[i];
            float[] b = transpose ? img[j] : txt[j];
            double s = 0;
            for (int k = 0; k < a.length; k++) {
                s += a[k] * b[k];
            }
            out[j] = scale * s;
        }
        return out;
    }

    private static double logSoftmax(double[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[index] - max - Math.log(sum);
    }

    private static float[][] unitRows(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[n][d];
        for (float[] row : out) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                row[k] = (float) r.nextGaussian();
                norm += row[k] * row[k];
            }
            for (int k = 0; k < d; k++) {
                row[k] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }
}
