package dev.atelier.audio.synth;

/** One source feeding an input port, scaled by a gain that may change between blocks. */
public final class Connection {
    final OutputPort source;
    float gain;

    Connection(OutputPort source, double gain) {
        this.source = source;
        gain(gain);
    }

    public OutputPort source() {
        return source;
    }

    public double gain() {
        return gain;
    }

    public void gain(double gain) {
        this.gain = (float) InputPort.finite(gain, "gain");
    }
}
