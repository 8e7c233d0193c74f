package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class PolyphonyTest {
    private static final int SR = 48_000;
    private static final Patch SINE = Patch.of(Waveform.SINE)
            .withAmplitude(new Envelope(0.005, 0, 1, 0.5)); // long release: released notes linger

    /** Amplitude of the f component of x[from, from+len), Hann-weighted so other tones barely leak in. */
    static double tone(float[] x, int from, int len, double f) {
        double s = 0;
        double c = 0;
        double wsum = 0;
        for (int n = from; n < from + len; n++) {
            double w = 0.5 * (1 - Math.cos(2 * Math.PI * (n - from) / len));
            double ph = 2 * Math.PI * f * n / SR;
            s += w * x[n] * Math.sin(ph);
            c += w * x[n] * Math.cos(ph);
            wsum += w;
        }
        return 2 * Math.hypot(s, c) / wsum;
    }

    private static float[] play(Polyphony poly, int frames) {
        return Render.run(poly, poly.output, frames);
    }

    @Test
    void stealsTheOldestReleasedNoteFirst() {
        Polyphony poly = new Polyphony(SR, SINE, 2);
        poly.noteOn(300, 1);              // A, oldest, held
        long b = poly.noteOn(600, 1);     // B, then released
        play(poly, 4800);
        poly.noteOff(b);
        play(poly, 480);
        poly.noteOn(900, 1);              // C must take B's slot although A is older
        float[] y = play(poly, 9600);
        int from = 4800; // well after the 5 ms steal fade; window of 0.1 s holds whole cycles
        assertEquals(0.5, tone(y, from, 4800, 300), 0.01, "A still sounds");
        assertEquals(0.0, tone(y, from, 4800, 600), 0.01, "B was stolen");
        assertEquals(0.5, tone(y, from, 4800, 900), 0.01, "C sounds");
        assertEquals(1, poly.steals());
    }

    @Test
    void withNothingReleasedStealsTheOldestHeldNote() {
        Polyphony poly = new Polyphony(SR, SINE, 2);
        poly.noteOn(300, 1);
        play(poly, 480);
        poly.noteOn(600, 1);
        play(poly, 480);
        poly.noteOn(900, 1);
        float[] y = play(poly, 9600);
        assertEquals(0.0, tone(y, 4800, 4800, 300), 0.01, "the oldest was stolen");
        assertEquals(0.5, tone(y, 4800, 4800, 600), 0.01);
        assertEquals(0.5, tone(y, 4800, 4800, 900), 0.01);
    }

    @Test
    void finishedNotesFreeTheirVoiceWithoutStealing() {
        Patch shortRelease = SINE.withAmplitude(new Envelope(0.001, 0, 1, 0.01));
        Polyphony poly = new Polyphony(SR, shortRelease, 1);
        long a = poly.noteOn(300, 1);
        play(poly, 480);
        poly.noteOff(a);
        play(poly, 960); // release (480 samples) is over
        poly.noteOn(600, 1);
        assertEquals(0, poly.steals());
    }

    @Test
    void aStealDoesNotClick() {
        // One voice: the second note steals the first at the crest of its sine, the worst moment.
        int steal = 10_936; // 440 Hz phase there: 0.2467 cycles, sin = 0.998
        float[] faded = stealAt(steal, Polyphony.DEFAULT_STEAL_FADE_SECONDS);
        float[] hard = stealAt(steal, 0);
        double g = SINE.gain();
        // Largest natural step: both sines at full slope plus the fade and attack ramps (5 ms each).
        double bound = g * (2 * Math.PI * (440 + 660) / SR + 2.0 / 240) * 1.05;
        double fadedJump = maxJump(faded, steal - 100, steal + 1000);
        double hardJump = maxJump(hard, steal - 100, steal + 1000);
        System.out.printf("steal: largest step %.4f with fade, %.4f hard cut (bound %.4f)%n",
                fadedJump, hardJump, bound);
        assertTrue(fadedJump <= bound, "click at the steal: " + fadedJump);
        assertTrue(hardJump > 0.4, "a hard cut must show as a click, proving the measure: " + hardJump);
        // The new note starts on time, not after the fade.
        assertTrue(tone(faded, steal + 480, 4800, 660) > 0.45);
    }

    private static float[] stealAt(int sample, double fadeSeconds) {
        Polyphony poly = new Polyphony(SR, SINE, 1, fadeSeconds, 1);
        poly.noteOn(440, 1);
        float[] first = play(poly, sample);
        poly.noteOn(660, 1);
        float[] second = play(poly, 6000);
        float[] all = new float[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static double maxJump(float[] x, int from, int to) {
        double max = 0;
        for (int i = Math.max(1, from); i < Math.min(x.length, to); i++) {
            max = Math.max(max, Math.abs(x[i] - x[i - 1]));
        }
        return max;
    }

    @Test
    void absurdPolyphonyIsRefused() {
        for (int v : new int[] {0, -1, 65, 1_000_000}) {
            AtelierException e = assertThrows(AtelierException.class, () -> new Polyphony(SR, SINE, v));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }
}
