package dev.atelier.audio.synth;

/** Waveforms of a {@link Lfo}, all spanning −1..+1. */
public enum LfoShape { SINE, TRIANGLE, SQUARE, SAW, SAMPLE_AND_HOLD }
