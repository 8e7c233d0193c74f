package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small signal-processing block with named input and output ports, computed a block of at most
 * {@link #BLOCK} frames at a time. Units form a graph by connecting ports; pulling a unit first
 * pulls the units feeding its inputs, once per tick, so a shared modulator is computed only once.
 * Cycles are not supported: a unit in a loop reads its source's previous block.
 */
public abstract class UnitGenerator {
    /** The most frames computed per pull; renderers split blocks at events so these land on any sample. */
    public static final int BLOCK = 256;

    protected final int sampleRate;
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final List<InputPort> inputs = new ArrayList<>();
    private long lastTick = -1;

    protected UnitGenerator(int sampleRate) {
        this.sampleRate = AudioLimits.checkSampleRate(sampleRate);
    }

    public final int sampleRate() {
        return sampleRate;
    }

    /** Computes this unit's next {@code frames} (1..BLOCK) for {@code tick}, unless already done. */
    public final void pull(long tick, int frames) {
        if (tick == lastTick) {
            return;
        }
        if (frames < 1 || frames > BLOCK) {
            throw new IllegalArgumentException("frames must be 1.." + BLOCK + ", got " + frames);
        }
        lastTick = tick;
        for (InputPort in : inputs) {
            in.gather(tick, frames);
        }
        generate(frames);
    }

    /** Pulls a unit this one owns privately (a voice's oscillator) within the current tick. */
    protected final void pullOwned(UnitGenerator child, int frames) {
        child.pull(lastTick, frames);
    }

    /** Fills the output ports' first {@code frames} values from the input ports' values. */
    protected abstract void generate(int frames);

    /** Returns to the silent start state: phases, filter memories, envelope stages. */
    public void reset() {
    }

    public final Port port(String name) {
        Port p = ports.get(name);
        if (p == null) {
            throw AtelierException.invalidArgument("port", getClass().getSimpleName() + " has no port '" + name
                    + "'; it has " + ports.keySet());
        }
        return p;
    }

    public final List<String> portNames() {
        return Collections.unmodifiableList(new ArrayList<>(ports.keySet()));
    }

    protected final InputPort addInput(String name, double initial) {
        InputPort p = new InputPort(this, name, initial);
        register(p);
        inputs.add(p);
        return p;
    }

    protected final OutputPort addOutput(String name) {
        OutputPort p = new OutputPort(this, name);
        register(p);
        return p;
    }

    private void register(Port p) {
        if (ports.putIfAbsent(p.name(), p) != null) {
            throw new IllegalStateException("duplicate port " + p.name());
        }
    }
}
