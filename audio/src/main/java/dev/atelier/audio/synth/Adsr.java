package dev.atelier.audio.synth;

import java.util.Objects;

/**
 * Attack–decay–sustain–release envelope driven by its {@code gate} port: the sample where the gate
 * rises above 0 starts the attack, the sample where it falls to 0 or below starts the release.
 * Segments are linear with exact sample lengths: from silence the output is k/A at k samples into
 * the attack, reaches 1 at A, the sustain at A + D, and 0 exactly R samples after the release.
 * A zero sustain ends the envelope (idle) when the decay reaches it.
 * Retriggering is click-free: a new attack starts from the current level at the attack's slope,
 * and a release starts from wherever the envelope is.
 */
public final class Adsr extends UnitGenerator {
    /** Stages; IDLE is silent and reports {@link #isIdle()}. */
    public enum Stage { IDLE, ATTACK, DECAY, SUSTAIN, RELEASE }

    public final InputPort gate;
    public final OutputPort output;

    private Envelope envelope;
    private int attackSamples;
    private int decaySamples;
    private int releaseSamples;

    private Stage stage = Stage.IDLE;
    private boolean gateHigh;
    private float level;
    // The running segment: from 'from' to 'to' over 'length' samples, 'position' samples done.
    private float from;
    private float to;
    private int length;
    private float inverseLength;
    private int position;

    public Adsr(int sampleRate, Envelope envelope) {
        super(sampleRate);
        gate = addInput("gate", 0);
        output = addOutput("output");
        setEnvelope(envelope);
    }

    /** Takes effect at the next segment start. */
    public void setEnvelope(Envelope envelope) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        attackSamples = (int) Math.round(envelope.attack() * sampleRate);
        decaySamples = (int) Math.round(envelope.decay() * sampleRate);
        releaseSamples = (int) Math.round(envelope.release() * sampleRate);
    }

    public Envelope envelope() {
        return envelope;
    }

    public Stage stage() {
        return stage;
    }

    public boolean isIdle() {
        return stage == Stage.IDLE;
    }

    public float level() {
        return level;
    }

    @Override
    public void reset() {
        stage = Stage.IDLE;
        gateHigh = false;
        level = 0;
        gate.set(0);
    }

    @Override
    protected void generate(int frames) {
        float[] g = gate.values();
        float[] out = output.values();
        for (int i = 0; i < frames; ) {
            boolean high = g[i] > 0;
            if (high != gateHigh) {
                gateHigh = high;
                if (high) {
                    startAttack();
                } else if (stage != Stage.IDLE) {
                    begin(Stage.RELEASE, 0, releaseSamples);
                }
            }
            int end = i + 1; // the run of samples until the gate changes
            while (end < frames && (g[end] > 0) == high) {
                end++;
            }
            fill(out, i, end);
            i = end;
        }
    }

    /** The levels of samples {@code from..end} of the block, a segment's straight line at a time. */
    private void fill(float[] out, int i, int end) {
        while (i < end) {
            while (position >= length && stage != Stage.IDLE && stage != Stage.SUSTAIN) {
                finishSegment();
            }
            if (stage == Stage.IDLE || stage == Stage.SUSTAIN) {
                java.util.Arrays.fill(out, i, end, level);
                return;
            }
            int n = Math.min(end - i, length - position);
            float start = from;
            float span = to - from;
            float inverse = inverseLength;
            int p = position;
            int shift = i - p;
            // Indexed by the position in the segment alone, which lets the JIT vectorise the loop.
            for (int j = p; j < p + n; j++) {
                out[j + shift] = start + span * (j * inverse);
            }
            level = out[i + n - 1];
            position = p + n;
            i += n;
        }
    }

    /**
     * Restarts the attack now, from the current level, whatever the gate does: legato retrigger.
     * The gate port keeps its value, so a later fall still releases.
     */
    public void retrigger() {
        startAttack();
    }

    private void startAttack() {
        // From the current level at the full attack's slope, so a retrigger never jumps.
        begin(Stage.ATTACK, 1, Math.round((1 - level) * attackSamples));
    }

    private void begin(Stage s, float target, int samples) {
        stage = s;
        from = level;
        to = target;
        length = samples;
        inverseLength = samples > 0 ? 1f / samples : 0f;
        position = 0;
    }

    /** The running segment is done (or empty): land exactly on its target and move on. */
    private void finishSegment() {
        level = to;
        switch (stage) {
            case ATTACK -> begin(Stage.DECAY, (float) envelope.sustain(), decaySamples);
            case DECAY -> {
                if (level > 0) {
                    begin(Stage.SUSTAIN, level, 0);
                } else {
                    stage = Stage.IDLE; // decayed to silence: nothing left to release
                }
            }
            case RELEASE -> {
                stage = Stage.IDLE;
                level = 0;
            }
            default -> throw new IllegalStateException();
        }
    }
}
