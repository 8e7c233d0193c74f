package dev.atelier.audio.io;

/** How samples are stored in a WAV file. */
public enum WavEncoding {
    PCM_16(16, 1),
    PCM_24(24, 1),
    FLOAT_32(32, 3);

    private final int bits;
    private final int formatTag;

    WavEncoding(int bits, int formatTag) {
        this.bits = bits;
        this.formatTag = formatTag;
    }

    public int bits() {
        return bits;
    }

    public int bytesPerSample() {
        return bits / 8;
    }

    /** WAVE_FORMAT_PCM (1) or WAVE_FORMAT_IEEE_FLOAT (3). */
    int formatTag() {
        return formatTag;
    }
}
