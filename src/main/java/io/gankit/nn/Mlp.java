package io.gankit.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * The seed's fully connected GAN: generator {@code latent-256-512-1024-C*H*W} with LeakyReLU(0.2)
 * and Tanh, discriminator {@code C*H*W-512-256-1} with LeakyReLU(0.2), ending in a logit (the
 * seed's Sigmoid lives in the loss).
 */
public final class Mlp implements Architecture {
    /** Hidden widths of the generator, input side first. */
    public static final int[] GENERATOR_HIDDEN = {256, 512, 1024};
    /** Hidden widths of the discriminator, input side first. */
    public static final int[] DISCRIMINATOR_HIDDEN = {512, 256};
    /** Negative slope of every LeakyReLU, as in the seed. */
    public static final float LEAKY_SLOPE = 0.2f;

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public Block generator(ModelSpec spec) {
        return generator(spec.imageSize(), GENERATOR_HIDDEN)
                .add(reshape(spec.channels(), spec.height(), spec.width()));
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        return discriminator(DISCRIMINATOR_HIDDEN);
    }

    /** A generator MLP ending in {@code outputs} Tanh units, before any reshape. */
    public static SequentialBlock generator(int outputs, int... hidden) {
        SequentialBlock net = new SequentialBlock();
        for (int width : hidden) {
            net.add(Linear.builder().setUnits(width).build())
                    .add(Activation.leakyReluBlock(LEAKY_SLOPE));
        }
        return net.add(Linear.builder().setUnits(outputs).build()).add(Activation.tanhBlock());
    }

    /** A discriminator MLP that flattens its input and ends in one logit. */
    public static SequentialBlock discriminator(int... hidden) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int width : hidden) {
            net.add(Linear.builder().setUnits(width).build())
                    .add(Activation.leakyReluBlock(LEAKY_SLOPE));
        }
        return net.add(Linear.builder().setUnits(1).build());
    }

    /** A block reshaping {@code (B, C*H*W)} to {@code (B, C, H, W)}. */
    public static Block reshape(int c, int h, int w) {
        return new LambdaBlock(
                x -> new NDList(x.singletonOrThrow().reshape(-1, c, h, w)), "reshape");
    }
}
