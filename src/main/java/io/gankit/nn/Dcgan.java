package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

import io.gankit.BadInputException;

import java.util.SplittableRandom;

/**
 * DCGAN (Radford, Metz and Chintala, 2016) for 32x32 and 28x28 images ({@code dcgan}): transposed
 * convolutions in the generator, strided convolutions in the discriminator, BatchNorm in both
 * (not on the generator's output nor the discriminator's input), ReLU in the generator, LeakyReLU
 * 0.2 in the discriminator, no pooling and no fully connected hidden layers, Tanh output, weights
 * drawn from N(0, 0.02) and BatchNorm scales from N(1, 0.02). No convolution has a bias (each is
 * followed by BatchNorm or is the output layer), as in PyTorch's DCGAN example.
 *
 * <p>32x32: generator z -> 256x4x4 -> 128x8x8 -> 64x16x16 -> Cx32x32, each step a 4x4 transposed
 * convolution of stride 2 and padding 1 (the first of stride 1 from 1x1); the discriminator
 * mirrors it, Cx32x32 -> 64x16x16 -> 128x8x8 -> 256x4x4 -> 1 logit. 28x28: z -> 256x7x7 (7x7 kernel)
 * -> 128x14x14 -> Cx28x28, and Cx28x28 -> 64x14x14 -> 128x7x7 -> 1 logit.
 */
public final class Dcgan implements Architecture {
    /** Standard deviation of the initial weights, as in the paper. */
    public static final double INIT_STD = 0.02;

    @Override
    public String name() {
        return "dcgan";
    }

    /** 64, the size this kit's DCGAN bench and notebooks use on a CPU (the paper: 128). */
    @Override
    public int defaultBatchSize() {
        return 64;
    }

    @Override
    public void validate(ModelSpec spec) {
        if (spec.height() != spec.width() || (spec.height() != 32 && spec.height() != 28)) {
            throw new BadInputException(
                    "dcgan builds 32x32 (CIFAR-10) or 28x28 (MNIST) images; got " + spec.height()
                            + "x" + spec.width());
        }
        if (spec.conditional()) {
            throw new BadInputException(
                    "dcgan is unconditional; use classes 0 or the conditional-mlp architecture");
        }
    }

    @Override
    public Block generator(ModelSpec spec) {
        SequentialBlock g = new SequentialBlock().add(Mlp.reshape(spec.latent(), 1, 1));
        if (spec.height() == 32) {
            g.add(new ConvTranspose2d(256, 4, 1, 0, false))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(new ConvTranspose2d(128, 4, 2, 1, false))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(new ConvTranspose2d(64, 4, 2, 1, false))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        } else {
            g.add(new ConvTranspose2d(256, 7, 1, 0, false))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(new ConvTranspose2d(128, 4, 2, 1, false))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        return g.add(new ConvTranspose2d(spec.channels(), 4, 2, 1, false))
                .add(Activation.tanhBlock());
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        SequentialBlock d = new SequentialBlock()
                .add(conv(64, 4, 2, 1))
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                .add(conv(128, 4, 2, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE));
        if (spec.height() == 32) {
            d.add(conv(256, 4, 2, 1))
                    .add(BatchNorm.builder().build())
                    .add(Activation.leakyReluBlock(Mlp.LEAKY_SLOPE))
                    .add(conv(1, 4, 1, 0));
        } else {
            d.add(conv(1, 7, 1, 0));
        }
        return d.add(Blocks.batchFlattenBlock());
    }

    @Override
    public void initialize(Block generator, Block discriminator, SplittableRandom random) {
        normalInit(generator, random.split());
        normalInit(discriminator, random.split());
    }

    /**
     * The paper's initialisation: weights of rank 2 or more from N(0, 0.02), BatchNorm scales from
     * N(1, 0.02), biases and BatchNorm shifts 0. Running statistics keep their start (mean 0, var 1).
     */
    public static void normalInit(Block block, SplittableRandom random) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray array = param.getArray();
            switch (param.getType()) {
                case WEIGHT -> {
                    if (array.getShape().dimension() >= 2) {
                        fillNormal(array, 0, INIT_STD, random);
                    }
                }
                case GAMMA -> fillNormal(array, 1, INIT_STD, random);
                case BETA, BIAS -> array.set(new float[Math.toIntExact(array.size())]);
                default -> {}
            }
        }
    }

    private static void fillNormal(
            NDArray array, double mean, double std, SplittableRandom random) {
        try (NDArray draws = Gan.normal(array.getManager(), array.getShape(), random)) {
            float[] values = draws.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (mean + std * values[i]);
            }
            array.set(values);
        }
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv.of(filters, kernel, stride, padding, false);
    }
}
