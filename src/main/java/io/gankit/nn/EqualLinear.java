package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Scalars;

import java.util.SplittableRandom;

/**
 * A fully connected layer with an equalised learning rate (Karras et al. 2018, used throughout
 * StyleGAN): the weights are stored as standard normals divided by {@code lrMultiplier} and scaled
 * by {@code lrMultiplier / sqrt(in)} on every forward pass, the bias scaled by {@code lrMultiplier}.
 * Why: Adam's step has the same size for every parameter, so a weight stored at unit scale moves
 * at the same relative speed in every layer whatever its fan-in; a multiplier below 1 (StyleGAN's
 * mapping network uses 0.01) slows one network down without a second optimiser.
 *
 * <p>{@code (N, in)} to {@code (N, out)}. The weights are drawn by {@link #draw}, in Java, from the
 * caller's seed.
 */
public final class EqualLinear extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final float lrMultiplier;
    private final float biasInit;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in input features
     * @param out output features
     * @param lrMultiplier the learning-rate multiplier (1 for an ordinary layer, 0.01 for StyleGAN's
     *     mapping network)
     * @param biasInit the bias's starting value (StyleGAN's style affines start at 1, so that
     *     modulation starts as the identity)
     */
    public EqualLinear(int in, int out, float lrMultiplier, float biasInit) {
        super(VERSION);
        if (in < 1 || out < 1 || !(lrMultiplier > 0)) {
            throw new BadInputException("EqualLinear(" + in + " -> " + out + ", lr multiplier "
                    + lrMultiplier + "); expected positive sizes and multiplier");
        }
        this.in = in;
        this.out = out;
        this.lrMultiplier = lrMultiplier;
        this.biasInit = biasInit;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
    }

    /** Sets the weights to standard normals over the multiplier and the bias to its start value. */
    public void draw(SplittableRandom random) {
        NDArray w = weight.getArray();
        try (NDArray drawn = Gan.normal(w.getManager(), w.getShape(), random);
                NDArray scaled = Scalars.over(drawn, lrMultiplier);
                NDArray b = bias.getArray().onesLike()) {
            Layers.fill(w, scaled);
            Layers.fill(bias.getArray(), Scalars.times(b, biasInit));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != in) {
            throw new BadInputException("EqualLinear(" + in + " -> " + out + ") input of shape "
                    + x.getShape() + "; expected (batch, " + in + ")");
        }
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        NDArray scaled = Layers.inScopeOf(x, Scalars.times(w, lrMultiplier / Math.sqrt(in)));
        NDArray shift = Layers.inScopeOf(x, Scalars.times(b, lrMultiplier));
        return new NDList(x.matMul(scaled.transpose()).add(shift));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), out)};
    }

    @Override
    public String toString() {
        return "EqualLinear(" + in + " -> " + out + ", lr x" + lrMultiplier + ")";
    }
}
