package dev.atelier.audio.synth;

/**
 * Chorus and flanger: each channel reads its own delay line at base + depth · sin(2π·rate·t + φ),
 * the right channel a quarter cycle behind the left for width, with linear interpolation between
 * samples; the read value, times the feedback, is written back with the input. Output:
 * dry · (1 − mix) + wet · mix. With depth 0 it is a plain delay (and, mixed half and half, a
 * comb filter with notches at odd multiples of 1/(2·delay)).
 */
public final class Chorus extends StereoEffect {
    private final ChorusSettings settings;
    private final float[] lineLeft;
    private final float[] lineRight;
    private int write;
    private double lfoPhase;

    public Chorus(int sampleRate, ChorusSettings settings) {
        super(sampleRate);
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        int capacity = (int) Math.ceil((settings.delaySeconds() + settings.depthSeconds()) * sampleRate) + 4;
        lineLeft = new float[capacity];
        lineRight = new float[capacity];
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(lineLeft, 0f);
        java.util.Arrays.fill(lineRight, 0f);
        write = 0;
        lfoPhase = 0;
    }

    @Override
    protected void generate(int frames) {
        float[] inL = inputLeft.values();
        float[] inR = inputRight.values();
        float[] outL = outputLeft.values();
        float[] outR = outputRight.values();
        double base = settings.delaySeconds() * sampleRate;
        double depth = settings.depthSeconds() * sampleRate;
        double step = settings.rateHz() / sampleRate;
        float fb = (float) settings.feedback();
        float mix = (float) settings.mix();
        for (int i = 0; i < frames; i++) {
            double s = Math.sin(2 * Math.PI * lfoPhase);
            double c = Math.cos(2 * Math.PI * lfoPhase);
            float wetL = read(lineLeft, base + depth * s);
            float wetR = read(lineRight, base + depth * c);
            lineLeft[write] = inL[i] + fb * wetL;
            lineRight[write] = inR[i] + fb * wetR;
            outL[i] = inL[i] * (1 - mix) + wetL * mix;
            outR[i] = inR[i] * (1 - mix) + wetR * mix;
            if (++write == lineLeft.length) {
                write = 0;
            }
            lfoPhase += step;
            if (lfoPhase >= 1) {
                lfoPhase -= 1;
            }
        }
    }

    /** The sample written {@code delay} samples before the one about to be written. */
    private float read(float[] line, double delay) {
        double d = Math.max(1, delay);
        int whole = (int) d;
        float frac = (float) (d - whole);
        int n = line.length;
        int r0 = write - whole;
        if (r0 < 0) {
            r0 += n;
        }
        int r1 = r0 == 0 ? n - 1 : r0 - 1;
        return line[r0] + frac * (line[r1] - line[r0]);
    }
}
