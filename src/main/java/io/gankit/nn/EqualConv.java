package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;
import io.gankit.engine.Scalars;

import java.util.SplittableRandom;

/**
 * A 2-D convolution with an equalised learning rate, as {@link EqualLinear} is for a fully
 * connected layer: standard-normal weights scaled by {@code 1 / sqrt(in k k)} on every pass, a
 * bias starting at 0; stride 1, zero padding {@code k / 2}, through the kit's {@link Convolutions}.
 * StyleGAN's discriminator is built of these, so that StyleGAN2's learning rate of 0.002 suits
 * both networks. Weights are drawn by {@link #draw}.
 */
public final class EqualConv extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    public EqualConv(int in, int out, int kernel) {
        super(VERSION);
        if (in < 1 || out < 1 || kernel < 1 || kernel % 2 == 0) {
            throw new BadInputException("EqualConv(" + in + " -> " + out + ", kernel " + kernel
                    + "); expected positive channels and an odd kernel");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .optInitializer(new ConstantInitializer(0))
                .build());
    }

    /** Sets the weights to standard normals and the bias to 0. */
    public void draw(SplittableRandom random) {
        NDArray w = weight.getArray();
        try (NDArray drawn = Gan.normal(w.getManager(), w.getShape(), random);
                NDArray zeros = bias.getArray().zerosLike()) {
            Layers.fill(w, drawn);
            Layers.fill(bias.getArray(), zeros);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != in) {
            throw new BadInputException("EqualConv(" + in + " -> " + out + ") input of shape "
                    + x.getShape() + "; expected (N, " + in + ", H, W)");
        }
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        NDArray scaled =
                Layers.inScopeOf(x, Scalars.times(w, 1 / Math.sqrt((double) in * kernel * kernel)));
        return new NDList(Convolutions.conv2d(
                x, scaled, b, new Shape(1, 1), new Shape(kernel / 2, kernel / 2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
    }

    @Override
    public String toString() {
        return "EqualConv(" + in + " -> " + out + ", " + kernel + "x" + kernel + ")";
    }
}
