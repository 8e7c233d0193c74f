package dev.atelier.audio.synth;

/** A named block of per-frame values belonging to one unit. */
public abstract sealed class Port permits InputPort, OutputPort {
    private final UnitGenerator owner;
    private final String name;
    final float[] values = new float[UnitGenerator.BLOCK];

    Port(UnitGenerator owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    public final String name() {
        return name;
    }

    public final UnitGenerator owner() {
        return owner;
    }

    /** The current block's values; read-only for everyone but the owner. */
    public final float[] values() {
        return values;
    }

    @Override
    public String toString() {
        return owner.getClass().getSimpleName() + "." + name;
    }
}
