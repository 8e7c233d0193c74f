package dev.atelier.text.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test oracle: Llama, Qwen2 and GPT-2 written with DJL NDArray operations on the PyTorch
 * engine, from the papers and reference code (not from the engine). It runs a whole token
 * sequence at once with a causal mask (no KV cache) and returns the logits of every position.
 * Weights come as float arrays by GGUF tensor name ({@code [rows][cols]}, cols contiguous); the
 * hyper-parameters come from the {@link RandomModelWriter.Shape} the model was written from.
 */
final class DjlReference {

    private final RandomModelWriter.Shape s;
    private final Map<String, float[]> weights;
    private final float ropeTheta;
    private final float eps = 1e-5f;

    DjlReference(RandomModelWriter.Shape shape, Map<String, float[]> weights) {
        this.s = shape;
        this.weights = weights;
        this.ropeTheta = shape.architecture() == Architecture.QWEN2 ? 1_000_000f : 500_000f;
    }

    /** Logits {@code [tokens.length][vocab]}, flattened. */
    float[] logits(int[] tokens) {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray out = s.architecture() == Architecture.GPT2 ? gpt2(m, tokens) : llama(m, tokens);
            return out.toFloatArray();
        }
    }

    private NDArray llama(NDManager m, int[] tokens) {
        int t = tokens.length;
        int dim = s.dim();
        int hd = dim / s.heads();
        NDArray x = embed(m, "token_embd.weight", tokens, dim);
        for (int l = 0; l < s.blocks(); l++) {
            String b = "blk." + l + ".";
            NDArray h = rmsNorm(x, vec(m, b + "attn_norm.weight"));
            NDArray q = linear(m, h, b + "attn_q.weight", s.dim(), dim, b + "attn_q.bias");
            NDArray k = linear(m, h, b + "attn_k.weight", s.kvHeads() * hd, dim, b + "attn_k.bias");
            NDArray v = linear(m, h, b + "attn_v.weight", s.kvHeads() * hd, dim, b + "attn_v.bias");
            q = rope(m, q.reshape(t, s.heads(), hd));
            k = rope(m, k.reshape(t, s.kvHeads(), hd));
            NDArray att = attention(m, q, k, v.reshape(t, s.kvHeads(), hd));
            x = x.add(linear(m, att, b + "attn_output.weight", dim, dim, null));
            h = rmsNorm(x, vec(m, b + "ffn_norm.weight"));
            NDArray gate = linear(m, h, b + "ffn_gate.weight", s.ffn(), dim, null);
            NDArray up = linear(m, h, b + "ffn_up.weight", s.ffn(), dim, null);
            NDArray act = Activation.sigmoid(gate).mul(gate).mul(up);
            x = x.add(linear(m, act, b + "ffn_down.weight", dim, s.ffn(), null));
        }
        x = rmsNorm(x, vec(m, "output_norm.weight"));
        String out = weights.containsKey("output.weight") ? "output.weight" : "token_embd.weight";
        return linear(m, x, out, s.vocab(), dim, null);
    }

    private NDArray gpt2(NDManager m, int[] tokens) {
        int t = tokens.length;
        int dim = s.dim();
        int hd = dim / s.heads();
        int[] positions = new int[t];
        for (int i = 0; i < t; i++) {
            positions[i] = i;
        }
        NDArray x = embed(m, "token_embd.weight", tokens, dim).add(embed(m, "position_embd.weight", positions, dim));
        for (int l = 0; l < s.blocks(); l++) {
            String b = "blk." + l + ".";
            NDArray h = layerNorm(x, vec(m, b + "attn_norm.weight"), vec(m, b + "attn_norm.bias"));
            NDArray qkv = linear(m, h, b + "attn_qkv.weight", 3 * dim, dim, b + "attn_qkv.bias");
            NDList parts = qkv.split(3, 1);
            NDArray att = attention(m, parts.get(0).reshape(t, s.heads(), hd), parts.get(1).reshape(t, s.heads(), hd),
                    parts.get(2).reshape(t, s.heads(), hd));
            x = x.add(linear(m, att, b + "attn_output.weight", dim, dim, b + "attn_output.bias"));
            h = layerNorm(x, vec(m, b + "ffn_norm.weight"), vec(m, b + "ffn_norm.bias"));
            NDArray up = linear(m, h, b + "ffn_up.weight", s.ffn(), dim, b + "ffn_up.bias");
            NDArray gelu = up.mul(0.5f).mul(up.pow(3).mul(0.044715f).add(up).mul((float) Math.sqrt(2 / Math.PI)).tanh().add(1f));
            x = x.add(linear(m, gelu, b + "ffn_down.weight", dim, s.ffn(), b + "ffn_down.bias"));
        }
        x = layerNorm(x, vec(m, "output_norm.weight"), vec(m, "output_norm.bias"));
        String out = weights.containsKey("output.weight") ? "output.weight" : "token_embd.weight";
        return linear(m, x, out, s.vocab(), dim, null);
    }

    private NDArray embed(NDManager m, String name, int[] ids, int dim) {
        float[] table = weights.get(name);
        float[] rows = new float[ids.length * dim];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(table, ids[i] * dim, rows, i * dim, dim);
        }
        return m.create(rows, new Shape(ids.length, dim));
    }

    private NDArray vec(NDManager m, String name) {
        return m.create(weights.get(name));
    }

    /** {@code x · Wᵀ + b} with W stored {@code [out][in]}. */
    private NDArray linear(NDManager m, NDArray x, String name, int out, int in, String bias) {
        NDArray w = m.create(weights.get(name), new Shape(out, in));
        NDArray y = x.matMul(w.transpose());
        if (bias != null && weights.containsKey(bias)) {
            y = y.add(vec(m, bias));
        }
        return y;
    }

    private NDArray rmsNorm(NDArray x, NDArray w) {
        return x.div(x.square().mean(new int[] {-1}, true).add(eps).sqrt()).mul(w);
    }

    private NDArray layerNorm(NDArray x, NDArray w, NDArray b) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        return centered.div(centered.square().mean(new int[] {-1}, true).add(eps).sqrt()).mul(w).add(b);
    }

    /** RoPE on {@code [t][heads][hd]}: Llama GGUF rotates pairs (2i, 2i+1), Qwen2 pairs (i, i + hd/2). */
    private NDArray rope(NDManager m, NDArray x) {
        long t = x.getShape().get(0);
        long heads = x.getShape().get(1);
        int hd = (int) x.getShape().get(2);
        NDArray exponent = m.arange(0f, hd, 2f).div(hd);
        NDArray inv = m.create(ropeTheta).pow(exponent).pow(-1f);
        if (weights.containsKey("rope_freqs.weight")) {
            inv = inv.div(vec(m, "rope_freqs.weight"));
        }
        NDArray angles = m.arange(0f, t, 1f).reshape(t, 1).matMul(inv.reshape(1, hd / 2)).reshape(t, 1, hd / 2);
        NDArray cos = angles.cos();
        NDArray sin = angles.sin();
        if (s.architecture() == Architecture.QWEN2) {
            NDArray x0 = x.get(":, :, 0:" + hd / 2);
            NDArray x1 = x.get(":, :, " + hd / 2 + ":");
            return NDArrays.concat(new NDList(x0.mul(cos).sub(x1.mul(sin)), x0.mul(sin).add(x1.mul(cos))), 2);
        }
        NDArray pairs = x.reshape(t, heads, hd / 2, 2);
        NDArray x0 = pairs.get(":, :, :, 0");
        NDArray x1 = pairs.get(":, :, :, 1");
        return NDArrays.stack(new NDList(x0.mul(cos).sub(x1.mul(sin)), x0.mul(sin).add(x1.mul(cos))), 3).reshape(t, heads, hd);
    }

    /** Causal attention of {@code q [t][heads][hd]} over {@code k, v [t][kvHeads][hd]}; returns {@code [t][heads·hd]}. */
    private NDArray attention(NDManager m, NDArray q, NDArray k, NDArray v) {
        int t = (int) q.getShape().get(0);
        int heads = (int) q.getShape().get(1);
        int hd = (int) q.getShape().get(2);
        int kvHeads = (int) k.getShape().get(1);
        List<NDArray> ks = new ArrayList<>();
        List<NDArray> vs = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            int g = h / (heads / kvHeads);
            ks.add(k.get(":, " + g + ", :"));
            vs.add(v.get(":, " + g + ", :"));
        }
        NDArray kh = NDArrays.stack(new NDList(ks), 0); // [heads][t][hd]
        NDArray vh = NDArrays.stack(new NDList(vs), 0);
        NDArray qh = q.transpose(1, 0, 2);
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = -1e9f;
            }
        }
        NDArray scores = qh.matMul(kh.transpose(0, 2, 1)).div((float) Math.sqrt(hd)).add(m.create(mask, new Shape(t, t)));
        NDArray probs = scores.softmax(-1);
        return probs.matMul(vh).transpose(1, 0, 2).reshape(t, (long) heads * hd);
    }
}
