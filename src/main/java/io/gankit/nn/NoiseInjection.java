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

/**
 * StyleGAN's per-pixel noise input (Karras et al. 2019): {@code x + s * noise}, one plane of noise
 * {@code (N, 1, H, W)} shared by every channel and a learned scale {@code s} per channel, starting
 * at 0 (the network decides how much randomness each channel takes; in StyleGAN it gives hair,
 * pores, the stochastic detail that no style controls). The noise is an input, not drawn here, so
 * the caller draws it from its own seeded stream and a resumed run continues exactly.
 *
 * <p>Inputs {@code (x (N, C, H, W), noise (N, 1, H, W))}; output the shape of {@code x}.
 */
public final class NoiseInjection extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final Parameter strength;

    public NoiseInjection(int channels) {
        super(VERSION);
        if (channels < 1) {
            throw new BadInputException(
                    "noise injection into " + channels + " channels; expected 1 or more");
        }
        this.channels = channels;
        strength = addParameter(Parameter.builder()
                .setName("strength")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(channels))
                .optInitializer(new ConstantInitializer(0))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new BadInputException(
                    "noise injection takes (images, noise); got " + inputs.size() + " arrays");
        }
        NDArray x = inputs.get(0);
        NDArray noise = inputs.get(1);
        Shape s = x.getShape();
        Shape expected = new Shape(s.get(0), 1, s.get(2), s.get(3));
        if (s.get(1) != channels || !noise.getShape().equals(expected)) {
            throw new BadInputException("noise injection of " + channels + " channels given images "
                    + s + " and noise " + noise.getShape() + "; expected noise " + expected);
        }
        NDArray scale = store.getValue(strength, x.getDevice(), training);
        NDArray perChannel = Layers.inScopeOf(x, scale.reshape(1, channels, 1, 1));
        return new NDList(x.add(noise.mul(perChannel)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0]};
    }

    @Override
    public String toString() {
        return "NoiseInjection(" + channels + ")";
    }
}
