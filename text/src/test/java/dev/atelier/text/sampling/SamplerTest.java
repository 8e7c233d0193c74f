package dev.atelier.text.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler against the definitions of each method, checked on known distributions. */
class SamplerTest {

    private static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.0f, 2.0f};

    private static SamplingParams params(float temperature, int topK, float topP, float minP, long seed) {
        return new SamplingParams(temperature, topK, topP, minP, 1f, 64, 0f, 0f, seed);
    }

    private static double[] softmax(float[] logits, float temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int[] histogram(SamplingParams params, int draws) {
        Sampler s = new Sampler(params);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[s.sample(LOGITS.clone(), new int[0], 0)]++;
        }
        return counts;
    }

    @Test
    void greedyTakesTheLargestLogit() {
        Sampler s = new Sampler(SamplingParams.greedy());
        for (int i = 0; i < 10; i++) {
            assertEquals(1, s.sample(LOGITS.clone(), new int[0], 0));
        }
    }

    @Test
    void temperatureSamplingFollowsTheSoftmax() {
        int draws = 40_000;
        for (float temperature : new float[] {0.5f, 1f, 2f}) {
            int[] counts = histogram(params(temperature, 0, 1f, 0f, 11), draws);
            double[] p = softmax(LOGITS, temperature);
            for (int i = 0; i < p.length; i++) {
                double sigma = Math.sqrt(draws * p[i] * (1 - p[i]));
                assertTrue(Math.abs(counts[i] - draws * p[i]) <= 5 * sigma + 1,
                        "T=" + temperature + " token " + i + ": " + counts[i] + " draws, expected " + draws * p[i]);
            }
        }
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyRenormalised() {
        int draws = 30_000;
        int[] counts = histogram(params(1f, 2, 1f, 0f, 5), draws);
        double p1 = Math.exp(3.0) / (Math.exp(3.0) + Math.exp(2.5));
        assertEquals(draws, counts[1] + counts[2], "only tokens 1 and 2 survive top-2");
        double sigma = Math.sqrt(draws * p1 * (1 - p1));
        assertTrue(Math.abs(counts[1] - draws * p1) <= 5 * sigma);
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        double[] p = softmax(LOGITS, 1f); // order: 1 (3.0), 2 (2.5), 5 (2.0), 0 (1.0), 4, 3
        float topP = (float) (p[1] + p[2] + 0.01); // needs tokens 1, 2 and 5
        int[] counts = histogram(params(1f, 0, topP, 0f, 9), 20_000);
        assertTrue(counts[1] > 0 && counts[2] > 0 && counts[5] > 0);
        assertEquals(0, counts[0] + counts[3] + counts[4], "tokens outside the nucleus are never drawn");
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheBest() {
        double[] p = softmax(LOGITS, 1f);
        float minP = (float) ((p[5] / p[1] + p[0] / p[1]) / 2); // token 5 passes, token 0 does not
        int[] counts = histogram(params(1f, 0, 1f, minP, 4), 20_000);
        assertTrue(counts[5] > 0);
        assertEquals(0, counts[0] + counts[3] + counts[4]);
    }

    @Test
    void theSameSeedDrawsTheSameSequence() {
        Sampler a = new Sampler(params(1f, 0, 1f, 0f, 1234));
        Sampler b = new Sampler(params(1f, 0, 1f, 0f, 1234));
        Sampler c = new Sampler(params(1f, 0, 1f, 0f, 4321));
        boolean differs = false;
        for (int i = 0; i < 200; i++) {
            int x = a.sample(LOGITS.clone(), new int[0], 0);
            assertEquals(x, b.sample(LOGITS.clone(), new int[0], 0));
            differs |= x != c.sample(LOGITS.clone(), new int[0], 0);
        }
        assertTrue(differs, "another seed draws another sequence");
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        // Token 1 (3.0) seen: 3.0 / 2 = 1.5 falls below token 2 (2.5); greedy picks 2.
        Sampler s = new Sampler(new SamplingParams(0f, 0, 1f, 0f, 2f, 64, 0f, 0f, 0));
        float[] logits = LOGITS.clone();
        assertEquals(2, s.sample(logits, new int[] {1, 3}, 2));
        assertEquals(1.5f, logits[1]);
        assertEquals(-2f, logits[3]);
        // Outside the window of the last 1 token, token 1 is not penalised.
        Sampler windowed = new Sampler(new SamplingParams(0f, 0, 1f, 0f, 2f, 1, 0f, 0f, 0));
        assertEquals(1, windowed.sample(LOGITS.clone(), new int[] {1, 3}, 2));
    }

    @Test
    void presenceAndFrequencyPenaltiesSubtractPerTokenAndPerOccurrence() {
        Sampler s = new Sampler(new SamplingParams(0f, 0, 1f, 0f, 1f, 64, 0.25f, 0.5f, 0));
        float[] logits = LOGITS.clone();
        s.sample(logits, new int[] {2, 2, 2, 4}, 4);
        assertEquals(2.5f - 0.25f - 3 * 0.5f, logits[2], 1e-6);
        assertEquals(0f - 0.25f - 0.5f, logits[4], 1e-6);
        assertEquals(3.0f, logits[1]);
    }

    @Test
    void aHugeVocabularyIsSampledFromItsTopCandidates() {
        float[] logits = new float[128_256];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian();
        }
        logits[777] = 40f; // dominates every other token by e^30 and more
        assertEquals(777, new Sampler(params(1f, 40, 0.95f, 0.05f, 3)).sample(logits, new int[0], 0));
    }

    @Test
    void logitsWithNothingFiniteAreATypedError() {
        float[] nan = {Float.NaN, Float.NaN, Float.NEGATIVE_INFINITY};
        for (SamplingParams p : new SamplingParams[] {SamplingParams.greedy(), params(1f, 40, 0.95f, 0.05f, 1)}) {
            AtelierException e = assertThrows(AtelierException.class, () -> new Sampler(p).sample(nan.clone(), new int[0], 0));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
        }
        float[] someNan = {Float.NaN, 1f, 2f, Float.NaN};
        assertEquals(2, new Sampler(SamplingParams.greedy()).sample(someNan, new int[0], 0));
    }

    @Test
    void outOfRangeParametersAreInvalidArguments() {
        for (Runnable bad : new Runnable[] {
                () -> params(-1f, 0, 1f, 0f, 0), () -> params(Float.NaN, 0, 1f, 0f, 0), () -> params(1f, -1, 1f, 0f, 0),
                () -> params(1f, 0, 0f, 0f, 0), () -> params(1f, 0, 1.5f, 0f, 0), () -> params(1f, 0, 1f, 2f, 0),
                () -> new SamplingParams(1f, 0, 1f, 0f, 0f, 64, 0f, 0f, 0)}) {
            AtelierException e = assertThrows(AtelierException.class, bad::run);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }
}
