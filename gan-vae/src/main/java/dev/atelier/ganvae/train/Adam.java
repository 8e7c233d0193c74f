package dev.atelier.ganvae.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2014), written out so its state (step count, first and second moments) can be
 * saved in a checkpoint and training resumes exactly. DCGAN uses lr 2e-4, β1 0.5, β2 0.999.
 * Call {@link #step()} after the backward pass, outside the gradient collector; it also zeroes
 * the gradients.
 */
public final class Adam {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon = 1e-8;
    private long t;

    public Adam(double learningRate, double beta1, double beta2, Block... blocks) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        for (Block block : blocks) {
            add(block);
        }
    }

    private void add(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                NDArray w = parameter.getArray();
                w.setRequiresGradient(true);
                parameters.add(parameter);
                NDArray m = w.zerosLike();
                NDArray v = w.zerosLike();
                NDScope.unregister(m, v);
                means.add(m);
                variances.add(v);
            }
        }
    }

    /**
     * Marks every parameter array as needing a gradient again: loading parameters (a resumed
     * checkpoint) replaces the arrays the constructor marked.
     */
    public void reattach() {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /** Sets every gradient to zero; only after a backward pass has reached all parameters. */
    public void zeroGradients() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                g.muli(0);
            }
        }
    }

    /** One update: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², w ← w − lr m̂ / (√v̂ + ε); then g ← 0. */
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray g = w.getGradient();
                NDArray m = means.get(i);
                NDArray v = variances.get(i);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denominator = v.div(correction2).sqrt().addi(epsilon);
                w.subi(m.div(correction1).divi(denominator).muli(learningRate));
                g.muli(0);
            }
        }
    }

    /** Changes the step size (a schedule); the moments are kept. */
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public long steps() {
        return t;
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeLong(t);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            byte[] moments = new NDList(means.get(i), variances.get(i)).encode();
            out.writeInt(moments.length);
            out.write(moments);
        }
    }

    public void load(DataInputStream in, NDManager manager) throws IOException {
        t = in.readLong();
        int n = in.readInt();
        if (n != parameters.size()) {
            throw new IOException("optimizer state for " + n + " parameters, the network has " + parameters.size());
        }
        for (int i = 0; i < n; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            NDList moments = NDList.decode(manager, bytes);
            NDScope.unregister(moments);
            means.get(i).close();
            variances.get(i).close();
            means.set(i, moments.get(0));
            variances.set(i, moments.get(1));
        }
    }
}
