package dev.atelier.ganvae.train;

import dev.atelier.ganvae.model.Noise;

/**
 * Which examples make batch {@code step}: epochs of a shuffled order, the shuffle a function of
 * (seed, epoch) alone, so a resumed run sees exactly the batches an uninterrupted one would.
 */
final class BatchOrder {
    private final int size;
    private final int batch;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] order;

    BatchOrder(int size, int batch, long seed) {
        this.size = size;
        this.batch = batch;
        this.seed = seed;
    }

    int[] indices(long step) {
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            long position = step * batch + b;
            out[b] = permutation(position / size)[(int) (position % size)];
        }
        return out;
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            var rng = Noise.random(seed ^ 0x5EED0DE5L, epoch);
            order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedEpoch = epoch;
        }
        return order;
    }
}
