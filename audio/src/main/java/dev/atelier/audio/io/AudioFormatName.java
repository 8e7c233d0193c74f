package dev.atelier.audio.io;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.util.Locale;

/** The output formats a clip can be written in, by the names the CLI and the gateway use. */
public enum AudioFormatName {
    /** 16-bit PCM WAV. */
    WAV("audio/wav"),
    /** 24-bit PCM WAV. */
    WAV24("audio/wav"),
    /** 32-bit float WAV. */
    WAV32F("audio/wav"),
    /** 16-bit FLAC. */
    FLAC("audio/flac"),
    /** Raw 16-bit little-endian PCM, interleaved. */
    PCM("audio/pcm"),
    /** Raw 32-bit float little-endian PCM, interleaved. */
    PCM_F32("audio/pcm");

    private final String mediaType;

    AudioFormatName(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public byte[] encode(Clip clip) {
        return switch (this) {
            case WAV -> WavFile.toBytes(clip, WavEncoding.PCM_16);
            case WAV24 -> WavFile.toBytes(clip, WavEncoding.PCM_24);
            case WAV32F -> WavFile.toBytes(clip, WavEncoding.FLOAT_32);
            case FLAC -> FlacFile.toBytes(clip, 16);
            case PCM -> RawPcm.toBytes(clip, false);
            case PCM_F32 -> RawPcm.toBytes(clip, true);
        };
    }

    public static AudioFormatName parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (AudioFormatName f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw AtelierException.invalidArgument("format", "unknown audio format " + AtelierException.quote(name)
                + "; use wav, wav24, wav32f, flac, pcm or pcm_f32");
    }

    /** The format a file name's extension asks for (.wav, .flac, .pcm, .raw). */
    public static AudioFormatName forFile(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.endsWith(".flac")) {
            return FLAC;
        }
        if (f.endsWith(".pcm") || f.endsWith(".raw")) {
            return PCM;
        }
        return WAV;
    }
}
