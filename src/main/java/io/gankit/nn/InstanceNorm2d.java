package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;

/**
 * Instance normalisation (Ulyanov et al. 2016), as PyTorch's {@code nn.InstanceNorm2d}: each image's
 * each channel is normalised over its own pixels, {@code (x - mean) / sqrt(var + eps)} with the
 * biased variance, then optionally scaled and shifted per channel ({@code affine}: gamma from 1,
 * beta from 0). No running statistics: training and sampling normalise the same way, which is why
 * image-to-image generators (pix2pix, CycleGAN) use it instead of batch norm, whose batch of one
 * at test time would differ from training.
 */
public final class InstanceNorm2d extends AbstractBlock {
    private static final byte VERSION = 1;
    /** PyTorch's default. */
    public static final double EPSILON = 1e-5;

    private final Parameter gamma;
    private final Parameter beta;

    /** Instance norm, with a learned per-channel scale and shift when {@code affine}. */
    public InstanceNorm2d(boolean affine) {
        super(VERSION);
        gamma = affine
                ? addParameter(Parameter.builder()
                        .setName("gamma")
                        .setType(Parameter.Type.GAMMA)
                        .build())
                : null;
        beta = affine
                ? addParameter(Parameter.builder()
                        .setName("beta")
                        .setType(Parameter.Type.BETA)
                        .build())
                : null;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        if (gamma != null) {
            gamma.setShape(new Shape(inputs[0].get(1)));
            beta.setShape(new Shape(inputs[0].get(1)));
        }
    }

    /** {@code x (B, C, H, W)} normalised per image and channel, attached to {@code x}'s manager. */
    public static NDArray normalise(NDArray x) {
        if (x.getShape().dimension() != 4) {
            throw new BadInputException("InstanceNorm2d input of shape " + x.getShape()
                    + "; expected (batch, channels, height, width)");
        }
        Shape s = x.getShape();
        // the engine reduces over one axis at a time: each plane as one row of H x W values
        NDArray planes = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        NDArray centred = planes.sub(planes.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        return centred.div(variance.add(EPSILON).sqrt()).reshape(s);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = normalise(x);
        if (gamma == null) {
            return new NDList(y);
        }
        long c = x.getShape().get(1);
        NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, c, 1, 1);
        NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, c, 1, 1);
        return new NDList(y.mul(Layers.inScopeOf(x, g)).add(Layers.inScopeOf(x, b)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    public String toString() {
        return "InstanceNorm2d(affine " + (gamma != null) + ")";
    }
}
