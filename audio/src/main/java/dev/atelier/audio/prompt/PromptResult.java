package dev.atelier.audio.prompt;

import dev.atelier.audio.Clip;
import dev.atelier.audio.score.Score;
import java.util.List;

/**
 * What a prompt was read as: the score, the exact length asked for (seconds), a one-line
 * description of the interpretation, and the words the grammar did not know (reported, not
 * silently dropped).
 */
public record PromptResult(Score score, double seconds, String interpretation, List<String> unknownWords) {
    public PromptResult {
        unknownWords = List.copyOf(unknownWords);
    }

    /** Renders the score and cuts (with a 50 ms fade) or pads it to exactly {@link #seconds()}. */
    public Clip render(int sampleRate) {
        Clip full = score.render(sampleRate);
        int frames = (int) Math.round(seconds * sampleRate);
        int fade = Math.min(frames, (int) Math.round(0.05 * sampleRate));
        float[][] out = new float[full.channelCount()][frames];
        for (int c = 0; c < out.length; c++) {
            float[] src = full.channel(c);
            int n = Math.min(frames, src.length);
            System.arraycopy(src, 0, out[c], 0, n);
            if (src.length > frames) {
                for (int i = 0; i < fade; i++) {
                    out[c][frames - 1 - i] *= (float) i / fade;
                }
            }
        }
        return Clip.adopt(sampleRate, out);
    }
}
