package dev.atelier.text.train.gpt;

import java.util.Map;

/**
 * GPT-2's forward pass written out with plain loops in double precision, from the paper and
 * OpenAI's reference code rather than from {@link Gpt}: the independent oracle the DJL model is
 * checked against. Weights are in PyTorch layout ([out, in] row-major linear weights).
 */
final class ReferenceGpt2 {
    private final GptConfig c;
    private final Map<String, float[]> w;

    ReferenceGpt2(GptConfig config, Map<String, float[]> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits [T][V] for one sequence. */
    double[][] logits(int[] tokens) {
        int t = tokens.length;
        int d = c.width();
        double[][] x = new double[t][d];
        float[] wte = w.get("token_embd.weight");
        float[] wpe = w.get("position_embd.weight");
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = wte[tokens[i] * d + j] + wpe[i * d + j];
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "blk." + l + ".";
            double[][] h = layerNorm(x, p + "attn_norm");
            double[][] qkv = linear(h, p + "attn_qkv", d, 3 * d);
            double[][] att = attention(qkv);
            double[][] proj = linear(att, p + "attn_output", d, d);
            add(x, proj);
            double[][] h2 = layerNorm(x, p + "ffn_norm");
            double[][] up = linear(h2, p + "ffn_up", d, 4 * d);
            for (double[] row : up) {
                for (int j = 0; j < row.length; j++) {
                    double v = row[j];
                    row[j] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                }
            }
            add(x, linear(up, p + "ffn_down", 4 * d, d));
        }
        double[][] h = layerNorm(x, "output_norm");
        double[][] out = new double[t][c.vocabularySize()];
        for (int i = 0; i < t; i++) {
            for (int v = 0; v < c.vocabularySize(); v++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += h[i][j] * wte[v * d + j];
                }
                out[i][v] = s;
            }
        }
        return out;
    }

    private double[][] attention(double[][] qkv) {
        int t = qkv.length;
        int d = c.width();
        int hs = c.headSize();
        double[][] y = new double[t][d];
        for (int head = 0; head < c.heads(); head++) {
            int q0 = head * hs;
            int k0 = d + head * hs;
            int v0 = 2 * d + head * hs;
            for (int i = 0; i < t; i++) {
                double[] score = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int e = 0; e < hs; e++) {
                        s += qkv[i][q0 + e] * qkv[j][k0 + e];
                    }
                    score[j] = s / Math.sqrt(hs);
                    max = Math.max(max, score[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    score[j] = Math.exp(score[j] - max);
                    sum += score[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hs; e++) {
                        y[i][q0 + e] += score[j] / sum * qkv[j][v0 + e];
                    }
                }
            }
        }
        return y;
    }

    private double[][] linear(double[][] x, String name, int in, int out) {
        float[] weight = w.get(name + ".weight");
        float[] bias = w.get(name + ".bias");
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int k = 0; k < in; k++) {
                    s += x[i][k] * weight[o * in + k];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String name) {
        float[] gamma = w.get(name + ".weight");
        float[] beta = w.get(name + ".bias");
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= x[i].length;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[i].length;
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = (x[i][j] - mean) / Math.sqrt(var + 1e-5) * gamma[j] + (beta == null ? 0 : beta[j]);
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
