package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.analysis.FrequencyEstimator;
import org.junit.jupiter.api.Test;

class EffectsTest {
    private static final int SR = 48_000;

    /** A test source: plays a fixed array into both channels. */
    static final class Source extends UnitGenerator {
        final OutputPort output = addOutput("output");
        private final float[] data;
        private int pos;

        Source(float[] data) {
            super(SR);
            this.data = data;
        }

        @Override
        protected void generate(int frames) {
            for (int i = 0; i < frames; i++, pos++) {
                output.values()[i] = pos < data.length ? data[pos] : 0;
            }
        }
    }

    @Test
    void mixerPansWithEqualPower() {
        for (double pan : new double[] {-1, -0.5, 0, 0.3, 1}) {
            Mixer m = new Mixer(SR, 1);
            m.input(0).set(1);
            m.gain(0).set(0.8);
            m.pan(0).set(pan);
            float[] l = Render.run(m, m.outputLeft, 10);
            float[] r = m.outputRight.values();
            double theta = (pan + 1) * Math.PI / 4;
            assertEquals(0.8 * Math.cos(theta), l[5], 1e-6);
            assertEquals(0.8 * Math.sin(theta), r[5], 1e-6);
            assertEquals(0.64, l[5] * l[5] + r[5] * r[5], 1e-5, "power is constant across the field");
        }
        Mixer centre = new Mixer(SR, 2);
        centre.input(0).set(0.5);
        centre.input(1).set(0.25);
        centre.pan(1).set(-1);
        float[] l = Render.run(centre, centre.outputLeft, 4);
        assertEquals(0.5 * Math.sqrt(0.5) + 0.25, l[0], 1e-6);
        assertEquals(0.5 * Math.sqrt(0.5), centre.outputRight.values()[0], 1e-6);
    }

    @Test
    void lfoHasItsRateAndRange() {
        Lfo lfo = new Lfo(SR, LfoShape.SINE, 5);
        lfo.depth.set(0.5);
        float[] y = Render.run(lfo, lfo.output, 4 * SR);
        double max = 0;
        for (float v : y) {
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(0.5, max, 1e-4);
        assertEquals(5.0, FrequencyEstimator.peakFrequency(y, SR, 1, 50), 0.01);
        Lfo tri = new Lfo(SR, LfoShape.TRIANGLE, 1);
        float[] t = Render.run(tri, tri.output, SR);
        assertEquals(1.0, t[SR / 4], 1e-4);
        assertEquals(0.0, t[SR / 2], 1e-4);
        assertEquals(-1.0, t[3 * SR / 4], 1e-4);
    }

    @Test
    void delayEchoesAtItsTimeWithFeedbackDecay() {
        float[] impulse = new float[1];
        impulse[0] = 1;
        Source src = new Source(impulse);
        Delay delay = new Delay(SR, new DelaySettings(0.1, 0.5, 0.5));
        delay.connectFrom(src.output, src.output);
        float[] y = Render.run(delay, delay.outputLeft, SR);
        int d = SR / 10;
        assertEquals(0.5, y[0], 1e-6, "dry part");
        for (int k = 1; k <= 5; k++) {
            // The k-th echo: mix × feedback^(k−1).
            assertEquals(0.5 * Math.pow(0.5, k - 1), y[k * d], 1e-6, "echo " + k);
            assertEquals(0, y[k * d - 1], 1e-9);
            assertEquals(0, y[k * d + 1], 1e-9);
        }
    }

    @Test
    void reverbDecaysAtItsRt60AndIsStereo() {
        double rt60 = 1.0;
        float[] impulse = {1};
        Source src = new Source(impulse);
        Reverb reverb = new Reverb(SR, new ReverbSettings(rt60, 0, 1));
        reverb.connectFrom(src.output, src.output);
        int frames = 2 * SR;
        float[] left = new float[frames];
        float[] right = new float[frames];
        long tick = 1L << 40;
        for (int pos = 0; pos < frames; pos += UnitGenerator.BLOCK) {
            reverb.pull(tick++, UnitGenerator.BLOCK);
            System.arraycopy(reverb.outputLeft.values(), 0, left, pos, UnitGenerator.BLOCK);
            System.arraycopy(reverb.outputRight.values(), 0, right, pos, UnitGenerator.BLOCK);
        }
        // Schroeder backward integration: the energy still to come, in dB; fit −5..−35 dB.
        double[] edc = new double[frames];
        double acc = 0;
        for (int n = frames - 1; n >= 0; n--) {
            acc += left[n] * left[n];
            edc[n] = acc;
        }
        int t5 = -1;
        int t35 = -1;
        for (int n = 0; n < frames; n++) {
            double db = 10 * Math.log10(edc[n] / edc[0]);
            if (t5 < 0 && db <= -5) {
                t5 = n;
            }
            if (t35 < 0 && db <= -35) {
                t35 = n;
            }
        }
        double measuredRt60 = 2.0 * (t35 - t5) / SR; // 30 dB span doubled
        System.out.printf("reverb RT60 set %.2f s, measured %.3f s%n", rt60, measuredRt60);
        assertEquals(rt60, measuredRt60, 0.15 * rt60);
        double lr = 0;
        double ll = 0;
        double rr = 0;
        for (int n = 0; n < frames; n++) {
            lr += left[n] * right[n];
            ll += left[n] * left[n];
            rr += right[n] * right[n];
        }
        double correlation = lr / Math.sqrt(ll * rr);
        assertTrue(Math.abs(correlation) < 0.3, "channels should be decorrelated: " + correlation);
        assertEquals(1.0, ll, 0.35, "wet energy is normalised to the impulse's");
    }

    @Test
    void reverbWithZeroMixPassesDry() {
        float[] data = new float[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.05);
        }
        Source src = new Source(data);
        Reverb reverb = new Reverb(SR, new ReverbSettings(2, 0.5, 0));
        reverb.connectFrom(src.output, src.output);
        float[] y = Render.run(reverb, reverb.outputLeft, 1000);
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], y[i], 0f);
        }
    }
}
