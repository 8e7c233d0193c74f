package dev.atelier.audio.synth;

import java.util.Objects;

/**
 * A stereo-linked lookahead peak limiter: the output never exceeds the ceiling, and the gain moves
 * smoothly enough not to distort. The signal is delayed by the lookahead L; meanwhile
 * <ol>
 *   <li>each incoming frame needs gain r = min(1, ceiling / peak of its channels);</li>
 *   <li>h = the minimum of r over the last L + 1 frames (a sliding minimum);</li>
 *   <li>e follows h down at once and back up with the release time constant, so e ≤ h;</li>
 *   <li>the applied gain is the mean of e over the last L + 1 frames.</li>
 * </ol>
 * Every e in that mean comes from a window that contains the frame now leaving the delay, so the
 * mean is at most that frame's own r: the peak is under the ceiling by construction, with a
 * linear fade-in of the gain over the lookahead instead of a jump. A final clamp only guards
 * against float rounding.
 */
public final class Limiter extends StereoEffect {
    private final LimiterSettings settings;
    private final float ceiling;
    private final int lookahead;
    private final float releaseCoefficient;
    private final double inverseWindow;

    private final float[] delayLeft;
    private final float[] delayRight;
    private final float[] required;  // r over the window, circular
    // The sliding minimum: a ring of (slot, frame) pairs whose r values increase head to tail.
    private final int[] queueSlot;
    private final long[] queueFrame;
    private int queueHead;
    private int queueSize;
    private final float[] smoothed;  // e over the window, circular
    private double smoothedSum;
    private float envelope;
    private long frame;
    private int slot; // frame % (lookahead + 1)
    private float lowestGain = 1;
    private float largestBeforeClamp;

    public Limiter(int sampleRate, LimiterSettings settings) {
        super(sampleRate);
        this.settings = Objects.requireNonNull(settings, "settings");
        ceiling = (float) settings.ceiling();
        lookahead = Math.max(1, (int) Math.round(settings.lookaheadSeconds() * sampleRate));
        releaseCoefficient = (float) (1 - Math.exp(-1 / (settings.releaseSeconds() * sampleRate)));
        int window = lookahead + 1;
        inverseWindow = 1.0 / window;
        delayLeft = new float[window];
        delayRight = new float[window];
        required = new float[window];
        queueSlot = new int[window];
        queueFrame = new long[window];
        smoothed = new float[window];
        reset();
    }

    public LimiterSettings settings() {
        return settings;
    }

    @Override
    public int latency() {
        return lookahead;
    }

    /** The smallest gain applied since the last reset (1: never limited). */
    public float lowestGain() {
        return lowestGain;
    }

    /**
     * The largest |sample| the gain stage produced before the safety clamp, since the last reset:
     * at most the ceiling (give or take float rounding) if the design holds.
     */
    public float largestBeforeClamp() {
        return largestBeforeClamp;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(delayLeft, 0f);
        java.util.Arrays.fill(delayRight, 0f);
        java.util.Arrays.fill(required, 1f);
        java.util.Arrays.fill(smoothed, 1f);
        smoothedSum = smoothed.length;
        queueHead = 0;
        queueSize = 0;
        envelope = 1;
        frame = 0;
        slot = 0;
        lowestGain = 1;
        largestBeforeClamp = 0;
    }

    @Override
    protected void generate(int frames) {
        float[] inL = inputLeft.values();
        float[] inR = inputRight.values();
        float[] outL = outputLeft.values();
        float[] outR = outputRight.values();
        int window = lookahead + 1;
        // The running state in locals: fields written every sample would chain the samples
        // through memory.
        int slot = this.slot;
        long frame = this.frame;
        int head = queueHead;
        int size = queueSize;
        float env = envelope;
        double sum = smoothedSum;
        float lowest = lowestGain;
        float largest = largestBeforeClamp;
        for (int i = 0; i < frames; i++) {
            // The frame leaving the delay line entered L frames ago: the slot after this one.
            int oldest = slot + 1 == window ? 0 : slot + 1;

            // Sliding minimum of r over frames (frame − L .. frame): drop expired frames first,
            // since the slot being written held the one that just left the window.
            while (size > 0 && queueFrame[head] < frame - lookahead) {
                head = head + 1 == window ? 0 : head + 1;
                size--;
            }
            float peak = Math.max(Math.abs(inL[i]), Math.abs(inR[i]));
            float r = peak > ceiling ? ceiling / peak : 1f;
            required[slot] = r;
            while (size > 0) {
                int tail = head + size - 1;
                if (tail >= window) {
                    tail -= window;
                }
                if (required[queueSlot[tail]] < r) {
                    break;
                }
                size--;
            }
            int at = head + size;
            if (at >= window) {
                at -= window;
            }
            queueSlot[at] = slot;
            queueFrame[at] = frame;
            size++;
            float h = required[queueSlot[head]];

            env = h < env ? h : env + (h - env) * releaseCoefficient;
            sum += env - smoothed[slot];
            smoothed[slot] = env;
            float gain = (float) Math.min(1.0, sum * inverseWindow);
            lowest = Math.min(lowest, gain);

            delayLeft[slot] = inL[i];
            delayRight[slot] = inR[i];
            float l = delayLeft[oldest] * gain;
            float rr = delayRight[oldest] * gain;
            largest = Math.max(largest, Math.max(Math.abs(l), Math.abs(rr)));
            outL[i] = Math.max(-ceiling, Math.min(ceiling, l));
            outR[i] = Math.max(-ceiling, Math.min(ceiling, rr));
            frame++;
            slot = oldest;
        }
        this.slot = slot;
        this.frame = frame;
        queueHead = head;
        queueSize = size;
        envelope = env;
        smoothedSum = sum;
        lowestGain = lowest;
        largestBeforeClamp = largest;
    }
}
