package dev.atelier.audio.synth;

/** What a unit produces each block; connect it to any number of input ports. */
public final class OutputPort extends Port {
    OutputPort(UnitGenerator owner, String name) {
        super(owner, name);
    }
}
