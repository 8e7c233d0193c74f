package dev.atelier.audio.synth;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;

/**
 * A unit's parameter or signal input. Its value per frame is a constant plus the sum of its
 * connected sources, each times its own gain: so an envelope and an LFO can both modulate one
 * filter cutoff without extra mixing units.
 */
public final class InputPort extends Port {
    private static final Connection[] NONE = {};

    private float constant;
    private Connection[] connections = NONE;
    // The values array already holds the constant: nothing to do for an unconnected, unchanged port.
    private boolean settled;

    InputPort(UnitGenerator owner, String name, double initial) {
        super(owner, name);
        set(initial);
    }

    /** Sets the constant part; NaN and infinities are refused. */
    public void set(double value) {
        constant = (float) finite(value, name());
        settled = false;
    }

    /** The constant part. */
    public double get() {
        return constant;
    }

    public Connection connect(OutputPort source) {
        return connect(source, 1.0);
    }

    public Connection connect(OutputPort source, double gain) {
        if (source.owner() == owner()) {
            throw new IllegalArgumentException("a unit cannot feed itself: " + source + " -> " + this);
        }
        Connection c = new Connection(source, gain);
        connections = Arrays.copyOf(connections, connections.length + 1);
        connections[connections.length - 1] = c;
        settled = false;
        return c;
    }

    public void disconnectAll() {
        connections = NONE;
        settled = false;
    }

    public boolean isConnected() {
        return connections.length > 0;
    }

    void gather(long tick, int frames) {
        if (connections.length == 0) {
            if (!settled) {
                Arrays.fill(values, constant);
                settled = true;
            }
            return;
        }
        for (Connection c : connections) {
            c.source.owner().pull(tick, frames);
        }
        Connection first = connections[0];
        float[] src = first.source.values;
        float g = first.gain;
        for (int i = 0; i < frames; i++) {
            values[i] = constant + g * src[i];
        }
        for (int k = 1; k < connections.length; k++) {
            src = connections[k].source.values;
            g = connections[k].gain;
            for (int i = 0; i < frames; i++) {
                values[i] += g * src[i];
            }
        }
    }

    static double finite(double value, String param) {
        if (!Double.isFinite(value)) {
            throw AtelierException.invalidArgument(param, param + " must be a finite number, got " + value);
        }
        return value;
    }
}
