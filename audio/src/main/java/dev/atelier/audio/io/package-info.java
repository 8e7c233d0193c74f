/** Audio files: WAV reading and writing (16/24-bit PCM, 32-bit float). */
package dev.atelier.audio.io;
