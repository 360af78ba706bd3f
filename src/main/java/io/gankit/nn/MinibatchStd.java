package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Minibatch standard deviation (Karras et al., "Progressive Growing of GANs", 2018): appends one
 * feature, the same for every sample of the batch, equal to the standard deviation of each feature
 * over the batch averaged over features. A generator that puts its whole batch on one mode makes
 * this feature small where real batches make it large, so the discriminator can see collapse that
 * no single sample shows. {@code (B, F)} becomes {@code (B, F+1)}; {@code (B, C, H, W)} becomes
 * {@code (B, C+1, H, W)}. No parameters.
 */
public final class MinibatchStd extends AbstractBlock {
    private static final float EPSILON = 1e-8f;

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray centred = x.sub(x.mean(new int[] {0}, true));
        // population variance + epsilon, so a batch of one gives sqrt(eps) instead of NaN gradients
        NDArray std = centred.square().mean(new int[] {0}).add(EPSILON).sqrt().mean();
        Shape s = x.getShape();
        Shape featureShape = new Shape(s.get(0), 1);
        for (int i = 2; i < s.dimension(); i++) {
            featureShape = featureShape.add(s.get(i));
        }
        NDArray feature = std.broadcast(featureShape);
        return new NDList(x.concat(feature, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape out = new Shape(s.get(0), s.get(1) + 1);
        for (int i = 2; i < s.dimension(); i++) {
            out = out.add(s.get(i));
        }
        return new Shape[] {out};
    }
}
