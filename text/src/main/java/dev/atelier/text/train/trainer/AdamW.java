package dev.atelier.text.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.atelier.text.train.gpt.Gpt;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (Loshchilov &amp; Hutter) on NDArrays: Adam's bias-corrected moments, and weight decay
 * applied to the parameter itself (p ← p − lr·λ·p), not folded into the gradient. Only the
 * parameters named in {@code decayed} decay; as in minGPT/nanoGPT, LayerNorm weights, biases and
 * embeddings do not. (DJL's own optimizer decays every parameter.)
 *
 * <p>The moments are kept per parameter name so a checkpoint can store and restore them exactly.
 */
public final class AdamW {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final Set<String> decayed;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long updates;

    public AdamW(Map<String, NDArray> parameters, Set<String> decayed, float beta1, float beta2, float eps, float weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decayed = Set.copyOf(decayed);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            m.put(e.getKey(), e.getValue().zerosLike());
            v.put(e.getKey(), e.getValue().zerosLike());
        }
    }

    /**
     * One update of every parameter from its gradient (already clipped), at learning rate {@code lr}.
     * {@code gradients} must belong to {@code step}'s manager, so temporaries are freed with it.
     */
    public void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients, float lr, NDManager step) {
        updates++;
        float correction1 = (float) (1 - Math.pow(beta1, updates));
        float correction2 = (float) (1 - Math.pow(beta2, updates));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = gradients.get(name);
            NDArray mt = m.get(name);
            NDArray vt = v.get(name);
            // In-place on the moments; every new array starts from g, so it lives in the step's manager.
            mt.muli(beta1).addi(g.mul(1 - beta1));
            vt.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            NDArray denominator = g.zerosLike().addi(vt).divi(correction2).sqrt().addi(eps);
            NDArray delta = g.zerosLike().addi(mt).divi(denominator).muli(lr / correction1);
            if (weightDecay != 0 && decayed.contains(name)) {
                p.muli(1 - lr * weightDecay);
            }
            p.subi(delta);
        }
    }

    public long updates() {
        return updates;
    }

    /** First moments by parameter name (live arrays, for checkpoints). */
    public Map<String, NDArray> firstMoments() {
        return m;
    }

    /** Second moments by parameter name (live arrays, for checkpoints). */
    public Map<String, NDArray> secondMoments() {
        return v;
    }

    /** Restores the state a checkpoint saved. */
    public void restore(Map<String, float[]> first, Map<String, float[]> second, long updateCount) {
        for (String name : m.keySet()) {
            Gpt.copyInto(m.get(name), first.get(name));
            Gpt.copyInto(v.get(name), second.get(name));
        }
        this.updates = updateCount;
    }
}
