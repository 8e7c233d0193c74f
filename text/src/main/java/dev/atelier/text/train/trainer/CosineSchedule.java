package dev.atelier.text.train.trainer;

/**
 * The learning rate at each step: linear warm-up from 0 to {@code max} over {@code warmup} steps,
 * then half a cosine down to {@code min} at step {@code total}, as nanoGPT's {@code get_lr}.
 */
public record CosineSchedule(float max, float min, int warmup, int total) {

    public float at(int step) {
        if (step < warmup) {
            return max * (step + 1) / warmup;
        }
        if (step >= total) {
            return min;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return (float) (min + 0.5 * (1 + Math.cos(Math.PI * progress)) * (max - min));
    }
}
