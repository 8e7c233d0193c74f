package dev.atelier.audio.synth;

/** Test helper: runs a unit graph offline and collects one output port. */
final class Render {
    // Ticks keep growing across calls, so a unit pulled by several runs never skips a block.
    private static long tick;

    private Render() {
    }

    /** Pulls {@code unit} for {@code frames} frames in full blocks and returns {@code port}'s values. */
    static float[] run(UnitGenerator unit, OutputPort port, int frames) {
        float[] out = new float[frames];
        for (int pos = 0; pos < frames; ) {
            int n = Math.min(UnitGenerator.BLOCK, frames - pos);
            unit.pull(tick++, n);
            System.arraycopy(port.values(), 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    static float[] run(Oscillator osc, int frames) {
        return run(osc, osc.output, frames);
    }

    /** A naive (aliasing) sawtooth, the reference that shows the aliasing measure works. */
    static float[] naiveSaw(double f0, int sampleRate, int frames) {
        float[] out = new float[frames];
        double t = 0;
        double dt = f0 / sampleRate;
        for (int i = 0; i < frames; i++) {
            out[i] = (float) (2 * t - 1);
            t += dt;
            if (t >= 1) {
                t -= 1;
            }
        }
        return out;
    }
}
