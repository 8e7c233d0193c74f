package dev.atelier.audio.synth;

/** A unit that takes a stereo pair and gives one back. */
public abstract class StereoEffect extends UnitGenerator {
    public final InputPort inputLeft;
    public final InputPort inputRight;
    public final OutputPort outputLeft;
    public final OutputPort outputRight;

    // Registering ports hands 'this' to them, which is safe: they only keep it as their owner.
    @SuppressWarnings("this-escape")
    protected StereoEffect(int sampleRate) {
        super(sampleRate);
        inputLeft = addInput("inputLeft", 0);
        inputRight = addInput("inputRight", 0);
        outputLeft = addOutput("outputLeft");
        outputRight = addOutput("outputRight");
    }

    /** Feeds this effect from another stereo source's outputs. */
    public void connectFrom(OutputPort left, OutputPort right) {
        inputLeft.connect(left);
        inputRight.connect(right);
    }

    public void connectFrom(StereoEffect previous) {
        connectFrom(previous.outputLeft, previous.outputRight);
    }

    /** Samples by which the output lags the input (lookahead); 0 for most effects. */
    public int latency() {
        return 0;
    }
}
