package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/**
 * A stereo feedback delay (echo). Each channel's line holds input + feedback × its own output; the
 * result is dry·(1 − mix) + delayed·mix. The time may be modulated (read with linear
 * interpolation), which also makes this the base of a chorus or flanger.
 */
public final class Delay extends StereoEffect {
    public static final double MAX_SECONDS = 5;
    public static final double MAX_FEEDBACK = 0.95;

    public final InputPort time;
    public final InputPort feedback;
    public final InputPort mix;

    private final float[] lineLeft;
    private final float[] lineRight;
    private int write;

    public Delay(int sampleRate, double maxSeconds, DelaySettings settings) {
        super(sampleRate);
        AudioLimits.checkRange(maxSeconds, 0.001, MAX_SECONDS, "max_delay");
        int capacity = (int) Math.ceil(maxSeconds * sampleRate) + 2;
        lineLeft = new float[capacity];
        lineRight = new float[capacity];
        time = addInput("time", Math.min(settings.time(), maxSeconds));
        feedback = addInput("feedback", settings.feedback());
        mix = addInput("mix", settings.mix());
    }

    public Delay(int sampleRate, DelaySettings settings) {
        this(sampleRate, Math.max(0.001, settings.time()), settings);
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(lineLeft, 0f);
        java.util.Arrays.fill(lineRight, 0f);
        write = 0;
    }

    @Override
    protected void generate(int frames) {
        float[] inL = inputLeft.values();
        float[] inR = inputRight.values();
        float[] t = time.values();
        float[] fb = feedback.values();
        float[] m = mix.values();
        float[] outL = outputLeft.values();
        float[] outR = outputRight.values();
        int n = lineLeft.length;
        double maxDelay = n - 2;
        for (int i = 0; i < frames; i++) {
            double d = Math.min(maxDelay, Math.max(1, t[i] * (double) sampleRate));
            int whole = (int) d;
            float frac = (float) (d - whole);
            int r0 = write - whole;
            if (r0 < 0) {
                r0 += n;
            }
            int r1 = r0 == 0 ? n - 1 : r0 - 1;
            float wetL = lineLeft[r0] + frac * (lineLeft[r1] - lineLeft[r0]);
            float wetR = lineRight[r0] + frac * (lineRight[r1] - lineRight[r0]);
            float g = Math.max(-(float) MAX_FEEDBACK, Math.min((float) MAX_FEEDBACK, fb[i]));
            lineLeft[write] = inL[i] + g * wetL;
            lineRight[write] = inR[i] + g * wetR;
            float wm = Math.max(0f, Math.min(1f, m[i]));
            outL[i] = inL[i] * (1 - wm) + wetL * wm;
            outR[i] = inR[i] * (1 - wm) + wetR * wm;
            if (++write == n) {
                write = 0;
            }
        }
    }
}
