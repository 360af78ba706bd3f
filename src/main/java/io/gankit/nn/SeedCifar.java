package io.gankit.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

import io.gankit.BadInputException;

/**
 * The seed's convolutional GAN for CIFAR-10 ({@code cifar-seed}), layer for layer.
 *
 * <p>Generator: Linear(latent, 128*S*S), ReLU, reshape to 128xSxS (S = side / 4), Upsample x2,
 * Conv 128-128 3x3 pad 1, BatchNorm, ReLU, Upsample x2, Conv 128-64, BatchNorm, ReLU, Conv 64-C,
 * Tanh. Discriminator: Conv C-32 3x3 stride 2 pad 1, LeakyReLU 0.2, Dropout 0.25, Conv 32-64 s2,
 * ZeroPad (0,1,0,1), BatchNorm, LeakyReLU, Dropout, Conv 64-128 s2, BatchNorm, LeakyReLU, Dropout,
 * Conv 128-256 s1, BatchNorm, LeakyReLU, Dropout, Flatten, Linear(256*5*5, 1) for 32x32 input.
 * The seed's final Sigmoid lives in the loss, so the discriminator ends in a logit. The zero pad
 * comes from the Keras original, whose "same" padding adds the odd row and column at the bottom
 * right; it is what makes the flattened size 256*5*5. PyTorch default initialisation.
 *
 * <p>Each "Upsample x2, Conv 3x3" pair runs as one {@link UpsampleConv2d}: the same weights and
 * the same function, computed at the input's resolution.
 */
public final class SeedCifar implements Architecture {
    /** Dropout rate after every discriminator block. */
    public static final float DROPOUT = 0.25f;

    @Override
    public String name() {
        return "cifar-seed";
    }

    /** The seed's CIFAR-10 code trains with batches of 32. */
    @Override
    public int defaultBatchSize() {
        return 32;
    }

    @Override
    public void validate(ModelSpec spec) {
        if (spec.height() != spec.width() || spec.height() % 4 != 0 || spec.height() < 8) {
            throw new BadInputException(
                    "cifar-seed needs square images whose side is a multiple of 4 "
                            + "(32 for CIFAR-10, 28 for MNIST); got " + spec.height() + "x"
                            + spec.width());
        }
        if (spec.conditional()) {
            throw new BadInputException(
                    "cifar-seed is unconditional; use classes 0 or the conditional-mlp architecture");
        }
    }

    @Override
    public Block generator(ModelSpec spec) {
        int s = spec.height() / 4;
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128L * s * s).build())
                .add(Activation.reluBlock())
                .add(Mlp.reshape(128, s, s))
                .add(new UpsampleConv2d(128))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(new UpsampleConv2d(64))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(spec.channels(), 1))
                .add(Activation.tanhBlock());
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        return new SequentialBlock()
                .add(conv(32, 2))
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                .add(dropout())
                .add(conv(64, 2))
                .add(new ZeroPad2d(0, 1, 0, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                .add(dropout())
                .add(conv(128, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                .add(dropout())
                .add(conv(256, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                .add(dropout())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1).build());
    }

    /** A 3x3 convolution with padding 1. */
    private static Block conv(int filters, int stride) {
        return Conv.of(filters, 3, stride, 1, true);
    }

    private static Block dropout() {
        return Dropout.builder().optRate(DROPOUT).build();
    }
}
