/**
 * Measuring audio: FFT of any length, frequency estimation, harmonic (aliasing) analysis, Welch
 * power spectra, and spectrograms rendered to PNG.
 */
package dev.atelier.audio.analysis;
