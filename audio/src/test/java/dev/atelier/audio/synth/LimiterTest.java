package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimiterTest {
    private static final int SR = 48_000;

    private static Limiter last;

    private static float[][] run(float[] left, float[] right, LimiterSettings settings) {
        EffectsTest.Source l = new EffectsTest.Source(left);
        EffectsTest.Source r = new EffectsTest.Source(right);
        Limiter lim = new Limiter(SR, settings);
        lim.connectFrom(l.output, r.output);
        last = lim;
        int frames = left.length + lim.latency();
        float[][] out = new float[2][frames];
        long tick = 1L << 41;
        for (int pos = 0; pos < frames; pos += UnitGenerator.BLOCK) {
            int n = Math.min(UnitGenerator.BLOCK, frames - pos);
            lim.pull(tick++, n);
            System.arraycopy(lim.outputLeft.values(), 0, out[0], pos, n);
            System.arraycopy(lim.outputRight.values(), 0, out[1], pos, n);
        }
        return out;
    }

    @Test
    void twelveDbHotInputNeverExceedsFullScale() {
        // A +12 dB mix: two detuned saws and a sine with bursts, 4× full scale at its peaks.
        int frames = 2 * SR;
        float[] left = new float[frames];
        float[] right = new float[frames];
        SawOscillator a = new SawOscillator(SR, 110);
        SawOscillator b = new SawOscillator(SR, 164.3);
        float[] sa = Render.run(a, frames);
        float[] sb = Render.run(b, frames);
        double gain = Math.pow(10, 12 / 20.0);
        for (int i = 0; i < frames; i++) {
            double burst = (i / 4800) % 2 == 0 ? 1 : 0.3;
            left[i] = (float) (gain * burst * 0.5 * (sa[i] + sb[i]));
            right[i] = (float) (gain * burst * Math.sin(2 * Math.PI * 440 * i / SR));
        }
        LimiterSettings settings = new LimiterSettings(1.0, 0.005, 0.05);
        float[][] out = run(left, right, settings);
        double peak = 0;
        for (float[] ch : out) {
            for (float v : ch) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        System.out.printf("limiter: input peak %.2f, output peak %.6f%n", gain, peak);
        assertTrue(peak <= 1.0, "peak " + peak);
        assertTrue(peak > 0.95, "and it still uses the headroom: " + peak);
        // The gain computation itself keeps the peak under the ceiling; the clamp is only a guard.
        assertTrue(last.largestBeforeClamp() <= 1.0 + 1e-6, "before clamp " + last.largestBeforeClamp());
    }

    @Test
    void gainAloneKeepsPeaksUnderTheCeilingWithoutTheSafetyClamp() {
        // A sine at 4× a 0.5 ceiling: the steady gain must settle at ceiling / 4 exactly, so the
        // output amplitude equals the ceiling (the clamp would flatten tops; check they are round).
        int frames = SR;
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (4 * Math.sin(2 * Math.PI * 100 * i / SR));
        }
        float[][] out = run(x, x, new LimiterSettings(0.5, 0.005, 0.05));
        int latency = (int) Math.round(0.005 * SR);
        int atCeiling = 0;
        for (int i = SR / 2; i < frames; i++) {
            double expected = 0.125 * 4 * Math.sin(2 * Math.PI * 100 * (i - latency) / SR);
            assertEquals(expected, out[0][i], 1e-4, "sample " + i);
            atCeiling += Math.abs(out[0][i]) >= 0.5f - 1e-6f ? 1 : 0;
        }
        assertTrue(atCeiling <= 2 * 50, "only the crest samples touch the ceiling: " + atCeiling);
    }

    @Test
    void quietSignalPassesUnchangedButDelayed() {
        float[] x = new float[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(i * 0.01));
        }
        LimiterSettings s = LimiterSettings.standard();
        float[][] out = run(x, x, s);
        int latency = (int) Math.round(s.lookaheadSeconds() * SR);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], out[0][i + latency], 0f);
        }
    }

    @Test
    void aSingleSpikeIsCaughtByTheLookahead() {
        float[] x = new float[2000];
        x[1000] = 8;
        x[999] = 0.9f;
        x[1001] = 0.9f;
        float[][] out = run(x, new float[x.length], new LimiterSettings(1.0, 0.002, 0.05));
        int latency = (int) Math.round(0.002 * SR);
        assertEquals(1.0, out[0][1000 + latency], 1e-6);
        assertTrue(Math.abs(out[0][999 + latency]) <= 1.0);
    }
}
