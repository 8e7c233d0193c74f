package dev.atelier.audio.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code atelier audio}: synthesise music and sounds, speak text, analyse audio files. */
@Command(name = "audio", mixinStandardHelpOptions = true,
        description = {"Synthesise audio from text prompts, JSON scores, MIDI files and ABC tunes; speak text;",
                "analyse audio files (pitch, onsets, loudness). Everything runs offline on the CPU."},
        subcommands = {SynthCommand.class, SpeakCommand.class, AnalyzeCommand.class, ComposeCommand.class,
                ComposeCorpusCommand.class, HelpCommand.class})
public final class AudioCommand {
}
