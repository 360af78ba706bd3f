package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;
import io.gankit.engine.Scalars;

import java.util.SplittableRandom;

/**
 * StyleGAN2's modulated convolution (Karras et al. 2020, "Analyzing and Improving the Image Quality
 * of StyleGAN"): each sample's style {@code s (N, in)} scales the kernel's input channels, {@code
 * w'[n,o,i] = w[o,i] s[n,i]}, and demodulation divides each output channel by the norm of its
 * scaled kernel, {@code w''[n,o,i] = w'[n,o,i] / sqrt(sum_i,k w'[n,o,i,k]^2 + 1e-8)}, so every
 * output has unit variance whatever the style (what StyleGAN's adaptive instance norm did, without
 * its droplet artefacts). The weights have an equalised learning rate: standard normals scaled by
 * {@code 1/sqrt(in k k)} on every pass.
 *
 * <p>Computed without a per-sample kernel (the paper's non-grouped form, the same numbers): the
 * input is scaled by the style, convolved with the shared kernel through the kit's {@link
 * Convolutions}, and the output scaled by the demodulation coefficients {@code 1 / sqrt(s^2 .
 * sum_k w^2 + 1e-8)}, a {@code (N, out)} matrix product. Stride 1, zero padding {@code k / 2}, no
 * bias (the synthesis layer adds it after the noise).
 *
 * <p>Inputs {@code (x (N, in, H, W), styles (N, in))}; output {@code (N, out, H, W)}.
 */
public final class ModulatedConv extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float EPSILON = 1e-8f;

    private final int in;
    private final int out;
    private final int kernel;
    private final boolean demodulate;
    private final Parameter weight;

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel the square kernel's side (odd: 3 for the synthesis convolutions, 1 for toRGB)
     * @param demodulate whether to demodulate (StyleGAN2 does, except in toRGB)
     */
    public ModulatedConv(int in, int out, int kernel, boolean demodulate) {
        super(VERSION);
        if (in < 1 || out < 1 || kernel < 1 || kernel % 2 == 0) {
            throw new BadInputException("ModulatedConv(" + in + " -> " + out + ", kernel " + kernel
                    + "); expected positive channels and an odd kernel");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.demodulate = demodulate;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel))
                .build());
    }

    /** Input channels: the width of the styles this convolution takes. */
    public int inChannels() {
        return in;
    }

    /** Sets the weights to standard normals. */
    public void draw(SplittableRandom random) {
        NDArray w = weight.getArray();
        try (NDArray drawn = Gan.normal(w.getManager(), w.getShape(), random)) {
            Layers.fill(w, drawn);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new BadInputException("a modulated convolution takes (images, styles); got "
                    + inputs.size() + " arrays");
        }
        NDArray x = inputs.get(0);
        NDArray styles = inputs.get(1);
        Shape s = x.getShape();
        long n = s.get(0);
        if (s.dimension() != 4 || s.get(1) != in || !styles.getShape().equals(new Shape(n, in))) {
            throw new BadInputException("ModulatedConv(" + in + " -> " + out + ") given images "
                    + s + " and styles " + styles.getShape() + "; expected (N, " + in
                    + ", H, W) and (N, " + in + ")");
        }
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray scaled =
                Layers.inScopeOf(x, Scalars.times(w, 1 / Math.sqrt((double) in * kernel * kernel)));
        NDArray modulated = x.mul(styles.reshape(n, in, 1, 1));
        NDArray y = Convolutions.conv2d(
                modulated, scaled, null, new Shape(1, 1), new Shape(kernel / 2, kernel / 2));
        if (!demodulate) {
            return new NDList(y);
        }
        return new NDList(y.div(norms(scaled, styles).reshape(n, out, 1, 1)));
    }

    /**
     * The demodulation coefficients {@code (N, out)}, {@code 1 / sqrt(sum_i,k (w[o,i,k] s[n,i])^2 +
     * 1e-8)}, of a kernel {@code w (out, in, k, k)} (as applied: after its equalised scale) for
     * styles {@code s (N, in)}.
     */
    public static NDArray demodulation(NDArray w, NDArray styles) {
        NDArray norms = norms(w, styles);
        return norms.onesLike().div(norms);
    }

    /** The norms the demodulation divides by, {@code (N, out)}. */
    private static NDArray norms(NDArray w, NDArray styles) {
        // sum_i,k (w[o,i,k] s[n,i])^2 = sum_i s[n,i]^2 (sum_k w[o,i,k]^2): an (N, out) product
        return styles.square()
                .matMul(w.square().sum(new int[] {2, 3}).transpose())
                .add(EPSILON)
                .sqrt();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
    }

    @Override
    public String toString() {
        return "ModulatedConv(" + in + " -> " + out + ", " + kernel + "x" + kernel
                + (demodulate ? ", demodulated)" : ")");
    }
}
