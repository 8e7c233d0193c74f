package dev.atelier.audio.synth;

import java.util.Objects;

/**
 * A Schroeder–Moorer reverb: per output channel, eight damped feedback combs in parallel (the
 * decaying echo density) followed by four allpasses in series (diffusion). Both channels hear the
 * mono sum; their delay lengths differ, which decorrelates them into a wide image. Lengths are
 * primes near a spread of 29–47 ms (combs) and 3–11 ms (allpasses), so no echoes coincide. The
 * combs' loop gains give the requested RT60; the wet sum is normalised to unit energy, so the mix
 * control trades level for level.
 */
public final class Reverb extends StereoEffect {
    private static final double[] COMB_MS = {29.3, 31.9, 34.1, 36.7, 39.2, 41.6, 44.3, 46.9};
    private static final double[] ALLPASS_MS = {11.1, 8.3, 5.9, 3.4};
    private static final double ALLPASS_GAIN = 0.5;
    private static final double STEREO_SPREAD_MS = 0.53;

    public final InputPort mix;

    private final CombFilter[][] combs = new CombFilter[2][COMB_MS.length];
    private final AllpassFilter[][] allpasses = new AllpassFilter[2][ALLPASS_MS.length];
    private ReverbSettings settings;

    public Reverb(int sampleRate, ReverbSettings settings) {
        super(sampleRate);
        mix = addInput("mix", settings.mix());
        for (int ch = 0; ch < 2; ch++) {
            double spread = ch * STEREO_SPREAD_MS;
            for (int i = 0; i < COMB_MS.length; i++) {
                combs[ch][i] = new CombFilter(primeNear((COMB_MS[i] + spread) * sampleRate / 1000));
            }
            for (int i = 0; i < ALLPASS_MS.length; i++) {
                allpasses[ch][i] = new AllpassFilter(primeNear((ALLPASS_MS[i] + spread) * sampleRate / 1000),
                        ALLPASS_GAIN);
            }
        }
        configure(settings);
    }

    /** Changes decay and damping (and the mix port's constant). */
    public void configure(ReverbSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        for (CombFilter[] row : combs) {
            for (CombFilter c : row) {
                c.configure(settings.decaySeconds(), settings.damping(), sampleRate);
            }
        }
        mix.set(settings.mix());
    }

    public ReverbSettings settings() {
        return settings;
    }

    @Override
    public void reset() {
        for (int ch = 0; ch < 2; ch++) {
            for (CombFilter c : combs[ch]) {
                c.reset();
            }
            for (AllpassFilter a : allpasses[ch]) {
                a.reset();
            }
        }
    }

    private final float[] mono = new float[BLOCK];
    private final float[] wetLeft = new float[BLOCK];
    private final float[] wetRight = new float[BLOCK];

    @Override
    protected void generate(int frames) {
        float[] inL = inputLeft.values();
        float[] inR = inputRight.values();
        float[] m = mix.values();
        float[] outL = outputLeft.values();
        float[] outR = outputRight.values();
        for (int i = 0; i < frames; i++) {
            mono[i] = 0.5f * (inL[i] + inR[i]);
        }
        wet(0, wetLeft, frames);
        wet(1, wetRight, frames);
        float combNorm = (float) (1 / Math.sqrt(COMB_MS.length));
        for (int i = 0; i < frames; i++) {
            float wm = Math.max(0f, Math.min(1f, m[i]));
            outL[i] = inL[i] * (1 - wm) + wetLeft[i] * combNorm * wm;
            outR[i] = inR[i] * (1 - wm) + wetRight[i] * combNorm * wm;
        }
    }

    private void wet(int ch, float[] out, int frames) {
        java.util.Arrays.fill(out, 0, frames, 0f);
        CombFilter[] cs = combs[ch];
        int i = 0;
        for (; i + 3 < cs.length; i += 4) {
            CombFilter.processAddQuad(cs[i], cs[i + 1], cs[i + 2], cs[i + 3], mono, out, frames);
        }
        for (; i < cs.length; i++) {
            cs[i].processAdd(mono, out, frames);
        }
        for (AllpassFilter a : allpasses[ch]) {
            a.process(out, frames);
        }
    }

    static int primeNear(double samples) {
        int n = Math.max(2, (int) Math.round(samples));
        while (!isPrime(n)) {
            n++;
        }
        return n;
    }

    private static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
