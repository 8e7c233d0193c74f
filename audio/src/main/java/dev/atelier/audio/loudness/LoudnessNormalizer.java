package dev.atelier.audio.loudness;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;

/**
 * Brings a clip to a target integrated loudness (EBU R128: −23 LUFS for broadcast; about −14 for
 * streaming, the default here) by one static gain, then keeps its true peak under a ceiling
 * (default −1 dBTP): when the gain would push the peaks over, a limiter rides the gain down
 * around them (5 ms ramp, 50 ms release) and a last static trim removes any inter-sample
 * overshoot left; as limiting lowers the loudness, gain and limiting are repeated (up to six
 * rounds) until the loudness is within 0.05 LU of the target. The result says what it measured
 * before and after.
 */
public final class LoudnessNormalizer {
    public static final double DEFAULT_TARGET_LUFS = -14;
    public static final double DEFAULT_CEILING_DBTP = -1;
    private static final int MAX_ROUNDS = 6;

    private LoudnessNormalizer() {
    }

    /** A normalised clip with its measurements. */
    public record Result(Clip clip, double inputLufs, double outputLufs, double gainDb, double outputTruePeakDbtp,
                         boolean limited) {
    }

    public static Result normalize(Clip clip) {
        return normalize(clip, DEFAULT_TARGET_LUFS, DEFAULT_CEILING_DBTP);
    }

    public static Result normalize(Clip clip, double targetLufs, double ceilingDbtp) {
        AudioLimits.checkRange(targetLufs, -70, 0, "target_lufs");
        AudioLimits.checkRange(ceilingDbtp, -20, 0, "ceiling_dbtp");
        double input = LoudnessMeter.integrated(clip);
        if (!Double.isFinite(input)) {
            throw AtelierException.invalidArgument("clip", "the clip is silent or shorter than 400 ms: its loudness"
                    + " cannot be measured");
        }
        double ceiling = Math.pow(10, ceilingDbtp / 20);
        double gainDb = targetLufs - input;
        // Limiting lowers the loudness a little; a few rounds of gain, limit and measure converge.
        Result result = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            result = apply(clip, input, gainDb, ceiling);
            double miss = targetLufs - result.outputLufs();
            if (!result.limited() || Math.abs(miss) <= 0.05 || !Double.isFinite(miss)) {
                break;
            }
            gainDb += miss;
        }
        return result;
    }

    private static Result apply(Clip clip, double input, double gainDb, double ceiling) {
        float g = (float) Math.pow(10, gainDb / 20);
        float[][] out = new float[clip.channelCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = clip.channel(c);
            for (int i = 0; i < out[c].length; i++) {
                out[c][i] *= g;
            }
        }
        boolean limited = false;
        Clip gained = Clip.adopt(clip.sampleRate(), out);
        if (TruePeak.linear(gained) > ceiling) {
            limited = true;
            limit(out, clip.sampleRate(), ceiling);
            gained = Clip.adopt(clip.sampleRate(), out);
            // The limiter works on samples; trim whatever inter-sample overshoot remains.
            double tp = TruePeak.linear(gained);
            if (tp > ceiling) {
                float trim = (float) (ceiling / tp);
                for (float[] ch : out) {
                    for (int i = 0; i < ch.length; i++) {
                        ch[i] *= trim;
                    }
                }
                gained = Clip.adopt(clip.sampleRate(), out);
            }
        }
        return new Result(gained, input, LoudnessMeter.integrated(gained), gainDb, TruePeak.dbtp(gained), limited);
    }

    /**
     * A linked-channel limiter: the gain needed at each sample (ceiling over the peak across
     * channels, 0.5 dB of margin for what lies between samples) is spread backwards over 5 ms so
     * it ramps down before a peak instead of clipping it, and recovers with a 50 ms time constant.
     */
    private static void limit(float[][] x, int sr, double ceiling) {
        int n = x[0].length;
        double target = ceiling * Math.pow(10, -0.5 / 20);
        double[] need = new double[n];
        for (int i = 0; i < n; i++) {
            double peak = 0;
            for (float[] ch : x) {
                peak = Math.max(peak, Math.abs(ch[i]));
            }
            need[i] = peak > target ? target / peak : 1;
        }
        int attack = Math.max(1, (int) Math.round(0.005 * sr));
        // Backward pass: a ramp that reaches each required gain by its sample.
        double[] gain = new double[n];
        double g = 1;
        for (int i = n - 1; i >= 0; i--) {
            g = Math.min(need[i], g + (1 - g) / attack);
            gain[i] = g;
        }
        // Forward pass: release slowly.
        double release = Math.exp(-1.0 / (0.05 * sr));
        double e = 1;
        for (int i = 0; i < n; i++) {
            e = Math.min(gain[i], 1 - (1 - e) * release);
            for (float[] ch : x) {
                ch[i] *= (float) e;
            }
        }
    }
}
