package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model's trainable arrays by name, in creation order. Names are the GGUF tensor names of
 * GPT-2 ({@code token_embd.weight}, {@code blk.0.attn_qkv.weight}, …) so export is a plain copy;
 * a linear weight is [out, in] row-major as in PyTorch, which GGUF writes as ne = [in, out].
 *
 * <p>Initial values come from a Java {@link SplittableRandom} seeded by the caller, so the same
 * seed gives the same model on any engine or device.
 */
public final class ParameterStore {
    private final NDManager manager;
    private final SplittableRandom random;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public ParameterStore(NDManager manager, long seed) {
        this.manager = manager;
        this.random = new SplittableRandom(seed);
    }

    /** A new array drawn from N(0, std²). */
    public NDArray normal(String name, float std, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (nextGaussian() * std);
        }
        return add(name, v, shape);
    }

    /** A new array filled with {@code value}. */
    public NDArray constant(String name, float value, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        java.util.Arrays.fill(v, value);
        return add(name, v, shape);
    }

    private NDArray add(String name, float[] values, long... shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        // create() wraps Java memory without copying; a parameter lives for the whole run, so it
        // gets storage of PyTorch's own (a copy), independent of the Java buffer's lifetime.
        NDArray wrapped = manager.create(values, new Shape(shape));
        NDArray a = wrapped.duplicate();
        wrapped.close();
        a.setName(name);
        arrays.put(name, a);
        return a;
    }

    private double nextGaussian() {
        // Box-Muller on SplittableRandom, whose sequence is fixed across JDKs.
        double u = 1.0 - random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * w);
    }

    public NDManager manager() {
        return manager;
    }

    /** Every parameter by name, in creation order (read-only view). */
    public Map<String, NDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }
}
