package io.gankit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.gankit.BadInputException;

/**
 * The original WGAN's way to keep the critic Lipschitz (Arjovsky et al., 2017): after every critic
 * update, clamp each trained parameter into {@code [-c, c]} (the paper uses c = 0.01).
 */
public final class WeightClipping {
    /** The paper's clipping bound. */
    public static final double PAPER_BOUND = 0.01;

    private WeightClipping() {}

    /**
     * Clamps, in place, every parameter of {@code block} that is trained (BatchNorm running
     * statistics are not) into {@code [-bound, bound]}. Call it after the optimizer step, outside
     * any {@code GradientCollector}.
     */
    public static void clip(Block block, double bound) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new BadInputException("weight clipping bound " + bound
                    + "; expected a positive number (the paper uses 0.01)");
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            try (NDArray clipped = array.clip(-bound, bound)) {
                array.set(clipped.toByteBuffer());
            }
        }
    }
}
