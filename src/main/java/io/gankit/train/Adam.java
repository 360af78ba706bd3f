package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

import io.gankit.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam for one network, with state the kit can save and restore (DJL's own Adam keeps its moments
 * private, so a resumed run could not continue it exactly). The update itself is the PyTorch
 * engine's fused kernel; the moments live in this optimiser's own manager.
 */
public final class Adam implements AutoCloseable {
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager manager;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private long steps;

    /** An optimiser over every trainable parameter of {@code block}, state in a sub-manager of {@code parent}. */
    public Adam(Block block, NDManager parent, double learningRate, double beta1, double beta2) {
        this.manager = parent.newSubManager();
        this.learningRate = (float) learningRate;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                Parameter param = p.getValue();
                parameters.add(param);
                means.add(manager.zeros(param.getArray().getShape()));
                variances.add(manager.zeros(param.getArray().getShape()));
            }
        }
    }

    /** Applies one update from the gradients the parameters hold, then zeroes those gradients. */
    public void step() {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        for (int i = 0; i < parameters.size(); i++) {
            PtNDArray weight = (PtNDArray) parameters.get(i).getArray();
            try (PtNDArray grad = weight.getGradient()) {
                JniUtils.adamUpdate(
                        weight,
                        grad,
                        (PtNDArray) means.get(i),
                        (PtNDArray) variances.get(i),
                        learningRate,
                        stepSize,
                        0f,
                        1f,
                        -1f,
                        beta1,
                        beta2,
                        EPSILON,
                        false);
            }
            JniUtils.zeroGrad(weight);
        }
    }

    /**
     * Throws a {@link BadInputException} naming the values unless the learning rate is positive
     * and both betas lie in [0, 1): the check every game's builder makes before it builds.
     */
    public static void requireSettings(double learningRate, double beta1, double beta2) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new BadInputException("Adam with learning rate " + learningRate + " and betas "
                    + beta1 + ", " + beta2 + "; expected a positive rate and betas in [0, 1)");
        }
    }

    /**
     * Stops (or restarts) gradient tracking of this optimiser's parameters, so a backward pass
     * through the network neither changes their gradients nor spends time computing them. Only the
     * trainable parameters are touched (DJL's own freeze would make batch-norm running statistics
     * require gradients when unfreezing).
     */
    public void freeze(boolean frozen) {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(!frozen);
        }
    }

    /** Updates applied so far. */
    public long steps() {
        return steps;
    }

    /** The moments, means first, as bytes (DJL's NDList encoding). */
    public byte[] encodeState() {
        NDList state = new NDList();
        state.addAll(means);
        state.addAll(variances);
        return state.encode();
    }

    /** Restores moments written by {@link #encodeState()} and the update count. */
    public void restoreState(byte[] encoded, long steps) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            NDList state = NDList.decode(scratch, new ByteArrayInputStream(encoded));
            if (state.size() != 2 * parameters.size()) {
                throw new IOException("optimizer state holds " + state.size() + " arrays; expected "
                        + 2 * parameters.size() + " for this network");
            }
            for (int i = 0; i < parameters.size(); i++) {
                copyInto(means.get(i), state.get(i));
                copyInto(variances.get(i), state.get(parameters.size() + i));
            }
        }
        this.steps = steps;
    }

    private static void copyInto(NDArray target, NDArray source) throws IOException {
        if (!target.getShape().equals(source.getShape())) {
            throw new IOException("optimizer state of shape " + source.getShape() + "; expected "
                    + target.getShape());
        }
        target.set(source.toByteBuffer());
    }

    @Override
    public void close() {
        manager.close();
    }
}
